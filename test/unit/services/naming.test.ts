import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '../../../src/core/naming/index.js'
import { bumpTopic, lintCluster, planBump, topicOverrides } from '../../../src/services/naming.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('prod.shop.order_placed.v1', {
    partitions: 6,
    replicationFactor: 2,
    configs: { 'retention.ms': '1000' },
  })
  gateway.addTopic('prod.shop.order_placed.v2', { partitions: 1 })
  gateway.addTopic('Orders', { partitions: 1 })
  return gateway
}

const all = { names: [], patterns: [], excludeInternal: true, ifExists: false, all: false }

describe('lintCluster', () => {
  it('reports the names that break the policy', async () => {
    const report = await lintCluster(cluster(), DEFAULT_POLICY, all)
    expect(report).toMatchObject({ checked: 3, violating: 1 })
    expect(report.topics.map((t) => t.name)).toEqual(['Orders'])
  })
})

describe('topicOverrides', () => {
  it('only the topic’s own settings, sorted', () => {
    expect(
      topicOverrides([
        { name: 'b', value: '2', source: 'DYNAMIC_TOPIC_CONFIG', sensitive: false, readOnly: false },
        { name: 'c', value: '3', source: 'DEFAULT_CONFIG', sensitive: false, readOnly: false },
        { name: 'a', value: '1', source: 'DYNAMIC_TOPIC_CONFIG', sensitive: false, readOnly: false },
      ]),
    ).toEqual({ a: '1', b: '2' })
  })
})

describe('planBump and bumpTopic', () => {
  it('the next free version, with the same shape and overrides', async () => {
    expect(await planBump(cluster(), 'prod.shop.order_placed.v1', DEFAULT_POLICY)).toEqual({
      from: 'prod.shop.order_placed.v1',
      to: 'prod.shop.order_placed.v3',
      fromVersion: 1,
      toVersion: 3,
      skipped: ['prod.shop.order_placed.v2'],
      partitions: 6,
      replicationFactor: 2,
      configs: { 'retention.ms': '1000' },
    })
  })

  it('a topic without a version, or one that does not exist, is refused', async () => {
    expect(await rejected(planBump(cluster(), 'Orders', DEFAULT_POLICY))).toMatchObject({
      code: 'USAGE',
      message: 'topic "Orders" has no version to bump',
    })
    expect(await rejected(planBump(cluster(), 'prod.shop.nope.v1', DEFAULT_POLICY))).toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      exit: 4,
    })
  })

  it('creates the new version only with execute', async () => {
    const gateway = cluster()
    const planned = await bumpTopic(gateway, 'prod.shop.order_placed.v2', DEFAULT_POLICY, {
      execute: false,
      skipNamingCheck: false,
    })
    expect(planned).toMatchObject({ to: 'prod.shop.order_placed.v3', executed: false, created: null })
    expect(gateway.callsOf('createTopics')).toEqual([])
    const done = await bumpTopic(gateway, 'prod.shop.order_placed.v2', DEFAULT_POLICY, {
      execute: true,
      skipNamingCheck: false,
    })
    expect(done).toMatchObject({
      executed: true,
      created: { topic: 'prod.shop.order_placed.v3', created: true },
    })
    expect(gateway.topics.get('prod.shop.order_placed.v3')?.partitions).toHaveLength(1)
  })
})
