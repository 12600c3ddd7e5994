import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../../src/kafka/protocol/codec.js'
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
  offsetCommitRequest,
  offsetDeleteRequest,
  offsetFetchRequest,
} from '../../../../src/kafka/protocol/group-offsets-requests.js'
import {
  consumerGroupDescribeRequest,
  describeGroupsRequest,
  listGroupsRequest,
} from '../../../../src/kafka/protocol/groups-requests.js'

const body = (request: { body: (w: Writer) => void }) => {
  const w = new Writer()
  request.body(w)
  return w.buffer.toString('hex')
}
const decode = <T>(request: { decode: (r: Reader) => T }, write: (w: Writer) => void): T => {
  const w = new Writer()
  write(w)
  return request.decode(new Reader(Buffer.from(w.buffer)))
}

describe('group requests: versions both Kafka 3.9 and 4.1 accept', () => {
  it('FindCoordinator v4 batches keys', () => {
    const request = findCoordinatorsRequest(['a', 'bc'])
    expect([request.apiKey, request.apiVersion, request.flexible]).toEqual([10, 4, true])
    expect(body(request)).toBe('00' + '03' + '0261' + '036263' + '00')
    const found = decode(request, (w) =>
      w
        .int32(0)
        .compactArray(
          [
            ['a', 1],
            ['bc', 2],
          ] as const,
          (x, [k, id]) =>
            x.compactString(k).int32(id).compactString('h').int32(9092).int16(0).compactString(null).tags(),
        )
        .tags(),
    )
    expect(found).toEqual([
      { key: 'a', nodeId: 1, host: 'h', port: 9092, errorCode: 0, errorMessage: null },
      { key: 'bc', nodeId: 2, host: 'h', port: 9092, errorCode: 0, errorMessage: null },
    ])
  })

  it('FindCoordinator for one key (a transactional id) is the same request, answered for that key', () => {
    const request = findCoordinatorRequest('tx', CoordinatorType.transaction)
    expect([request.apiKey, request.apiVersion, request.flexible]).toEqual([10, 4, true])
    expect(body(request)).toBe('01' + '02' + '037478' + '00')
    const found = decode(request, (w) =>
      w
        .int32(0)
        .compactArray(['tx'], (x, k) =>
          x.compactString(k).int32(-1).compactString('').int32(-1).int16(15).compactString('loading').tags(),
        )
        .tags(),
    )
    expect(found).toEqual({
      key: 'tx',
      nodeId: -1,
      host: '',
      port: -1,
      errorCode: 15,
      errorMessage: 'loading',
    })
  })

  it('ListGroups v5 sends the types filter, v4 does not', () => {
    expect(body(listGroupsRequest(5, ['Stable'], ['consumer']))).toBe(
      `02${Buffer.from('\x07Stable').toString('hex')}02${Buffer.from('\x09consumer').toString('hex')}00`,
    )
    expect(body(listGroupsRequest(4, [], ['consumer']))).toBe('0100')
    const listed = decode(listGroupsRequest(5, [], []), (w) =>
      w
        .int32(0)
        .int16(0)
        .compactArray(['g'], (x, g) =>
          x.compactString(g).compactString('consumer').compactString('Empty').compactString('classic').tags(),
        )
        .tags(),
    )
    expect(listed).toEqual({
      errorCode: 0,
      groups: [{ groupId: 'g', protocolType: 'consumer', state: 'Empty', type: 'classic' }],
    })
  })

  it('DescribeGroups v5 and ConsumerGroupDescribe v0 decode members and assignments', () => {
    const classic = decode(describeGroupsRequest(['g']), (w) =>
      w
        .int32(0)
        .compactArray(['g'], (x, g) =>
          x
            .int16(0)
            .compactString(g)
            .compactString('Stable')
            .compactString('consumer')
            .compactString('range')
            .compactArray(['m1'], (y, m) => {
              y.compactString(m).compactString(null).compactString('client').compactString('/1.2.3.4')
              y.uvarint(3).bytes(Buffer.from([0, 0])) // metadata: 2 bytes
              y.uvarint(1) // assignment: empty
              y.tags()
            })
            .int32(-2147483648)
            .tags(),
        )
        .tags(),
    )
    expect(classic[0]).toMatchObject({ groupId: 'g', state: 'Stable', protocol: 'range' })
    expect(classic[0]!.members[0]).toMatchObject({
      memberId: 'm1',
      clientId: 'client',
      clientHost: '/1.2.3.4',
    })

    const uuid = Buffer.alloc(16, 7)
    const consumer = decode(consumerGroupDescribeRequest(['g']), (w) => {
      const assignment = (x: Writer, partitions: number[]) =>
        x
          .compactArray([partitions], (y, ps) =>
            y
              .bytes(uuid)
              .compactString('t')
              .compactArray(ps, (z, p) => z.int32(p))
              .tags(),
          )
          .tags()
      w.int32(0)
        .compactArray(['g'], (x, g) => {
          x.int16(0)
            .compactString(null)
            .compactString(g)
            .compactString('Reconciling')
            .int32(5)
            .int32(4)
            .compactString('uniform')
          x.compactArray(['m'], (y, m) => {
            y.compactString(m)
              .compactString(null)
              .compactString(null)
              .int32(4)
              .compactString('c')
              .compactString('/h')
            y.compactArray(['t'], (z, t) => z.compactString(t)).compactString(null)
            assignment(y, [0])
            assignment(y, [0, 1])
            y.tags()
          })
          x.int32(0).tags()
        })
        .tags()
    })
    expect(consumer[0]).toMatchObject({
      state: 'Reconciling',
      groupEpoch: 5,
      assignmentEpoch: 4,
      assignorName: 'uniform',
    })
    expect(consumer[0]!.members[0]).toMatchObject({
      memberEpoch: 4,
      subscribedTopicNames: ['t'],
      assignment: [{ topic: 't', partitions: [0] }],
      targetAssignment: [{ topic: 't', partitions: [0, 1] }],
    })
  })

  it('OffsetFetch v8 asks for many groups at once; OffsetCommit v8 commits outside a generation', () => {
    const fetch = offsetFetchRequest([
      { groupId: 'g1', partitions: null },
      { groupId: 'g2', partitions: [{ topic: 't', partition: 0 }] },
    ])
    expect([fetch.apiVersion, fetch.flexible]).toEqual([8, true])
    // Two groups; the first with topics null (every partition), then require_stable false and tags.
    expect(body(fetch)).toBe(
      ['03', '036731', '00', '00', '036732', '02', '0274', '02', '00000000', '00', '00', '00', '00'].join(''),
    )
    const offsets = decode(fetch, (w) =>
      w
        .int32(0)
        .compactArray(['g1'], (x, g) =>
          x
            .compactString(g)
            .compactArray(['t'], (y, t) =>
              y
                .compactString(t)
                .compactArray([3], (z, p) =>
                  z.int32(p).int64(42n).int32(-1).compactString('').int16(0).tags(),
                )
                .tags(),
            )
            .int16(0)
            .tags(),
        )
        .tags(),
    )
    expect(offsets).toEqual([
      {
        groupId: 'g1',
        errorCode: 0,
        offsets: [{ topic: 't', partition: 3, offset: 42, leaderEpoch: -1, metadata: '', errorCode: 0 }],
      },
    ])
    const commit = offsetCommitRequest('g', [{ topic: 't', partition: 1, offset: 5 }])
    // group, generation -1, member "", no instance id, one topic with partition 1 at 5, epoch -1, metadata "".
    expect(body(commit)).toBe(
      `0267ffffffff0100${'02'}0274${'02'}00000001${'0000000000000005'}ffffffff01000000`,
    )
    // A consumer's member commits in its generation.
    const inGeneration = offsetCommitRequest('g', [{ topic: 't', partition: 1, offset: 5 }], {
      generationId: 3,
      memberId: 'm',
    })
    expect(body(inGeneration)).toBe(
      `026700000003026d00${'02'}0274${'02'}00000001${'0000000000000005'}ffffffff01000000`,
    )
    // Partitions of a topic go together, in the order given.
    expect(
      body(
        offsetFetchRequest([
          {
            groupId: 'g',
            partitions: [
              { topic: 'a', partition: 2 },
              { topic: 'b', partition: 0 },
              { topic: 'a', partition: 1 },
            ],
          },
        ]),
      ),
    ).toBe(
      [
        '02',
        '0267',
        '03',
        '0261',
        '03',
        '00000002',
        '00000001',
        '00',
        '0262',
        '02',
        '00000000',
        '00',
        '00',
        '00',
        '00',
      ].join(''),
    )
    const del = offsetDeleteRequest('g', [
      { topic: 't', partition: 1 },
      { topic: 't', partition: 2 },
    ])
    expect([del.apiVersion, del.flexible]).toEqual([0, false])
    expect(body(del)).toBe('00016700000001000174000000020000000100000002')
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
