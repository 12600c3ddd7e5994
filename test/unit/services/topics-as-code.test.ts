import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { DEFAULT_POLICY } from '../../../src/core/naming/index.js'
import type { SpecTopic } from '../../../src/core/topics-plan.js'
import { applyPlan, exportSpec, planSpec } from '../../../src/services/topics-as-code.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'

function cluster() {
  const gateway = new FakeGateway()
  gateway.addTopic('prod.shop.order_placed.v1', { partitions: 3, configs: { 'retention.ms': '1000' } })
  gateway.addTopic('prod.shop.old.v1', { partitions: 1 })
  gateway.addTopic('__consumer_offsets', { partitions: 2, internal: true })
  return gateway
}

const spec: SpecTopic[] = [
  { name: 'prod.shop.order_placed.v1', partitions: 4, configs: { 'cleanup.policy': 'compact' } },
  { name: 'prod.shop.order_paid.v1', partitions: 2, replicationFactor: 1, configs: {} },
]

describe('planSpec', () => {
  it('creates what is missing, updates what differs, deletes only what --prune names', async () => {
    const plan = await planSpec(cluster(), spec, { prune: ['prod.shop.old.v1'] })
    expect(plan.actions.map((a) => [a.action, a.topic])).toEqual([
      ['update', 'prod.shop.order_placed.v1'],
      ['create', 'prod.shop.order_paid.v1'],
      ['delete', 'prod.shop.old.v1'],
    ])
    const update = plan.actions[0]!
    expect(update.action === 'update' && update.configs).toEqual([
      { name: 'cleanup.policy', op: 'set', from: null, to: 'compact' },
      { name: 'retention.ms', op: 'delete', from: '1000', to: null },
    ])
    expect(plan.warnings).toEqual([])
  })

  it('with a naming policy in enforce mode a name the plan would create is refused (exit 2)', async () => {
    const error = await rejected(
      planSpec(cluster(), [{ name: 'orders', partitions: 1, configs: {} }], {
        prune: [],
        policy: DEFAULT_POLICY,
      }),
    )
    expect(error).toMatchObject({ code: 'NAMING_VIOLATION', exit: 2 })
    const skipped = await planSpec(cluster(), [{ name: 'orders', partitions: 1, configs: {} }], {
      prune: [],
      policy: DEFAULT_POLICY,
      skipNamingCheck: true,
    })
    expect(skipped.warnings).toHaveLength(1)
  })
})

describe('applyPlan', () => {
  it('runs each step in order; the cluster then matches the spec', async () => {
    const gateway = cluster()
    const plan = await planSpec(gateway, spec, { prune: ['prod.shop.old.v1'] })
    const seen: string[] = []
    const result = await applyPlan(gateway, plan, {
      dryRun: false,
      onStep: (i, n, a) => seen.push(`${i + 1}/${n} ${a.topic}`),
    })
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'done', 'done'])
    expect(seen).toEqual([
      '1/3 prod.shop.order_placed.v1',
      '2/3 prod.shop.order_paid.v1',
      '3/3 prod.shop.old.v1',
    ])
    expect((await planSpec(gateway, spec, { prune: [] })).actions).toEqual([])
    expect(gateway.topics.has('prod.shop.old.v1')).toBe(false)
  })

  it('a dry run validates every step and changes nothing (deletions are not sent)', async () => {
    const gateway = cluster()
    const plan = await planSpec(gateway, spec, { prune: ['prod.shop.old.v1'] })
    const result = await applyPlan(gateway, plan, { dryRun: true })
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'done', 'done'])
    expect(gateway.topics.get('prod.shop.order_placed.v1')!.partitions).toHaveLength(3)
    expect(gateway.callsOf('deleteTopics')).toEqual([])
  })

  it('stops at the first failure: the result says what was done and what was not run', async () => {
    const gateway = cluster()
    const plan = await planSpec(gateway, spec, { prune: ['prod.shop.old.v1'] })
    gateway.failNext('createTopics', new KtkError('AUTHORIZATION_FAILED', 'not authorized to CREATE topic'))
    const result = await applyPlan(gateway, plan, { dryRun: false })
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not-run'])
    expect(result.steps[1]!.error).toEqual({
      code: 'AUTHORIZATION_FAILED',
      exit: 6,
      message: 'not authorized to CREATE topic',
    })
    expect(gateway.topics.has('prod.shop.old.v1')).toBe(true)
  })

  it('a deletion the broker refuses fails its step', async () => {
    const gateway = cluster()
    gateway.deleteErrors.set('prod.shop.old.v1', new KtkError('TIMEOUT', 'no answer'))
    const plan = await planSpec(gateway, [], { prune: ['prod.shop.old.v1'] })
    const result = await applyPlan(gateway, plan, { dryRun: false })
    expect(result.steps).toEqual([
      {
        action: 'delete',
        topic: 'prod.shop.old.v1',
        status: 'failed',
        error: { code: 'TIMEOUT', exit: 7, message: 'no answer' },
      },
    ])
  })

  it('an interruption stops before the next step', async () => {
    const gateway = cluster()
    const plan = await planSpec(gateway, spec, { prune: [] })
    let steps = 0
    const result = await applyPlan(gateway, plan, {
      dryRun: false,
      onStep: () => steps++,
      interrupted: () => steps > 0,
    })
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'not-run'])
  })
})

describe('exportSpec', () => {
  it('the cluster’s non-internal topics with their overrides', async () => {
    expect(
      await exportSpec(cluster(), { names: [], patterns: [], excludeInternal: false, ifExists: false }),
    ).toEqual([
      { name: 'prod.shop.old.v1', partitions: 1, replicationFactor: 1, configs: {} },
      {
        name: 'prod.shop.order_placed.v1',
        partitions: 3,
        replicationFactor: 1,
        configs: { 'retention.ms': '1000' },
      },
    ])
  })
})
