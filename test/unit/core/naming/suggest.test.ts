import { describe, expect, it } from 'vitest'
import {
  checkTopicName,
  DEFAULT_POLICY,
  type NamingPolicy,
  suggestName,
  toCase,
  words,
} from '../../../../src/core/naming/index.js'

const policy = DEFAULT_POLICY

describe('suggestions: the nearest name the policy accepts', () => {
  it.each([
    ['Prod.Retail.OrderPlaced', 'prod.retail.order_placed.v1'],
    ['prod.retail.order_placed', 'prod.retail.order_placed.v1'],
    ['PROD.RETAIL.ORDER_PLACED.V2', 'prod.retail.order_placed.v2'],
    ['production.shop.Order-Placed.v3', 'prod.shop.order_placed.v3'],
    ['prod_retail_order_placed_v1', 'prod.retail.order_placed.v1'],
    ['prod-retail-order-placed-v1', 'prod.retail.order_placed.v1'],
    ['prod.shop.order.placed.v1', 'prod.shop.order_placed.v1'],
    ['dev.logistics.ShipmentDispatched.2', 'dev.logistics.shipment_dispatched.v2'],
    ['stagin.crm.customerCreated.v01', 'staging.crm.customer_created.v1'],
    ['prod.retail.HTTPRequestLogged.v1', 'prod.retail.http_request_logged.v1'],
    ['prod.retail.order placed.v1', 'prod.retail.order_placed.v1'],
    ['prod.retail.BestellungBestätigt.v1', 'prod.retail.bestellung_bestatigt.v1'],
    ['prod.retail.order🔑placed.v1', 'prod.retail.order_placed.v1'],
    ['prod..order_placed.v1', 'prod.<domain>.order_placed.v1'],
    ['orders', '<env>.<domain>.orders.v1'],
    ['retail.OrderPlaced.v3', '<env>.retail.order_placed.v3'],
  ])('%s -> %s', (name, expected) => {
    const check = checkTopicName(name, policy)
    expect(check.status).toBe('violation')
    expect(check.suggestion).toBe(expected)
    if (!expected.includes('<')) expect(checkTopicName(expected, policy).status).toBe('ok')
  })

  it('the cluster environment fills or replaces the env segment', () => {
    expect(checkTopicName('orders', policy, { env: 'prod' }).suggestion).toBe('prod.<domain>.orders.v1')
    expect(checkTopicName('retail.order_placed', policy, { env: 'dev' }).suggestion).toBe(
      'dev.retail.order_placed.v1',
    )
    expect(checkTopicName('dev.retail.order_placed.v1', policy, { env: 'prod' }).suggestion).toBe(
      'prod.retail.order_placed.v1',
    )
  })

  it('nothing usable left gives no suggestion rather than an empty template', () => {
    expect(suggestName('заказ', policy)).toBeNull()
    expect(checkTopicName('заказ', policy).suggestion).toBeNull()
  })

  it('a suggestion longer than the policy allows is not made', () => {
    expect(suggestName(`Prod.Retail.${'E'.repeat(300)}`, policy)).toBeNull()
  })

  it('follows a custom policy: separator, segments and case', () => {
    const custom: NamingPolicy = {
      ...DEFAULT_POLICY,
      separator: '.',
      segments: [
        { kind: 'enum', name: 'team', values: ['payments', 'search'] },
        { kind: 'text', name: 'stream', case: 'kebab' },
        { kind: 'version', name: 'version', prefix: 'ver' },
      ],
      envSegment: null,
    }
    expect(checkTopicName('payments.card-authorized.ver2', custom).status).toBe('ok')
    const check = checkTopicName('Payments.CardAuthorized.2', custom)
    expect(check.violations.map((v) => `${v.segment}:${v.rule}`)).toEqual([
      'team:allowed-values',
      'stream:case',
      'version:version',
    ])
    expect(check.suggestion).toBe('payments.card-authorized.ver2')
    expect(checkTopicName('payments.card_authorized.v2', custom).violations.map((v) => v.fix)).toEqual([
      'card-authorized',
      'ver2',
    ])
  })
})

describe('case folding', () => {
  it.each([
    ['OrderPlaced', ['Order', 'Placed']],
    ['HTTPRequest', ['HTTP', 'Request']],
    ['order-placed_now', ['order', 'placed', 'now']],
    ['v2Orders', ['v2', 'Orders']],
    ['Bestätigt', ['Bestatigt']],
  ])('words(%s)', (text, expected) => {
    expect(words(text)).toEqual(expected)
  })

  it.each([
    ['OrderPlaced', 'snake', 'order_placed'],
    ['OrderPlaced', 'kebab', 'order-placed'],
    ['order_placed', 'camel', 'orderPlaced'],
    ['order_placed', 'pascal', 'OrderPlaced'],
    ['Order Placed', 'lower', 'orderplaced'],
    ['1st order', 'snake', 'order'],
  ] as const)('toCase(%s, %s) = %s', (text, rule, expected) => {
    expect(toCase(text, rule)).toBe(expected)
  })
})
