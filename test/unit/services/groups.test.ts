import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { describeGroups, listGroups, selectGroups } from '../../../src/services/groups.js'
import { FakeGateway, member, rejected } from '../../helpers/fake-gateway.js'

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', { partitions: 2, records: [['a', 'b', 'c', 'd'], ['e']] })
  gateway.addGroup('billing', { members: [member('m1', { orders: [0, 1] })], committed: { 'orders:0': 1 } })
  gateway.addGroup('audit', { committed: { 'orders:0': 4, 'orders:1': 1 } })
  return gateway
}

describe('listGroups', () => {
  it('keeps the states and types asked for, even from brokers that ignore the filter', async () => {
    const gateway = cluster()
    gateway.addGroup('new', { type: 'consumer', members: [member('m2')] })
    expect((await listGroups(gateway, { states: [], types: [] })).map((g) => g.groupId)).toEqual([
      'audit',
      'billing',
      'new',
    ])
    expect((await listGroups(gateway, { states: ['Empty'], types: [] })).map((g) => g.groupId)).toEqual([
      'audit',
    ])
    expect((await listGroups(gateway, { states: [], types: ['consumer'] })).map((g) => g.groupId)).toEqual([
      'new',
    ])
    expect(gateway.callsOf('listGroups')[1]).toEqual([{ states: ['Empty'], types: [] }])
  })
})

describe('selectGroups', () => {
  it('the named groups (once each), or every group with --all-groups; never both, never none', async () => {
    const gateway = cluster()
    expect(await selectGroups(gateway, { groups: ['b', 'a', 'b'], allGroups: false })).toEqual(['b', 'a'])
    expect(await selectGroups(gateway, { groups: [], allGroups: true })).toEqual(['audit', 'billing'])
    expect(await rejected(selectGroups(gateway, { groups: ['a'], allGroups: true }))).toMatchObject({
      code: 'USAGE',
      message: '--group and --all-groups cannot be used together',
    })
    expect(await rejected(selectGroups(gateway, { groups: [], allGroups: false }))).toMatchObject({
      code: 'USAGE',
    })
  })
})

describe('describeGroups', () => {
  it('the offsets view: a row per owned or committed partition, with lag against the log end', async () => {
    const result = await describeGroups(
      cluster(),
      { groups: ['billing', 'audit'], allGroups: false },
      'offsets',
    )
    expect(result.groups.map((g) => [g.group, g.state, g.notice])).toEqual([
      ['audit', 'Empty', "Consumer group 'audit' has no active members."],
      ['billing', 'Stable', null],
    ])
    const billing = result.groups[1]!.offsets!.map((r) => [
      r.partition,
      r.currentOffset,
      r.logEndOffset,
      r.lag,
      r.consumerId,
    ])
    expect(billing).toEqual([
      [0, 1, 4, 3, 'm1'],
      [1, null, 1, null, 'm1'],
    ])
    expect(result.groups[0]!.offsets!.map((r) => r.lag)).toEqual([0, 0])
  })

  it('a named group that does not exist is missing; with --all-groups a dead group is left out', async () => {
    const gateway = cluster()
    gateway.addGroup('gone', { state: 'Dead' })
    const named = await describeGroups(gateway, { groups: ['nope', 'billing'], allGroups: false }, 'state')
    expect(named.missing).toEqual(['nope'])
    expect(named.groups.map((g) => g.group)).toEqual(['billing'])
    const all = await describeGroups(gateway, { groups: [], allGroups: true }, 'state')
    expect(all.missing).toEqual([])
    expect(all.groups.map((g) => g.group)).toEqual(['audit', 'billing'])
  })

  it('the members view lists members; the state view asks for no offsets', async () => {
    const gateway = cluster()
    const result = await describeGroups(gateway, { groups: ['billing'], allGroups: false }, 'members')
    expect(result.groups[0]!.members!.map((m) => m.consumerId)).toEqual(['m1'])
    expect(result.groups[0]!.offsets).toBeUndefined()
    expect(gateway.callsOf('committedOffsets')).toEqual([])
  })

  it('a group that cannot be read is reported as failed, the others still described', async () => {
    const gateway = cluster()
    gateway.groupErrors.set(
      'audit',
      new KtkError('AUTHORIZATION_FAILED', 'not authorized to DESCRIBE group "audit"'),
    )
    const result = await describeGroups(
      gateway,
      { groups: ['audit', 'billing'], allGroups: false },
      'offsets',
    )
    expect(result.failed).toEqual([
      {
        group: 'audit',
        code: 'AUTHORIZATION_FAILED',
        message: 'not authorized to DESCRIBE group "audit"',
        hints: [],
      },
    ])
    expect(result.groups.map((g) => g.group)).toEqual(['billing'])
  })

  it('partitions whose log end is unknown (a deleted topic) are named with the reason', async () => {
    const gateway = cluster()
    gateway.addGroup('old', { committed: { 'deleted:0': 7 } })
    const result = await describeGroups(gateway, { groups: ['old'], allGroups: false }, 'offsets')
    expect(result.unknownPartitions).toEqual([
      { group: 'old', topic: 'deleted', partition: 0, reason: 'UNKNOWN_TOPIC_OR_PARTITION' },
    ])
  })

  it('a request that fails as a whole fails the call', async () => {
    const gateway = cluster()
    gateway.failNext('describeGroups', new KtkError('TIMEOUT', 'no coordinator answered'))
    expect(
      await rejected(describeGroups(gateway, { groups: ['billing'], allGroups: false }, 'state')),
    ).toMatchObject({
      code: 'TIMEOUT',
      exit: 7,
    })
  })
})
