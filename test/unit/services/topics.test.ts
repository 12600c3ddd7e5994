import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { markRefusal } from '../../../src/core/refusal.js'
import {
  alterTopics,
  createTopic,
  deleteTopics,
  describeTopics,
  listTopics,
  planDeletion,
} from '../../../src/services/topics.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'

const all = { names: [], patterns: [], excludeInternal: false, ifExists: false }

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('orders', { partitions: 3, replicationFactor: 2, configs: { 'retention.ms': '1000' } })
  gateway.addTopic('payments', { partitions: 1, records: [['a', 'b', 'c']] })
  gateway.addTopic('__consumer_offsets', { partitions: 2, internal: true })
  return gateway
}

describe('listTopics', () => {
  it('summarises every topic, sorted, internal ones included unless excluded', async () => {
    const gateway = cluster()
    expect(await listTopics(gateway, all)).toEqual([
      {
        name: '__consumer_offsets',
        topicId: 'id-__consumer_offsets',
        internal: true,
        partitionCount: 2,
        replicationFactor: 1,
      },
      { name: 'orders', topicId: 'id-orders', internal: false, partitionCount: 3, replicationFactor: 2 },
      { name: 'payments', topicId: 'id-payments', internal: false, partitionCount: 1, replicationFactor: 1 },
    ])
    const external = await listTopics(gateway, { ...all, excludeInternal: true })
    expect(external.map((t) => t.name)).toEqual(['orders', 'payments'])
  })

  it('a name that matches nothing is not found (exit 4), unless --if-exists', async () => {
    const gateway = cluster()
    const error = await rejected(listTopics(gateway, { ...all, names: ['nope', 'orders'] }))
    expect(error).toMatchObject({ code: 'TOPIC_NOT_FOUND', exit: 4, message: 'topic "nope" does not exist' })
    expect((error as KtkError).hints).toContain('add --if-exists to treat a missing topic as nothing to do')
    const listed = await listTopics(gateway, { ...all, names: ['nope', 'orders'], ifExists: true })
    expect(listed.map((t) => t.name)).toEqual(['orders'])
  })

  it('a named topic the principal may not describe is refused (exit 6), not "not found"', async () => {
    const gateway = cluster()
    gateway.forbiddenTopics.add('orders')
    const error = await rejected(listTopics(gateway, { ...all, names: ['orders'] }))
    expect(error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
    expect(gateway.callsOf('checkTopicAccess')).toEqual([[['orders']]])
  })
})

describe('describeTopics', () => {
  const options = { ...all, healthFilters: [], topicsWithOverrides: false }

  it('shows overrides (not defaults), min ISR and each partition’s offsets and record count', async () => {
    const result = await describeTopics(cluster(), { ...options, names: ['payments', 'orders'] })
    expect(result.topics.map((t) => t.name)).toEqual(['orders', 'payments'])
    const [orders, payments] = result.topics
    expect(orders!.configs.map((c) => [c.name, c.value])).toEqual([['retention.ms', '1000']])
    expect(orders!.minInsyncReplicas).toBe(1)
    expect(payments!.partitions[0]).toMatchObject({
      earliestOffset: 0,
      latestOffset: 3,
      records: 3,
      leader: 1,
    })
    expect(result).toMatchObject({ filters: [], matched: 0 })
  })

  it('health filters keep only the matching partitions and count them', async () => {
    const gateway = cluster()
    gateway.partition('orders', 1).isr = [1]
    const result = await describeTopics(gateway, { ...options, healthFilters: ['under-replicated'] })
    expect(result.topics.map((t) => [t.name, t.partitions.map((p) => p.partition)])).toEqual([
      ['orders', [1]],
    ])
    expect(result).toMatchObject({ filters: ['under-replicated'], matched: 1 })
  })

  it('--topics-with-overrides lists only topics with overrides, without partitions or offsets', async () => {
    const gateway = cluster()
    const result = await describeTopics(gateway, { ...options, topicsWithOverrides: true })
    expect(result.topics.map((t) => [t.name, t.partitions.length])).toEqual([['orders', 0]])
    expect(result).toMatchObject({ filters: ['topics-with-overrides'], matched: 1 })
    expect(gateway.callsOf('partitionOffsets')).toEqual([])
  })
})

describe('createTopic', () => {
  const create = { name: 'events', configs: {}, ifNotExists: false, dryRun: false }

  it('creates the topic and reports what the broker made', async () => {
    const gateway = cluster()
    const result = await createTopic(gateway, { ...create, partitions: 4, replicationFactor: 1 })
    expect(result).toMatchObject({
      topic: 'events',
      created: true,
      existed: false,
      partitions: 4,
      replicationFactor: 1,
    })
    expect(gateway.topics.get('events')?.partitions).toHaveLength(4)
  })

  it('a dry run validates only: nothing is created', async () => {
    const gateway = cluster()
    const result = await createTopic(gateway, { ...create, partitions: 2, dryRun: true })
    expect(result).toMatchObject({ created: false, dryRun: true, partitions: 2 })
    expect(gateway.topics.has('events')).toBe(false)
    expect(gateway.callsOf('createTopics')[0]![1]).toEqual({ validateOnly: true })
  })

  it('an existing topic is a conflict (exit 5), or success with --if-not-exists', async () => {
    const gateway = cluster()
    expect(await rejected(createTopic(gateway, { ...create, name: 'orders' }))).toMatchObject({
      code: 'TOPIC_EXISTS',
      exit: 5,
      message: 'topic "orders" already exists',
    })
    expect(await createTopic(gateway, { ...create, name: 'orders', ifNotExists: true })).toMatchObject({
      created: false,
      existed: true,
      partitions: 3,
      replicationFactor: 2,
    })
    expect(gateway.callsOf('createTopics')).toEqual([])
  })

  it('a topic created meanwhile (the broker says it exists) is success with --if-not-exists', async () => {
    const gateway = cluster()
    gateway.failNext('createTopics', new KtkError('TOPIC_EXISTS', 'topic "events" already exists'))
    expect(await createTopic(gateway, { ...create, ifNotExists: true })).toMatchObject({
      created: false,
      existed: true,
    })
  })

  it('refuses a name that collides with another in metric names, and invalid input before any request', async () => {
    const gateway = cluster()
    gateway.addTopic('my.topic')
    expect(await rejected(createTopic(gateway, { ...create, name: 'my_topic' }))).toMatchObject({
      code: 'CONFLICT',
      exit: 5,
    })
    expect(await rejected(createTopic(gateway, { ...create, partitions: 0 }))).toMatchObject({
      code: 'INVALID_PARTITIONS',
      exit: 2,
    })
    expect(await rejected(createTopic(gateway, { ...create, name: 'bad name' }))).toMatchObject({
      code: 'INVALID_TOPIC_NAME',
    })
    expect(gateway.callsOf('createTopics')).toEqual([])
  })
})

describe('alterTopics', () => {
  const alter = { ...all, names: ['orders'], set: {}, delete: [], dryRun: false }

  it('adds partitions and changes configs, reporting each change with its previous value', async () => {
    const gateway = cluster()
    const result = await alterTopics(gateway, {
      ...alter,
      partitions: 5,
      set: { 'retention.ms': '2000', 'cleanup.policy': 'compact' },
    })
    expect(result.topics).toEqual([
      {
        topic: 'orders',
        partitions: { from: 3, to: 5 },
        configChanges: [
          { name: 'retention.ms', op: 'set', from: '1000', to: '2000' },
          { name: 'cleanup.policy', op: 'set', from: null, to: 'compact' },
        ],
      },
    ])
    expect(gateway.topics.get('orders')!.partitions).toHaveLength(5)
    expect(gateway.topics.get('orders')!.configs).toEqual({
      'retention.ms': '2000',
      'cleanup.policy': 'compact',
    })
  })

  it('refuses a decrease (exit 5) before changing any topic', async () => {
    const gateway = cluster()
    const error = await rejected(
      alterTopics(gateway, { ...alter, names: ['payments', 'orders'], partitions: 2 }),
    )
    expect(error).toMatchObject({ code: 'PARTITION_DECREASE', exit: 5 })
    expect(gateway.callsOf('createPartitions')).toEqual([])
  })

  it('nothing to change, or a key both set and deleted, is a usage error', async () => {
    const gateway = cluster()
    expect(await rejected(alterTopics(gateway, alter))).toMatchObject({
      code: 'USAGE',
      message: 'nothing to change',
    })
    expect(
      await rejected(
        alterTopics(gateway, { ...alter, set: { 'retention.ms': '1' }, delete: ['retention.ms'] }),
      ),
    ).toMatchObject({ code: 'USAGE', message: 'config "retention.ms" is both set and deleted' })
  })
})

describe('planDeletion and deleteTopics', () => {
  it('patterns never match internal topics; names must be given', async () => {
    const gateway = cluster()
    expect(await planDeletion(gateway, { names: [], patterns: ['.*'], ifExists: false })).toEqual({
      topics: ['orders', 'payments'],
    })
    expect(await rejected(planDeletion(gateway, { names: [], patterns: [], ifExists: false }))).toMatchObject(
      {
        code: 'USAGE',
      },
    )
  })

  it('reports the deleted topics and each failure with its exit code (a partial failure)', async () => {
    const gateway = cluster()
    gateway.deleteErrors.set('payments', new KtkError('TIMEOUT', 'the controller did not answer'))
    const result = await deleteTopics(gateway, ['orders', 'payments'])
    expect(result.deleted).toEqual(['orders'])
    expect(result.failed).toEqual([
      { topic: 'payments', code: 'TIMEOUT', exit: 7, message: 'the controller did not answer', hints: [] },
    ])
    expect([...gateway.topics.keys()]).toEqual(['payments', '__consumer_offsets'])
  })

  it('a refusal names the DENY ACL that applies', async () => {
    const gateway = cluster()
    gateway.acls.push({
      resourceType: 'TOPIC',
      resourceName: 'orders',
      patternType: 'LITERAL',
      principal: 'User:bob',
      host: '*',
      operation: 'DELETE',
      permission: 'DENY',
    })
    const refusal = markRefusal(
      new KtkError('AUTHORIZATION_FAILED', 'not authorized to DELETE topic "orders"'),
      {
        operation: 'DELETE',
        resourceType: 'TOPIC',
        resourceName: 'orders',
        principal: 'User:bob',
      },
    )
    gateway.deleteErrors.set('orders', refusal)
    const result = await deleteTopics(gateway, ['orders'])
    expect(result.failed[0]).toMatchObject({ topic: 'orders', code: 'AUTHORIZATION_FAILED', exit: 6 })
    expect(result.failed[0]!.hints.join('\n')).toContain('User:bob')
  })
})
