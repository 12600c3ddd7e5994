import { afterEach, describe, expect, it, vi } from 'vitest'
import { valueBytes } from '../../../../src/core/records.js'
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../../src/kafka/protocol/consumer-protocol.js'
import { SessionConsumer } from '../../../../src/kafka/records/consumer.js'
import { GroupMember } from '../../../../src/kafka/records/group.js'
import type { ScriptedAnswer } from '../../../helpers/scripted-broker.js'
import {
  type ClusterRequest,
  coordinatorAnswer,
  listOffsetsAnswer,
  recordBatch,
  type ScriptedCluster,
  startScriptedCluster,
} from '../../../helpers/scripted-cluster.js'

const ILLEGAL_GENERATION = 22
const REBALANCE_IN_PROGRESS = 27
const MEMBER_ID_REQUIRED = 79

/** How OffsetCommit is answered (undefined: every partition committed). */
let commitAnswer: ((request: ClusterRequest) => unknown) | undefined

/** How long a condition the member reaches by itself (a heartbeat, a rejoin) is polled for: load, not design. */
const POLL = { timeout: 10_000, interval: 5 }

const clusters: ScriptedCluster[] = []
const members: GroupMember[] = []
afterEach(async () => {
  await Promise.all(members.splice(0).map((m) => m.leave()))
  await Promise.all(clusters.splice(0).map((c) => c.close()))
})

/** A group coordinator (node 1) whose answers the test scripts per API; the rest answer as a calm group. */
interface Coordinator {
  join?: (request: ClusterRequest, attempt: number) => unknown
  sync?: (request: ClusterRequest) => unknown
  heartbeat?: (request: ClusterRequest) => number
}

const joined = (memberId: string, generationId: number, leader: string, others: string[] = []) => ({
  errorCode: 0,
  generationId,
  protocolType: 'consumer',
  protocolName: 'range',
  leader,
  memberId,
  members:
    leader === memberId
      ? [memberId, ...others].map((id) => ({ memberId: id, metadata: encodeSubscription(['t']) }))
      : [],
})

/** The assignment the leader gave this member in its SyncGroup, or the one the test hands a follower. */
function syncAnswer(request: ClusterRequest, followerGets: Map<string, number[]>) {
  const mine = (request.body.assignments as { memberId: string; assignment: Uint8Array }[]).find(
    (a) => a.memberId === request.body.memberId,
  )
  return {
    errorCode: 0,
    protocolType: 'consumer',
    protocolName: 'range',
    assignment: mine ? mine.assignment : encodeAssignment(followerGets),
  }
}

function groupAnswer(
  request: ClusterRequest,
  self: ScriptedCluster,
  script: Coordinator,
): ScriptedAnswer | null {
  switch (request.api) {
    case 'FindCoordinator':
      return { response: coordinatorAnswer(request, self) }
    case 'JoinGroup':
      return { response: script.join!(request, self.sent('JoinGroup').length) }
    case 'SyncGroup':
      return { response: script.sync?.(request) ?? syncAnswer(request, new Map([['t', [0]]])) }
    case 'Heartbeat':
      return { response: { errorCode: script.heartbeat?.(request) ?? 0 } }
    case 'OffsetCommit':
      return { response: commitAnswer?.(request) ?? offsetCommitAnswer(request) }
    case 'LeaveGroup':
      return { response: { errorCode: 0, members: [] } }
    default:
      return null
  }
}

async function group(script: Coordinator, partitions = 3) {
  const c = await startScriptedCluster(1, { t: Array(partitions).fill(1) }, (r, self) =>
    groupAnswer(r, self, script),
  )
  clusters.push(c)
  const member = new GroupMember(
    c.session(),
    'g',
    ['t'],
    async (topics) => new Map(topics.map((t) => [t, partitions])),
    undefined,
    { heartbeatMs: 10, backoffMs: 5 },
  )
  members.push(member)
  return { cluster: c, member }
}

const bodies = (c: ScriptedCluster, api: string, keys: string[]) =>
  c.sent(api).map((r) => Object.fromEntries(keys.map((k) => [k, r.body[k]])))

