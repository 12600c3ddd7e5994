import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import {
  activeGroupError,
  deleteGroups,
  deleteOffsets,
  offsetsToDelete,
  planGroupDeletion,
} from '../../../src/services/group-delete.js'
import { FakeGateway, member, rejected } from '../../helpers/fake-gateway.js'

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', { partitions: 2 })
  gateway.addGroup('idle', { committed: { 'orders:0': 1, 'orders:1': 1, 'gone:3': 4 } })
  gateway.addGroup('live', { members: [member('m1', { orders: [0, 1] })] })
  return gateway
}

describe('planGroupDeletion', () => {
  it('sorts the groups into deletable (empty), active (with members) and missing', async () => {
    const plan = await planGroupDeletion(cluster(), { groups: ['idle', 'live', 'nope'], allGroups: false })
    expect(plan).toEqual({
      deletable: ['idle'],
      active: [{ group: 'live', state: 'Stable', members: ['m1 (client client-m1, host /127.0.0.1)'] }],
      missing: ['nope'],
    })
  })

  it('a refusal says what deleting needs', async () => {
    const gateway = cluster()
    gateway.groupErrors.set('idle', new KtkError('AUTHORIZATION_FAILED', 'not authorized'))
    const error = await rejected(planGroupDeletion(gateway, { groups: ['idle'], allGroups: false }))
    expect(error.hints).toEqual(['deleting a group needs DESCRIBE and DELETE on the group'])
  })
})

describe('deleteGroups', () => {
  it('deletes what it can and reports each failure (a partial failure)', async () => {
    const gateway = cluster()
    const result = await deleteGroups(gateway, ['idle', 'live', 'nope'])
    expect(result.deleted).toEqual(['idle'])
    expect(result.failed).toEqual([
      { group: 'live', code: 'NON_EMPTY_GROUP', message: 'the group is not empty' },
      { group: 'nope', code: 'GROUP_ID_NOT_FOUND', message: 'the group does not exist' },
    ])
    expect(gateway.groups.has('idle')).toBe(false)
  })

  it('nothing to delete sends nothing', async () => {
    const gateway = cluster()
    expect(await deleteGroups(gateway, [])).toEqual({ deleted: [], failed: [], skipped: [], dryRun: false })
    expect(gateway.calls).toEqual([])
  })
})

describe('activeGroupError', () => {
  it('is exit 5, naming each group and its members', () => {
    const error = activeGroupError([{ group: 'live', state: 'Stable', members: ['m1', 'm2'] }], 'delete')
    expect(error).toMatchObject({
      code: 'GROUP_NOT_EMPTY',
      exit: 5,
      message: 'cannot delete: group "live" is Stable with 2 members: m1, m2',
    })
  })
})

describe('offsetsToDelete', () => {
  it('t:0,1 as given; t alone: its partitions and those the group has offsets for (a deleted topic)', async () => {
    const gateway = cluster()
    expect(await offsetsToDelete(gateway, 'idle', ['orders:1'])).toEqual([{ topic: 'orders', partition: 1 }])
    expect(await offsetsToDelete(gateway, 'idle', ['orders', 'gone'])).toEqual([
      { topic: 'gone', partition: 3 },
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
    ])
  })

  it('a topic that neither exists nor has offsets of the group is not found', async () => {
    expect(await rejected(offsetsToDelete(cluster(), 'idle', ['nope']))).toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      exit: 4,
      message: 'topic "nope" does not exist and group "idle" has no offsets for it',
    })
  })
})

describe('deleteOffsets', () => {
  it('deletes the offsets and reports each partition', async () => {
    const gateway = cluster()
    const result = await deleteOffsets(gateway, 'idle', [{ topic: 'orders', partition: 1 }])
    expect(result.partitions).toEqual([
      { topic: 'orders', partition: 1, status: 'deleted', error: null, code: null },
    ])
    expect(gateway.groups.get('idle')!.committed.size).toBe(2)
  })

  it('a group that does not exist is exit 4, with the hint to list groups', async () => {
    expect(
      await rejected(deleteOffsets(cluster(), 'nope', [{ topic: 'orders', partition: 0 }])),
    ).toMatchObject({
      code: 'GROUP_NOT_FOUND',
      exit: 4,
      message: 'consumer group "nope" does not exist',
      hints: ['list groups with: ktk groups list'],
    })
  })

  it('a group subscribed to the topic is exit 5, naming its members and each partition', async () => {
    const error = await rejected(deleteOffsets(cluster(), 'live', [{ topic: 'orders', partition: 0 }]))
    expect(error).toMatchObject({
      code: 'GROUP_NOT_EMPTY',
      exit: 5,
      message:
        'cannot delete offsets of group "live": it is subscribed to orders and has 1 active member: m1 (client client-m1, host /127.0.0.1)',
      details: ['orders-0: the group is subscribed to the topic'],
    })
  })
})
