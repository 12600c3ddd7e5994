import { describe, expect, it } from 'vitest'
import {
  BUILTIN_EXEMPTIONS,
  checkTopicName,
  DEFAULT_POLICY,
  type NamingPolicy,
  type NamingRule,
} from '../../../../src/core/naming/index.js'

const policy = DEFAULT_POLICY

/** A policy like a team would write: Debezium change topics and a grandfathered name exempt, shorter names. */
const teamPolicy: NamingPolicy = {
  ...DEFAULT_POLICY,
  maxLength: 60,
  exemptions: [
    ...BUILTIN_EXEMPTIONS,
    { kind: 'glob', pattern: 'dbserver1.*', reason: 'Debezium change topics' },
    { kind: 'regex', pattern: '^cdc\\.[a-z_]+\\.[a-z_]+$', reason: 'Debezium (topic.prefix cdc)' },
    { kind: 'name', name: 'legacy-orders', reason: 'grandfathered' },
  ],
}

describe('checkTopicName: conforming names', () => {
  it.each([
    'prod.retail.order_placed.v1',
    'dev.logistics.shipment_dispatched.v2',
    'staging.a.b.v10',
    'test.payments2.refund_issued3.v123',
  ])('%s conforms', (name) => {
    const check = checkTopicName(name, policy)
    expect(check.status).toBe('ok')
    expect(check.violations).toEqual([])
    expect(check.suggestion).toBeNull()
    expect(check.segments).not.toBeNull()
  })

  it('parses the segments by name', () => {
    expect(checkTopicName('prod.retail.order_placed.v1', policy).segments).toEqual({
      env: 'prod',
      domain: 'retail',
      event: 'order_placed',
      version: 'v1',
    })
  })
})

describe('checkTopicName: exemptions', () => {
  it.each([
    ['__consumer_offsets', policy, /internal/],
    ['__transaction_state', policy, /internal/],
    ['__debezium-heartbeat.dbserver1', policy, /internal/],
    ['_schemas', policy, /Schema Registry/],
    ['connect-offsets', policy, /Connect/],
    ['connect-configs', policy, /Connect/],
    ['wordcount-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog', policy, /Streams changelog/],
    ['my-app-KSTREAM-REPARTITION-0000000007-repartition', policy, /Streams repartition/],
    ['dbserver1.inventory.customers', teamPolicy, /Debezium/],
    ['cdc.public.orders', teamPolicy, /Debezium/],
    ['legacy-orders', teamPolicy, /grandfathered/],
  ])('%s is exempt', (name, p, reason) => {
    const check = checkTopicName(name, p)
    expect(check.status).toBe('exempt')
    expect(check.exemption).toMatch(reason)
    expect(check.violations).toEqual([])
  })

  it.each([
    // Debezium-like names are only exempt when the policy says so.
    ['dbserver1.inventory.customers', policy],
    // A grandfathered name is exact: a sibling is not covered.
    ['legacy-orders-2', teamPolicy],
    // The regex is anchored by the author: cdc with four parts does not match.
    ['cdc.public.orders.extra', teamPolicy],
    // "-changelog" in the middle of a name is not a Streams topic.
    ['orders-changelog-v1', policy],
  ])('%s is not exempt', (name, p) => {
    expect(checkTopicName(name, p).status).toBe('violation')
  })

  it('an exempt name must still be legal for Kafka', () => {
    const check = checkTopicName('connect-offsets/x', policy)
    expect(check.status).toBe('violation')
    expect(check.violations[0]!.rule).toBe('kafka-legal')
  })
})

describe('checkTopicName: violations name the segment and the rule', () => {
  const cases: { name: string; rules: NamingRule[]; segment?: string; message: RegExp; fix?: string }[] = [
    {
      name: 'Prod.Retail.OrderPlaced',
      rules: ['segment-count'],
      message: /expected 4 segments separated by "\." \(<env>\.<domain>\.<event>\.v<N>\), got 3/,
    },
    {
      name: 'production.retail.order_placed.v1',
      rules: ['allowed-values'],
      segment: 'env',
      message: /^env segment "production" must be one of dev, test, staging, prod$/,
      fix: 'prod',
    },
    {
      name: 'prod.Retail.order_placed.v1',
      rules: ['case'],
      segment: 'domain',
      message: /^domain segment "Retail" must be lower snake_case/,
      fix: 'retail',
    },
    {
      name: 'prod.retail.Order-Placed.v1',
      rules: ['case'],
      segment: 'event',
      message: /^event segment "Order-Placed" must be lower snake_case/,
      fix: 'order_placed',
    },
    {
      name: 'prod.retail.order__placed.v1',
      rules: ['case'],
      segment: 'event',
      message: /single '_'/,
      fix: 'order_placed',
    },
    {
      name: 'prod.retail.1st_order.v1',
      rules: ['case'],
      segment: 'event',
      message: /starting with a letter/,
    },
    {
      name: 'prod.retail.order_placed.V1',
      rules: ['version'],
      segment: 'version',
      message: /^version segment "V1" must be "v" followed by a version number/,
      fix: 'v1',
    },
    { name: 'prod.retail.order_placed.v0', rules: ['version'], segment: 'version', message: /v1, v2/ },
    {
      name: 'prod.retail.order_placed.v01',
      rules: ['version'],
      segment: 'version',
      message: /leading zeros/,
      fix: 'v1',
    },
    { name: 'prod.retail.order_placed.1', rules: ['version'], segment: 'version', message: /"1"/, fix: 'v1' },
    {
      name: 'prod..order_placed.v1',
      rules: ['empty-segment'],
      segment: 'domain',
      message: /^domain segment \(empty\) is empty$/,
    },
    { name: 'prod.retail.order_placed.v1.', rules: ['segment-count'], message: /got 5/ },
  ]

  it.each(cases)('$name breaks $rules', ({ name, rules, segment, message, fix }) => {
    const check = checkTopicName(name, policy)
    expect(check.status).toBe('violation')
    expect(check.violations.map((v) => v.rule)).toEqual(rules)
    const [first] = check.violations
    expect(first!.message).toMatch(message)
    if (segment) expect(first!.segment).toBe(segment)
    if (fix) expect(first!.fix).toBe(fix)
  })

  it('reports every broken segment, not just the first', () => {
    const check = checkTopicName('qa.Retail.OrderPlaced.V1', policy)
    expect(check.violations.map((v) => [v.segment, v.rule])).toEqual([
      ['env', 'allowed-values'],
      ['domain', 'case'],
      ['event', 'case'],
      ['version', 'version'],
    ])
  })
})