describe('the group member through a scripted coordinator', () => {
  it('joins (member id required first), assigns ranges as the leader, syncs, heartbeats, leaves', async () => {
    const { cluster: c, member } = await group({
      join: (_request, attempt) =>
        attempt === 1
          ? { ...joined('m-1', -1, ''), errorCode: MEMBER_ID_REQUIRED }
          : joined('m-1', 1, 'm-1', ['m-2']),
    })

    expect(await member.join()).toEqual(new Map([['t', [0, 1]]]))

    const joins = c.sent('JoinGroup')
    expect(joins.map((r) => [r.body.groupId, r.body.memberId, r.body.protocolType])).toEqual([
      ['g', '', 'consumer'],
      ['g', 'm-1', 'consumer'],
    ])
    expect(joins[1]!.body.protocols.map((p: { name: string }) => p.name)).toEqual(['range'])
    expect(decodeSubscription(Buffer.from(joins[1]!.body.protocols[0].metadata)).topics).toEqual(['t'])
    const [sync] = c.sent('SyncGroup')
    expect([sync!.body.generationId, sync!.body.memberId]).toEqual([1, 'm-1'])
    const given = (sync!.body.assignments as { memberId: string; assignment: Uint8Array }[]).map((a) => [
      a.memberId,
      decodeAssignment(Buffer.from(a.assignment)),
    ])
    expect(given).toEqual([
      ['m-1', [{ topic: 't', partitions: [0, 1] }]],
      ['m-2', [{ topic: 't', partitions: [2] }]],
    ])
    await vi.waitFor(() => expect(c.sent('Heartbeat').length).toBeGreaterThanOrEqual(2), POLL)
    // The newest versions ktk speaks, as the broker offers them all.
    const versions = ['JoinGroup', 'SyncGroup', 'Heartbeat'].map((api) => c.sent(api)[0]!.version)
    expect(versions).toEqual([9, 5, 4])
    expect(bodies(c, 'Heartbeat', ['groupId', 'generationId', 'memberId'])[0]).toEqual({
      groupId: 'g',
      generationId: 1,
      memberId: 'm-1',
    })
    expect(member.needsRejoin).toBe(false)
    await member.leave()
    const [leave] = c.sent('LeaveGroup')
    expect(leave!.body.groupId).toBe('g')
    expect(leave!.body.members.map((m: { memberId: string }) => m.memberId)).toEqual(['m-1'])
  })

  it('a rebalance in progress: the heartbeat asks for a rejoin, which retries until the new generation', async () => {
    let rebalancing = false
    const { cluster: c, member } = await group({
      join: (_request, attempt) => {
        if (attempt === 1) return joined('m-1', 1, 'm-1')
        if (attempt === 2) return { ...joined('m-1', 1, ''), errorCode: REBALANCE_IN_PROGRESS }
        return joined('m-1', 2, 'm-0')
      },
      heartbeat: (request) => (rebalancing && request.body.generationId === 1 ? REBALANCE_IN_PROGRESS : 0),
    })
    expect(await member.join()).toEqual(new Map([['t', [0, 1, 2]]]))
    rebalancing = true
    await vi.waitFor(() => expect(member.needsRejoin).toBe(true), POLL)

    expect(await member.join()).toEqual(new Map([['t', [0]]]))

    expect(member.needsRejoin).toBe(false)
    expect(bodies(c, 'JoinGroup', ['memberId'])).toEqual([
      { memberId: '' },
      { memberId: 'm-1' },
      { memberId: 'm-1' },
    ])
    expect(bodies(c, 'SyncGroup', ['generationId'])).toEqual([{ generationId: 1 }, { generationId: 2 }])
    expect(c.sent('SyncGroup')[1]!.body.assignments).toEqual([])
    const beats = c.sent('Heartbeat').length
    await vi.waitFor(() => expect(c.sent('Heartbeat').length).toBeGreaterThan(beats + 1), POLL)
    expect(c.sent('Heartbeat').at(-1)!.body.generationId).toBe(2)
    expect(member.needsRejoin).toBe(false)
  })

  it('a commit refused with ILLEGAL_GENERATION is a conflict that says the group moved on', async () => {
    const { cluster: c, member } = await group({ join: () => joined('m-1', 1, 'm-1') })
    await member.join()
    const refuse = (request: ClusterRequest) => ({
      topics: request.body.topics.map((t: { name: string; partitions: { partitionIndex: number }[] }) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: ILLEGAL_GENERATION,
        })),
      })),
    })
    commitAnswer = refuse
    const error = await member.commit([{ topic: 't', partition: 0, offset: 5 }]).catch((e: Error) => e)
    commitAnswer = undefined
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message:
        'cannot commit offsets for group "g": ILLEGAL_GENERATION (the group rebalanced away from this consumer)',
    })
    expect(c.sent('OffsetCommit')).toHaveLength(1)
  })
})

