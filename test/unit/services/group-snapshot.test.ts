import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { tpKey } from '../../../src/core/group-types.js'
import { recordKey, takeSnapshot } from '../../../src/services/group-snapshot.js'
import { FakeGateway, member } from '../../helpers/fake-gateway.js'

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', { partitions: 2 })
  for (const [i, value] of ['a', 'b', 'c', 'd'].entries()) gateway.append('orders', 0, null, value, 1000 + i)
  gateway.addGroup('billing', { members: [member('m1', { orders: [0, 1] })], committed: { 'orders:0': 1 } })
  return gateway
}

describe('takeSnapshot', () => {
  it('reads the groups, their offsets and the log ends of every owned or committed partition', async () => {
    const gateway = cluster()
    const snapshot = await takeSnapshot(gateway, ['billing'])
    expect(snapshot.groups.get('billing')?.state).toBe('Stable')
    expect(snapshot.committed.get('billing')?.map((c) => [c.topic, c.partition, c.offset])).toEqual([
      ['orders', 0, 1],
    ])
    expect(snapshot.logEnd).toEqual(
      new Map([
        [tpKey('orders', 0), 4],
        [tpKey('orders', 1), 0],
      ]),
    )
    expect(snapshot.logStart.size).toBe(0)
    expect(gateway.callsOf('logOffsets').map((args) => args[1])).toEqual(['latest'])
    expect(gateway.callsOf('recordsAt')).toEqual([])
  })

  it('with times: log starts, newest timestamps and the record at each committed offset that has lag', async () => {
    const gateway = cluster()
    gateway.partition('orders', 0).earliest = 2 // offsets 0 and 1 were deleted
    const snapshot = await takeSnapshot(gateway, ['billing'], { times: true })
    expect(snapshot.logStart.get(tpKey('orders', 0))).toBe(2)
    expect(snapshot.newestTimestamp.get(tpKey('orders', 0))).toBe(1003)
    // Committed 1 is below the log start: the oldest record left (offset 2) is the oldest unconsumed one.
    expect(gateway.callsOf('recordsAt')).toEqual([
      [[{ topic: 'orders', partition: 0, offset: 2, committed: 1 }]],
    ])
    expect(snapshot.records.get(recordKey('orders', 0, 1))).toEqual({
      topic: 'orders',
      partition: 0,
      requested: 1,
      record: { offset: 2, timestamp: 1002, exact: true },
    })
  })

  it('a group that fails in either request is left out of every map and kept in errors', async () => {
    const gateway = cluster()
    gateway.addGroup('audit', { committed: { 'orders:1': 0 } })
    const refused = new KtkError('AUTHORIZATION_FAILED', 'not authorized')
    gateway.groupErrors.set('audit', refused)
    const snapshot = await takeSnapshot(gateway, ['billing', 'audit'])
    expect(snapshot.errors).toEqual(new Map([['audit', refused]]))
    expect([...snapshot.groups.keys()]).toEqual(['billing'])
    expect([...snapshot.committed.keys()]).toEqual(['billing'])
  })
})
