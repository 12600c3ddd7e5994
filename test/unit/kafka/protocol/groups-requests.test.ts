import { describe, expect, it } from 'vitest'
import { Reader, type VersionedRequest, Writer } from '../../../../src/kafka/protocol/codec.js'
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../../src/kafka/protocol/consumer-protocol.js'
import {
  CoordinatorType,
  findCoordinatorRequest,
  findCoordinatorsRequest,
} from '../../../../src/kafka/protocol/coordinator-request.js'
import {
  heartbeatRequest,
  joinGroupRequest,
  leaveGroupRequest,
  syncGroupRequest,
} from '../../../../src/kafka/protocol/group-membership-requests.js'
import {
  groupOffsetFetchRequest,
  offsetCommitRequest,
  offsetDeleteRequest,
  offsetFetchRequest,
} from '../../../../src/kafka/protocol/group-offsets-requests.js'
import {
  consumerGroupDescribeRequest,
  deleteGroupsRequest,
  describeGroupsRequest,
  listGroupsRequest,
} from '../../../../src/kafka/protocol/groups-requests.js'
import { type ApiSchema, decodeMessage, encodeMessage } from '../../../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../../../src/kafka/protocol/messages/index.js'

const schemaOf = (request: VersionedRequest<unknown>) => apisByKey.get(request.apiKey) as ApiSchema
/** The request body as the generated decoder reads it back at that version (what a broker would see). */
const sent = (request: VersionedRequest<unknown>, version: number): Record<string, unknown> => {
  const raw = request.build(version)
  expect(raw.apiVersion).toBe(version)
  const w = new Writer()
  raw.body(w)
  return decodeMessage(schemaOf(request).request, version, Buffer.from(w.buffer)) as Record<string, unknown>
}
/** What ktk makes of a broker's answer, given as the generated response type at that version. */
const answer = <T>(request: VersionedRequest<T>, version: number, response: unknown): T =>
  request
    .build(version)
    .decode(new Reader(Buffer.from(encodeMessage(schemaOf(request).response, version, response))))
const range = (request: VersionedRequest<unknown>) => [request.minVersion, request.maxVersion]