describe('the consumer in a group', () => {
  it('commits only the records handed out and marked processed, with its generation and member id', async () => {
    const c = await startScriptedCluster(1, { t: [1, 1] }, (request, self): ScriptedAnswer | null => {
      switch (request.api) {
        case 'FindCoordinator':
          return { response: coordinatorAnswer(request, self) }
        case 'JoinGroup':
          return { response: joined('m-1', 4, 'm-1') }
        case 'SyncGroup':
          return { response: syncAnswer(request, new Map()) }
        case 'OffsetFetch':
          return { response: offsetFetchAnswer(request) }
        case 'ListOffsets':
          return { response: listOffsetsAnswer(request, (p) => LOGS[p]!.end) }
        case 'Fetch':
          return { response: fetchAnswer(request) }
        case 'OffsetCommit':
          return { response: commitAnswer?.(request) ?? offsetCommitAnswer(request) }
        case 'LeaveGroup':
          return { response: { errorCode: 0, members: [] } }
        default:
          return null
      }
    })
    clusters.push(c)
    const consumer = await SessionConsumer.open(c.session(), {
      topics: ['t'],
      group: 'g',
      start: { kind: 'earliest' },
      exitAtEnd: true,
      isolationLevel: 'read_uncommitted',
      maxBufferedBytes: 1 << 20,
    })
    // Both partitions are fetched in one request; only the first block is handed out.
    await vi.waitFor(() => expect(c.sent('Fetch').length).toBeGreaterThan(0), POLL)
    const block = (await consumer.poll(1000))!
    const values = Array.from({ length: block.count }, (_, i) => `${block.offset[i]}=${valueBytes(block, i)}`)
    expect(values).toEqual(['0=a', '1=b', '2=c'])
    consumer.markProcessed(block.topic, block.partition, block.offset[block.count - 1]! + 1)

    expect(await consumer.commitProcessed()).toEqual([{ topic: 't', partition: block.partition, offset: 3 }])
    const [commit] = c.sent('OffsetCommit')
    expect([commit!.body.groupId, commit!.body.generationIdOrMemberEpoch, commit!.body.memberId]).toEqual([
      'g',
      4,
      'm-1',
    ])
    expect(
      commit!.body.topics.map(
        (t: { name: string; partitions: { partitionIndex: number; committedOffset: bigint }[] }) => [
          t.name,
          t.partitions.map((p) => [p.partitionIndex, p.committedOffset]),
        ],
      ),
    ).toEqual([['t', [[block.partition, 3n]]]])
    await consumer.close()
    expect(c.sent('LeaveGroup')).toHaveLength(1)
  })
})

/** Three records in partition 0, two in partition 1. */
const LOGS = [
  { values: ['a', 'b', 'c'], end: 3 },
  { values: ['x', 'y'], end: 2 },
]

function offsetFetchAnswer(request: ClusterRequest) {
  return {
    groups: request.body.groups.map(
      (g: { groupId: string; topics: { name: string; partitionIndexes: number[] }[] }) => ({
        groupId: g.groupId,
        errorCode: 0,
        topics: g.topics.map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((p) => ({
            partitionIndex: p,
            committedOffset: -1n,
            metadata: null,
            errorCode: 0,
          })),
        })),
      }),
    ),
  }
}

function fetchAnswer(request: ClusterRequest) {
  return {
    responses: request.body.topics.map(
      (t: { topic: string; partitions: { partition: number; fetchOffset: bigint }[] }) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const log = LOGS[p.partition]!
          const records =
            p.fetchOffset === 0n
              ? recordBatch({
                  baseOffset: 0,
                  records: log.values.map((value, offsetDelta) => ({ offsetDelta, value })),
                })
              : null
          return { partitionIndex: p.partition, errorCode: 0, highWatermark: BigInt(log.end), records }
        }),
      }),
    ),
  }
}

function offsetCommitAnswer(request: ClusterRequest) {
  return {
    topics: request.body.topics.map((t: { name: string; partitions: { partitionIndex: number }[] }) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: 0 })),
    })),
  }
}
