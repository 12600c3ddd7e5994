import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { lagSelection, measureLag } from '../../../src/services/lag.js'
import { FakeGateway, member } from '../../helpers/fake-gateway.js'

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', { partitions: 2 })
  for (const [i, value] of ['a', 'b', 'c', 'd', 'e'].entries())
    gateway.append('orders', 0, null, value, 1000 + i)
  gateway.addGroup('billing', { members: [member('m1', { orders: [0, 1] })], committed: { 'orders:0': 2 } })
  gateway.addGroup('audit', { committed: { 'orders:0': 5 } })
  return gateway
}

describe('lagSelection', () => {
  it('no group named means every group', () => {
    expect(lagSelection({ groups: [], allGroups: false })).toEqual({ groups: [], allGroups: true })
    expect(lagSelection({ groups: ['a'], allGroups: false })).toEqual({ groups: ['a'], allGroups: false })
  })
})

describe('measureLag', () => {
  it('lag per partition, topic and group, sorted by group', async () => {
    const result = await measureLag(cluster(), { groups: [], allGroups: false }, { limits: {}, time: false })
    expect(result.groups.map((g) => [g.group, g.lag, g.partitions, g.members])).toEqual([
      ['audit', 0, 1, 0],
      ['billing', 3, 2, 1],
    ])
    expect(result.partitions.filter((p) => p.group === 'billing').map((p) => [p.partition, p.lag])).toEqual([
      [0, 3],
      [1, null],
    ])
    expect(result.timeLagMethod).toBeNull()
    expect(result.violations).toEqual([])
  })

  it('--max-lag: partitions over the limit are violations', async () => {
    const result = await measureLag(
      cluster(),
      { groups: ['billing'], allGroups: false },
      {
        limits: { maxLag: 2 },
        time: false,
      },
    )
    expect(result.violations.map((v) => [v.group, v.topic, v.partition])).toEqual([['billing', 'orders', 0]])
  })

  it('a committed offset below the log start warns how many records the group never read', async () => {
    const gateway = cluster()
    gateway.partition('orders', 0).earliest = 4
    const result = await measureLag(
      gateway,
      { groups: ['billing'], allGroups: false },
      { limits: {}, time: false },
    )
    expect(result.warnings.map((w) => w.message)).toContain(
      'billing: orders-0: committed offset 2 is below the log start offset 4: 2 records were deleted before the group read them (the consumer will restart from its auto.offset.reset position)',
    )
  })

  it('with --time: the age of the oldest unconsumed record', async () => {
    const gateway = cluster()
    const result = await measureLag(
      gateway,
      { groups: ['billing'], allGroups: false },
      { limits: {}, time: true },
    )
    const p0 = result.partitions.find((p) => p.partition === 0)!
    expect(p0.oldestUnconsumedTimestamp).toBe(1002)
    expect(p0.behindNewestMs).toBe(2)
    expect(result.timeLagMethod).not.toBeNull()
  })

  it('missing named groups and unreadable groups are reported, not thrown', async () => {
    const gateway = cluster()
    gateway.groupErrors.set('audit', new KtkError('AUTHORIZATION_FAILED', 'not authorized'))
    const result = await measureLag(
      gateway,
      { groups: ['nope', 'audit', 'billing'], allGroups: false },
      {
        limits: {},
        time: false,
      },
    )
    expect(result.missing).toEqual(['nope'])
    expect(result.failed.map((f) => [f.group, f.code])).toEqual([['audit', 'AUTHORIZATION_FAILED']])
    expect(result.groups.map((g) => g.group)).toEqual(['billing'])
  })
})
