import { describe, expect, it } from 'vitest'
import type { GroupDescription } from '../../../src/core/group-types.js'
import { tpKey } from '../../../src/core/group-types.js'
import {
  assignmentString,
  lagOf,
  memberRows,
  offsetRows,
  stateNotice,
  stateRow,
} from '../../../src/core/group-views.js'

const group = (overrides: Partial<GroupDescription> = {}): GroupDescription => ({
  groupId: 'g',
  type: 'classic',
  protocolType: 'consumer',
  state: 'Stable',
  assignor: 'range',
  coordinator: { id: 2, host: 'b2', port: 9092 },
  members: [],
  groupEpoch: null,
  targetAssignmentEpoch: null,
  ...overrides,
})

const member = (id: string, assignment: { topic: string; partitions: number[] }[]) => ({
  memberId: id,
  groupInstanceId: null,
  clientId: `client-${id}`,
  host: '/10.0.0.1',
  assignment,
  targetAssignment: null,
  memberEpoch: null,
  subscription: [],
})

describe('offsetRows (Kafka collectGroupsOffsets)', () => {
  it('rows for assigned partitions, committed or not, then committed partitions nobody owns', () => {
    const g = group({ members: [member('m1', [{ topic: 'b', partitions: [1, 0] }]), member('m2', [])] })
    const committed = [
      { topic: 'b', partition: 0, offset: 5, leaderEpoch: 3, metadata: '' },
      { topic: 'a', partition: 2, offset: 7, leaderEpoch: null, metadata: '' },
    ]
    const ends = new Map([
      [tpKey('b', 0), 9],
      [tpKey('b', 1), 4],
      [tpKey('a', 2), null],
    ])
    expect(offsetRows(g, committed, ends)).toEqual([
      {
        group: 'g',
        topic: 'a',
        partition: 2,
        currentOffset: 7,
        leaderEpoch: null,
        logEndOffset: null,
        lag: null,
        consumerId: null,
        host: null,
        clientId: null,
      },
      {
        group: 'g',
        topic: 'b',
        partition: 0,
        currentOffset: 5,
        leaderEpoch: 3,
        logEndOffset: 9,
        lag: 4,
        consumerId: 'm1',
        host: '/10.0.0.1',
        clientId: 'client-m1',
      },
      {
        group: 'g',
        topic: 'b',
        partition: 1,
        currentOffset: null,
        leaderEpoch: null,
        logEndOffset: 4,
        lag: null,
        consumerId: 'm1',
        host: '/10.0.0.1',
        clientId: 'client-m1',
      },
    ])
  })

  it('lag is log end minus committed, negative when the log was truncated below the commit', () => {
    expect(lagOf(5, 9)).toBe(4)
    expect(lagOf(12, 9)).toBe(-3)
    expect(lagOf(null, 9)).toBeNull()
    expect(lagOf(-1, 9)).toBeNull()
    expect(lagOf(3, null)).toBeNull()
  })
})

describe('members and state views', () => {
  it('assignment strings as Kafka prints them: topics sorted, partitions sorted, ";" between topics', () => {
    expect(
      assignmentString([
        { topic: 'z', partitions: [3, 1] },
        { topic: 'a', partitions: [0] },
        { topic: 'm', partitions: [] },
      ]),
    ).toBe('a:0;z:1,3')
    expect(assignmentString([])).toBe('')
  })

  it('member rows carry epochs only for consumer groups', () => {
    const classic = memberRows(group({ members: [member('m1', [{ topic: 't', partitions: [0, 1] }])] }))
    expect(classic[0]).toMatchObject({
      partitions: 2,
      currentEpoch: null,
      targetEpoch: null,
      assignment: 't:0,1',
    })
    const consumer = memberRows(
      group({
        type: 'consumer',
        targetAssignmentEpoch: 7,
        members: [
          {
            ...member('m1', [{ topic: 't', partitions: [0] }]),
            memberEpoch: 6,
            targetAssignment: [{ topic: 't', partitions: [0, 1] }],
          },
        ],
      }),
    )
    expect(consumer[0]).toMatchObject({
      currentEpoch: 6,
      targetEpoch: 7,
      assignment: 't:0',
      targetAssignment: 't:0,1',
    })
  })

  it('state row and notices', () => {
    expect(stateRow(group())).toMatchObject({
      coordinator: 'b2:9092  (2)',
      assignmentStrategy: 'range',
      members: 0,
    })
    expect(stateNotice('g', 'Empty')).toBe("Consumer group 'g' has no active members.")
    expect(stateNotice('g', 'Reconciling')).toBe("Consumer group 'g' is rebalancing.")
    expect(stateNotice('g', 'Stable')).toBeNull()
  })
})