describe('group requests: every version from Kafka 2.1 to 4.4', () => {
  it('FindCoordinator batches keys from v4 (Kafka 3.0); before, one key per request', () => {
    const batched = findCoordinatorsRequest(['a', 'bc'])
    expect(range(batched)).toEqual([4, 6])
    expect(batched.needs).toMatch(/Kafka 3\.0/)
    for (const v of [4, 6]) {
      expect(sent(batched, v)).toMatchObject({ keyType: 0, coordinatorKeys: ['a', 'bc'] })
      const coordinators = [
        { key: 'a', nodeId: 1, host: 'h', port: 9092, errorCode: 0, errorMessage: null },
        { key: 'bc', nodeId: 2, host: 'h', port: 9092, errorCode: 15, errorMessage: 'loading' },
      ]
      expect(answer(batched, v, { throttleTimeMs: 0, coordinators })).toEqual(coordinators)
    }

    const group = findCoordinatorRequest('g', CoordinatorType.group)
    expect(range(group)).toEqual([0, 6])
    expect(sent(group, 0)).toMatchObject({ key: 'g' })
    const found = { key: 'g', nodeId: 3, host: 'b3', port: 9094, errorCode: 0, errorMessage: null }
    expect(answer(group, 0, { errorCode: 0, nodeId: 3, host: 'b3', port: 9094 })).toEqual(found)
    expect(answer(group, 3, { errorCode: 0, errorMessage: null, nodeId: 3, host: 'b3', port: 9094 })).toEqual(
      found,
    )
    expect(answer(group, 6, { coordinators: [found] })).toEqual(found)

    // Key types came in v1: a transactional id's coordinator is never asked for in v0.
    const tx = findCoordinatorRequest('tx', CoordinatorType.transaction)
    expect(range(tx)).toEqual([1, 6])
    expect(sent(tx, 1)).toMatchObject({ key: 'tx', keyType: 1 })
    expect(sent(tx, 6)).toMatchObject({ keyType: 1, coordinatorKeys: ['tx'] })
    // A batched answer without the key is COORDINATOR_NOT_AVAILABLE (retried), not a coordinator.
    expect(answer(tx, 6, { coordinators: [] })).toMatchObject({ key: 'tx', nodeId: -1, errorCode: 15 })
  })

  it('ListGroups: filters only in versions that carry them, and no version without the filter asked for', () => {
    const all = listGroupsRequest([], [])
    expect(range(all)).toEqual([0, 5])
    expect(sent(all, 0)).toEqual({ throttleTimeMs: undefined })
    expect(answer(all, 0, { errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] })).toEqual({
      errorCode: 0,
      groups: [{ groupId: 'g', protocolType: 'consumer', state: '', type: '' }],
    })
    const listed = { groupId: 'g', protocolType: 'consumer', groupState: 'Empty', groupType: 'classic' }
    expect(answer(all, 5, { throttleTimeMs: 0, errorCode: 0, groups: [listed] })).toEqual({
      errorCode: 0,
      groups: [{ groupId: 'g', protocolType: 'consumer', state: 'Empty', type: 'classic' }],
    })

    const byState = listGroupsRequest(['Stable'], [])
    expect(range(byState)).toEqual([4, 5])
    expect(byState.needs).toMatch(/state needs Kafka 2\.6/)
    expect(sent(byState, 4)).toMatchObject({ statesFilter: ['Stable'] })
    expect(sent(byState, 5)).toMatchObject({ statesFilter: ['Stable'], typesFilter: [] })

    const byType = listGroupsRequest([], ['consumer'])
    expect(range(byType)).toEqual([5, 5])
    expect(byType.needs).toMatch(/type needs Kafka 3\.8/)
    expect(sent(byType, 5)).toMatchObject({ statesFilter: [], typesFilter: ['consumer'] })
  })

  it('DescribeGroups v0-v6: members and their bytes; authorized operations asked for in no version', () => {
    const request = describeGroupsRequest(['g'])
    expect(range(request)).toEqual([0, 6])
    expect(sent(request, 0)).toMatchObject({ groups: ['g'] })
    expect(sent(request, 6)).toMatchObject({ groups: ['g'], includeAuthorizedOperations: false })
    const member = {
      memberId: 'm1',
      groupInstanceId: 'static-1',
      clientId: 'client',
      clientHost: '/1.2.3.4',
      memberMetadata: new Uint8Array([0, 0]),
      memberAssignment: new Uint8Array([]),
    }
    const group = {
      errorCode: 0,
      errorMessage: null,
      groupId: 'g',
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'range',
      members: [member],
      authorizedOperations: -2147483648,
    }
    const expected = {
      errorCode: 0,
      groupId: 'g',
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'range',
      members: [
        {
          memberId: 'm1',
          groupInstanceId: 'static-1',
          clientId: 'client',
          clientHost: '/1.2.3.4',
          metadata: Buffer.from([0, 0]),
          assignment: Buffer.alloc(0),
        },
      ],
    }
    expect(answer(request, 6, { throttleTimeMs: 0, groups: [group] })).toEqual([expected])
    // v0 has no instance ids (static membership came in v4).
    const { groupInstanceId: _, ...v0Member } = member
    const { errorMessage: _m, authorizedOperations: _o, ...v0Group } = group
    expect(answer(request, 0, { groups: [{ ...v0Group, members: [v0Member] }] })).toEqual([
      { ...expected, members: [{ ...expected.members[0], groupInstanceId: null }] },
    ])
  })

  it('ConsumerGroupDescribe v0-v1 (Kafka 4.0) decodes members and assignments', () => {
    const request = consumerGroupDescribeRequest(['g'])
    expect(range(request)).toEqual([0, 1])
    expect(sent(request, 1)).toMatchObject({ groupIds: ['g'], includeAuthorizedOperations: false })
    const topicId = Buffer.alloc(16, 7).toString('base64url')
    const assignment = (partitions: number[]) => ({
      topicPartitions: [{ topicId, topicName: 't', partitions }],
    })
    const member = {
      memberId: 'm',
      instanceId: null,
      rackId: null,
      memberEpoch: 4,
      clientId: 'c',
      clientHost: '/h',
      subscribedTopicNames: ['t'],
      subscribedTopicRegex: null,
      assignment: assignment([0]),
      targetAssignment: assignment([0, 1]),
    }
    const group = {
      errorCode: 0,
      errorMessage: null,
      groupId: 'g',
      groupState: 'Reconciling',
      groupEpoch: 5,
      assignmentEpoch: 4,
      assignorName: 'uniform',
      members: [member],
      authorizedOperations: 0,
    }
    for (const v of [0, 1]) {
      const [described] = answer(request, v, {
        throttleTimeMs: 0,
        groups: [{ ...group, members: [v === 1 ? { ...member, memberType: 1 } : member] }],
      })
      expect(described).toMatchObject({
        state: 'Reconciling',
        groupEpoch: 5,
        assignmentEpoch: 4,
        assignorName: 'uniform',
      })
      expect(described!.members[0]).toMatchObject({
        memberEpoch: 4,
        subscribedTopicNames: ['t'],
        assignment: [{ topicId, topic: 't', partitions: [0] }],
        targetAssignment: [{ topicId, topic: 't', partitions: [0, 1] }],
      })
    }
  })

  it('DeleteGroups v0-v3', () => {
    const request = deleteGroupsRequest(['a', 'b'])
    expect(range(request)).toEqual([0, 3])
    for (const v of [0, 3]) {
      expect(sent(request, v)).toMatchObject({ groupsNames: ['a', 'b'] })
      const results = [
        { groupId: 'a', errorCode: 0 },
        { groupId: 'b', errorCode: 68, ...(v >= 3 ? { errorMessage: null } : {}) },
      ]
      expect(answer(request, v, { throttleTimeMs: 0, results })).toEqual([
        { groupId: 'a', errorCode: 0 },
        { groupId: 'b', errorCode: 68 },
      ])
    }
  })

  it('OffsetFetch: many groups from v8 (Kafka 3.0), one group in any version; require_stable only from v7', () => {
    const batched = offsetFetchRequest([
      { groupId: 'g1', partitions: null },
      {
        groupId: 'g2',
        partitions: [
          { topic: 'a', partition: 2 },
          { topic: 'b', partition: 0 },
          { topic: 'a', partition: 1 },
        ],
      },
    ])
    expect(range(batched)).toEqual([8, 9])
    // Partitions of a topic go together, in the order given; null asks for every partition.
    expect(sent(batched, 8)).toMatchObject({
      groups: [
        { groupId: 'g1', topics: null },
        {
          groupId: 'g2',
          topics: [
            { name: 'a', partitionIndexes: [2, 1] },
            { name: 'b', partitionIndexes: [0] },
          ],
        },
      ],
      requireStable: false,
    })
    const partition = {
      partitionIndex: 3,
      committedOffset: 42n,
      committedLeaderEpoch: 7,
      metadata: '',
      errorCode: 0,
    }
    const offset = { topic: 't', partition: 3, offset: 42, leaderEpoch: 7, metadata: '', errorCode: 0 }
    expect(
      answer(batched, 9, {
        throttleTimeMs: 0,
        groups: [
          { groupId: 'g1', topics: [{ name: 't', partitions: [partition] }], errorCode: 0 },
          { groupId: 'g2', topics: [], errorCode: 16 },
        ],
      }),
    ).toEqual([
      { groupId: 'g1', errorCode: 0, offsets: [offset] },
      { groupId: 'g2', errorCode: 16, offsets: [] },
    ])

    const every = groupOffsetFetchRequest('g', null)
    // Every partition (topics null) needs v2.
    expect(range(every)).toEqual([2, 9])
    expect(sent(every, 2)).toEqual({ groupId: 'g', topics: null })
    expect(sent(every, 7)).toEqual({ groupId: 'g', topics: null, requireStable: false })
    expect(sent(every, 9)).toMatchObject({ groups: [{ groupId: 'g', topics: null }] })
    // v2-v4 have no leader epoch (-1), v2+ a group-level error code.
    const { committedLeaderEpoch: _, ...v2Partition } = partition
    expect(answer(every, 2, { topics: [{ name: 't', partitions: [v2Partition] }], errorCode: 14 })).toEqual({
      groupId: 'g',
      errorCode: 14,
      offsets: [{ ...offset, leaderEpoch: -1 }],
    })
    expect(
      answer(every, 9, {
        groups: [{ groupId: 'g', topics: [{ name: 't', partitions: [partition] }], errorCode: 0 }],
      }),
    ).toEqual({ groupId: 'g', errorCode: 0, offsets: [offset] })

    const some = groupOffsetFetchRequest('g', [{ topic: 't', partition: 3 }])
    expect(range(some)).toEqual([1, 9])
    expect(sent(some, 1)).toEqual({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [3] }] })
    expect(answer(some, 1, { topics: [{ name: 't', partitions: [v2Partition] }] })).toEqual({
      groupId: 'g',
      errorCode: 0,
      offsets: [{ ...offset, leaderEpoch: -1 }],
    })
  })

  it('OffsetCommit v2-v9: generation and member in every version, retention only v2-v4, leader epochs from v6', () => {
    const request = offsetCommitRequest('g', [{ topic: 't', partition: 1, offset: 5, leaderEpoch: 3 }])
    expect(range(request)).toEqual([2, 9])
    expect(sent(request, 2)).toEqual({
      groupId: 'g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      retentionTimeMs: -1n,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 1, committedOffset: 5n, committedMetadata: '' }] },
      ],
    })
    const inGeneration = offsetCommitRequest('g', [{ topic: 't', partition: 1, offset: 5 }], {
      generationId: 3,
      memberId: 'm',
    })
    expect(sent(inGeneration, 9)).toMatchObject({
      groupId: 'g',
      generationIdOrMemberEpoch: 3,
      memberId: 'm',
      groupInstanceId: null,
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 1, committedOffset: 5n, committedLeaderEpoch: -1, committedMetadata: '' },
          ],
        },
      ],
    })
    expect(sent(inGeneration, 9)).not.toHaveProperty('retentionTimeMs')
    expect(sent(request, 6)).toMatchObject({
      topics: [{ partitions: [{ committedLeaderEpoch: 3 }] }],
    })
    for (const v of [2, 9]) {
      expect(
        answer(request, v, {
          throttleTimeMs: 0,
          topics: [{ name: 't', partitions: [{ partitionIndex: 1, errorCode: 25 }] }],
        }),
      ).toEqual([{ topic: 't', partition: 1, errorCode: 25 }])
    }
  })

  it('OffsetDelete v0 only, refused by name on brokers before Kafka 2.4', () => {
    const request = offsetDeleteRequest('g', [
      { topic: 't', partition: 1 },
      { topic: 't', partition: 2 },
    ])
    expect(range(request)).toEqual([0, 0])
    expect(request.needs).toMatch(/Kafka 2\.4/)
    expect(sent(request, 0)).toEqual({
      groupId: 'g',
      topics: [{ name: 't', partitions: [{ partitionIndex: 1 }, { partitionIndex: 2 }] }],
    })
    expect(
      answer(request, 0, {
        errorCode: 0,
        throttleTimeMs: 0,
        topics: [{ name: 't', partitions: [{ partitionIndex: 1, errorCode: 0 }] }],
      }),
    ).toEqual({ errorCode: 0, partitions: [{ topic: 't', partition: 1, errorCode: 0 }] })
  })

  it('JoinGroup v1-v9 carries its own deadline beyond the rebalance timeout', () => {
    const metadata = encodeSubscription(['t'])
    const request = joinGroupRequest({
      groupId: 'g',
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 60_000,
      memberId: '',
      protocols: [{ name: 'range', metadata }],
    })
    expect(range(request)).toEqual([1, 9])
    expect(request.deadlineMs).toBeGreaterThan(60_000)
    expect(request.build(9).deadlineMs).toBe(request.deadlineMs)
    for (const v of [1, 9]) {
      expect(sent(request, v)).toMatchObject({
        groupId: 'g',
        sessionTimeoutMs: 30_000,
        rebalanceTimeoutMs: 60_000,
        memberId: '',
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata }],
      })
    }
    // MEMBER_ID_REQUIRED (79, v4+) hands out the id to join again with.
    expect(
      answer(request, 4, {
        throttleTimeMs: 0,
        errorCode: 79,
        generationId: -1,
        protocolName: '',
        leader: '',
        memberId: 'm-1',
        members: [],
      }),
    ).toMatchObject({ errorCode: 79, memberId: 'm-1' })
    expect(
      answer(request, 9, {
        throttleTimeMs: 0,
        errorCode: 0,
        generationId: 2,
        protocolType: 'consumer',
        protocolName: 'range',
        leader: 'm-1',
        skipAssignment: false,
        memberId: 'm-1',
        members: [{ memberId: 'm-1', groupInstanceId: null, metadata }],
      }),
    ).toEqual({
      errorCode: 0,
      generationId: 2,
      protocolName: 'range',
      leader: 'm-1',
      memberId: 'm-1',
      members: [{ memberId: 'm-1', metadata }],
    })
  })

  it('SyncGroup v0-v5, Heartbeat v0-v4, LeaveGroup v0-v5 (one member id below v3)', () => {
    const assignment = encodeAssignment(new Map([['t', [0]]]))
    const sync = syncGroupRequest({
      groupId: 'g',
      generationId: 2,
      memberId: 'm',
      protocolName: 'range',
      assignments: [{ memberId: 'm', assignment }],
    })
    expect(range(sync)).toEqual([0, 5])
    const assignments = [{ memberId: 'm', assignment }]
    expect(sent(sync, 0)).toEqual({ groupId: 'g', generationId: 2, memberId: 'm', assignments })
    expect(sent(sync, 5)).toMatchObject({ protocolType: 'consumer', protocolName: 'range', assignments })
    expect(answer(sync, 0, { errorCode: 0, assignment })).toEqual({ errorCode: 0, assignment })
    expect(
      answer(sync, 5, {
        throttleTimeMs: 0,
        errorCode: 27,
        protocolType: null,
        protocolName: null,
        assignment: new Uint8Array(),
      }),
    ).toEqual({ errorCode: 27, assignment: Buffer.alloc(0) })

    const heartbeat = heartbeatRequest('g', 2, 'm')
    expect(range(heartbeat)).toEqual([0, 4])
    expect(sent(heartbeat, 0)).toEqual({ groupId: 'g', generationId: 2, memberId: 'm' })
    expect(sent(heartbeat, 4)).toEqual({
      groupId: 'g',
      generationId: 2,
      memberId: 'm',
      groupInstanceId: null,
    })
    expect(answer(heartbeat, 0, { errorCode: 27 })).toBe(27)
    expect(answer(heartbeat, 4, { throttleTimeMs: 0, errorCode: 0 })).toBe(0)

    const leave = leaveGroupRequest('g', 'm')
    expect(range(leave)).toEqual([0, 5])
    expect(sent(leave, 2)).toEqual({ groupId: 'g', memberId: 'm' })
    expect(sent(leave, 3)).toEqual({ groupId: 'g', members: [{ memberId: 'm', groupInstanceId: null }] })
    expect(answer(leave, 0, { errorCode: 25 })).toBe(25)
    // From v3 a member's own error counts too.
    expect(
      answer(leave, 5, {
        throttleTimeMs: 0,
        errorCode: 0,
        members: [{ memberId: 'm', groupInstanceId: null, errorCode: 25 }],
      }),
    ).toBe(25)
  })

  it('decodes the consumer protocol: assignment and subscription bytes of classic members', () => {
    const assignment = new Writer()
      .int16(1)
      .array([['t', [0, 2]]] as const, (x, [t, ps]) => x.string(t).array(ps, (y, p) => y.int32(p)))
      .int32(-1)
    expect(decodeAssignment(Buffer.from(assignment.buffer))).toEqual([{ topic: 't', partitions: [0, 2] }])
    const subscription = new Writer()
      .int16(3)
      .array(['a', 'b'], (x, t) => x.string(t))
      .int32(-1)
      .array([['a', [1]]] as const, (x, [t, ps]) => x.string(t).array(ps, (y, p) => y.int32(p)))
      .int32(7)
      .string('rack-1')
    expect(decodeSubscription(Buffer.from(subscription.buffer))).toEqual({
      topics: ['a', 'b'],
      ownedPartitions: [{ topic: 'a', partitions: [1] }],
      rackId: 'rack-1',
    })
    expect(decodeAssignment(Buffer.from([1]))).toEqual([])
  })

  it("encodes a member's subscription and the leader's assignments so that the decoders read them back", () => {
    expect(decodeSubscription(encodeSubscription(['a', 'b']))).toEqual({
      topics: ['a', 'b'],
      ownedPartitions: [],
      rackId: null,
    })
    const assignment = encodeAssignment(
      new Map([
        ['t', [0, 2]],
        ['u', [1]],
      ]),
    )
    // Version 0, two topics, no user data.
    expect(assignment.readInt16BE(0)).toBe(0)
    expect(assignment.subarray(assignment.length - 4).readInt32BE(0)).toBe(-1)
    expect(decodeAssignment(assignment)).toEqual([
      { topic: 't', partitions: [0, 2] },
      { topic: 'u', partitions: [1] },
    ])
  })
})
