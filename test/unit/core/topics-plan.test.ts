import { describe, expect, it } from 'vitest'
import type { KtkError } from '../../../src/core/errors.js'
import { hasDrift, type LiveTopic, planTopics, type SpecTopic } from '../../../src/core/topics-plan.js'

const live = (topics: LiveTopic[]) => new Map(topics.map((t) => [t.name, t]))
const orders: LiveTopic = {
  name: 'prod.shop.order_placed.v1',
  partitions: 6,
  replicationFactor: 3,
  configs: { 'retention.ms': '86400000', 'segment.ms': '3600000' },
}
const same: SpecTopic = {
  name: orders.name,
  partitions: 6,
  replicationFactor: 3,
  configs: { ...orders.configs },
}

describe('planTopics', () => {
  it('a spec equal to the cluster plans nothing', () => {
    const plan = planTopics([same], live([orders, { ...orders, name: 'other' }]))
    expect(plan).toEqual({ actions: [], differences: [], unchanged: [orders.name], unmanaged: 1 })
    expect(hasDrift(plan)).toBe(false)
  })

  it('plans a creation with sorted configs and the broker default replication when unset', () => {
    const plan = planTopics(
      [
        {
          name: 'dev.a.b.v1',
          partitions: 3,
          configs: { 'retention.ms': '1', 'cleanup.policy': 'compact' },
          location: 'f.yaml:2',
        },
      ],
      live([]),
    )
    expect(plan.actions).toEqual([
      {
        action: 'create',
        topic: 'dev.a.b.v1',
        partitions: 3,
        replicationFactor: null,
        configs: { 'cleanup.policy': 'compact', 'retention.ms': '1' },
        location: 'f.yaml:2',
      },
    ])
  })

  it('plans partition increases and config changes key by key: set, change, return to default', () => {
    const plan = planTopics(
      [{ ...same, partitions: 12, configs: { 'retention.ms': '604800000', 'max.message.bytes': '2000000' } }],
      live([orders]),
    )
    expect(plan.actions).toEqual([
      {
        action: 'update',
        topic: orders.name,
        partitions: { from: 6, to: 12 },
        configs: [
          { name: 'max.message.bytes', op: 'set', from: null, to: '2000000' },
          { name: 'retention.ms', op: 'set', from: '86400000', to: '604800000' },
          { name: 'segment.ms', op: 'delete', from: '3600000', to: null },
        ],
      },
    ])
    expect(hasDrift(plan)).toBe(true)
  })

  it('reports a replication factor difference without an action; an unset one is not compared', () => {
    const plan = planTopics([{ ...same, replicationFactor: 1 }], live([orders]))
    expect(plan.actions).toEqual([])
    expect(plan.differences).toEqual([
      { topic: orders.name, kind: 'replication-factor', cluster: 3, spec: 1 },
    ])
    expect(plan.unchanged).toEqual([])
    expect(hasDrift(plan)).toBe(true)
    const { replicationFactor: _, ...withoutRf } = same
    expect(hasDrift(planTopics([withoutRf], live([orders])))).toBe(false)
  })

  it('refuses a partition decrease (exit 5), naming every topic and where it is declared', () => {
    let error: KtkError | undefined
    try {
      planTopics(
        [
          { ...same, partitions: 2, location: 't.yaml:4' },
          { ...same, name: 'b', partitions: 1 },
        ],
        live([orders, { ...orders, name: 'b', partitions: 3 }]),
      )
    } catch (e) {
      error = e as KtkError
    }
    expect(error?.code).toBe('PARTITION_DECREASE')
    expect(error?.exit).toBe(5)
    expect(error?.message).toBe(
      `topic "${orders.name}" (t.yaml:4) has 6 partitions; the spec asks for 2 and Kafka cannot remove partitions`,
    )
    expect(error?.details).toEqual([
      'topic "b" has 3 partitions; the spec asks for 1 and Kafka cannot remove partitions',
    ])
  })

  it('deletes only what --prune names; pruning a declared or missing topic is an error', () => {
    const cluster = live([orders, { ...orders, name: 'old' }, { ...orders, name: 'kept' }])
    const plan = planTopics([same], cluster, { prune: ['old'] })
    expect(plan.actions).toEqual([{ action: 'delete', topic: 'old' }])
    expect(plan.unmanaged).toBe(1)
    expect(() => planTopics([same], cluster, { prune: [orders.name] })).toThrow(/which the spec declares/)
    expect(() => planTopics([same], cluster, { prune: ['nope'] })).toThrow(/which does not exist/)
  })
})