describe("checkTopicName: Kafka's own rules always apply", () => {
  it.each([
    ['', 'empty'],
    ['.', '"."'],
    ['..', '".."'],
    ['a'.repeat(250), 'at most 249'],
    ['prod.retail.order placed.v1', 'space'],
    ['prod.retail.bestellung_bestätigt.v1', '"ä"'],
    ['prod.retail.заказ.v1', '"з"'],
    ['prod.retail.order🔑.v1', '"🔑"'],
  ])('%j is illegal (%s)', (name, text) => {
    const check = checkTopicName(name, policy)
    expect(check.status).toBe('violation')
    expect(check.violations).toHaveLength(1)
    expect(check.violations[0]!.rule).toBe('kafka-legal')
    expect(check.violations[0]!.message).toContain(text)
  })

  it('249 characters is legal for Kafka; the policy may still say the shape is wrong', () => {
    const event = 'e'.repeat(249 - 'prod.retail..v1'.length)
    const name = `prod.retail.${event}.v1`
    expect(name).toHaveLength(249)
    expect(checkTopicName(name, policy).status).toBe('ok')
    const longer = `prod.retail.${event}e.v1`
    expect(longer).toHaveLength(250)
    expect(checkTopicName(longer, policy).violations.map((v) => v.rule)).toEqual(['kafka-legal'])
  })

  it("the policy's own maxLength is checked below Kafka's", () => {
    const name = `prod.retail.${'e'.repeat(50)}.v1`
    const check = checkTopicName(name, teamPolicy)
    expect(check.violations.map((v) => v.rule)).toEqual(['max-length'])
    expect(check.violations[0]!.message).toBe(
      `name is ${name.length} characters long; the policy allows at most 60`,
    )
  })

  it("'.' and '..' are refused even by a policy that would accept anything", () => {
    const anything: NamingPolicy = {
      ...DEFAULT_POLICY,
      separator: '/',
      segments: [{ kind: 'text', name: 'name', case: 'any' }],
      exemptions: [],
    }
    expect(checkTopicName('.', anything).violations[0]!.rule).toBe('kafka-legal')
    expect(checkTopicName('..', anything).violations[0]!.rule).toBe('kafka-legal')
    expect(checkTopicName('...', anything).status).toBe('ok')
  })
})

describe('checkTopicName: the environment of the cluster', () => {
  it('a prod context accepts only prod names', () => {
    expect(checkTopicName('prod.retail.order_placed.v1', policy, { env: 'prod' }).status).toBe('ok')
    const check = checkTopicName('dev.retail.order_placed.v1', policy, { env: 'prod' })
    expect(check.violations).toEqual([
      {
        rule: 'env',
        segment: 'env',
        value: 'dev',
        message: 'env segment "dev" is not this cluster\'s environment "prod"',
        fix: 'prod',
      },
    ])
    expect(check.suggestion).toBe('prod.retail.order_placed.v1')
  })

  it('without an environment any allowed env passes', () => {
    expect(checkTopicName('dev.retail.order_placed.v1', policy).status).toBe('ok')
  })

  it('a policy without an env segment ignores the environment', () => {
    const noEnv: NamingPolicy = {
      ...DEFAULT_POLICY,
      segments: DEFAULT_POLICY.segments.slice(1),
      envSegment: null,
    }
    expect(checkTopicName('retail.order_placed.v1', noEnv, { env: 'prod' }).status).toBe('ok')
  })
})

describe("checkTopicName: '.' versus '_' collisions with existing topics", () => {
  it('reports a real collision and nothing for the topic itself', () => {
    const existing = ['prod.retail.order_placed.v1', 'prod_retail.order_placed.v1', 'other']
    expect(
      checkTopicName('prod.retail.order_placed.v1', policy, { existing: ['prod.retail.order_placed.v1'] })
        .status,
    ).toBe('ok')
    const check = checkTopicName('prod.retail.order_placed.v1', policy, { existing })
    expect(check.violations).toEqual([
      {
        rule: 'collision',
        message: `collides with topic "prod_retail.order_placed.v1": Kafka maps '.' and '_' to the same metric name`,
      },
    ])
    // The name itself is fine: there is no other name to suggest.
    expect(check.suggestion).toBeNull()
  })

  it('differing by more than . versus _ is no collision', () => {
    expect(
      checkTopicName('prod.retail.order_placed.v1', policy, { existing: ['prod.retail.order-placed.v1'] })
        .status,
    ).toBe('ok')
  })
})
