import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { compileTopicPattern, isLiteralTopicName, selectTopics } from '../../../src/core/topic-filter.js'

describe('compileTopicPattern (kafka-topics IncludeList)', () => {
  // Every row was checked against org.apache.kafka.tools.filter.TopicFilter.IncludeList of Kafka 4.1.2.
  it.each([
    ['orders', 'orders', true],
    ['orders', 'orders2', false],
    ['orders', 'my-orders', false],
    ['orders,payments', 'payments', true],
    ['orders,payments', 'orders', true],
    ['orders,payments', 'refunds', false],
    ['"orders.*"', 'orders.v1', true],
    ["'orders'", 'orders', true],
    ["'orders'", "'orders'", false],
    [' orders ', 'orders', true],
    ['or ders', 'orders', true],
    ['orders.v1', 'ordersXv1', true],
    ['orders\\.v1', 'ordersXv1', false],
    ['orders\\.v1', 'orders.v1', true],
    ['a|b', 'b', true],
    ['a|b', 'ab', false],
    ['orders.*,pay.*', 'payx', true],
    ['orders.*,pay.*', 'xpay', false],
    ['prod\\..*', 'prod.retail.order_placed.v1', true],
    ['prod\\..*', 'production', false],
  ])('%j ~ %j -> %s', (pattern, topic, expected) => {
    expect(compileTopicPattern(pattern).test(topic)).toBe(expected)
  })

  it.each(['orders[', '(', '*', 'a)'])('invalid regex %j is a usage error', (pattern) => {
    let error: unknown
    try {
      compileTopicPattern(pattern)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(KtkError)
    expect((error as KtkError).code).toBe('USAGE')
    expect((error as KtkError).exit).toBe(2)
    expect((error as KtkError).message).toContain(pattern)
  })
})

describe('isLiteralTopicName', () => {
  it.each([
    ['orders', true],
    ['prod.retail.order_placed.v1', true],
    ['orders.*', false],
    ['a,b', false],
    ['a|b', false],
  ])('%j -> %s', (name, expected) => {
    expect(isLiteralTopicName(name)).toBe(expected)
  })
})

describe('selectTopics', () => {
  const all = ['payments', '__consumer_offsets', 'orders', 'orders2', '__transaction_state', '_schemas']

  it.each<[string[], boolean, string[]]>([
    [[], false, ['__consumer_offsets', '__transaction_state', '_schemas', 'orders', 'orders2', 'payments']],
    [[], true, ['_schemas', 'orders', 'orders2', 'payments']],
    [['orders'], false, ['orders']],
    [['orders.*'], false, ['orders', 'orders2']],
    [['orders', 'payments'], false, ['orders', 'payments']],
    [['orders,payments'], false, ['orders', 'payments']],
    [['__.*'], false, ['__consumer_offsets', '__transaction_state']],
    [['__.*'], true, []],
    [['_.*'], true, ['_schemas']],
    [['nothing'], false, []],
  ])('patterns %j, excludeInternal %s', (patterns, excludeInternal, expected) => {
    expect(selectTopics(all, { patterns, excludeInternal })).toEqual(expected)
  })

  it('does not modify its input', () => {
    const input = ['b', 'a']
    selectTopics(input, { patterns: [], excludeInternal: false })
    expect(input).toEqual(['b', 'a'])
  })
})
