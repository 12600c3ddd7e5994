import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { evaluateWhere, parseWhere } from '../../../src/core/where.js'

const doc = {
  total_price: 120.5,
  currency: 'EUR',
  paid: true,
  note: null,
  customer: { id: 42, country: 'DE', tags: ['vip', 'b2b'] },
  items: [{ sku: 'A-1', qty: 2 }],
  'odd key': 'x',
}

const matches = (source: string, value: unknown = doc) => evaluateWhere(parseWhere(source), value)

describe('--where expressions', () => {
  it.each([
    ['total_price > 100', true],
    ['total_price >= 120.5', true],
    ['total_price < 100', false],
    ['total_price <= 120.5 and currency == "EUR"', true],
    ["currency = 'USD' or customer.country == 'DE'", true],
    ['not paid', false],
    ['!paid || total_price > 1000', false],
    ['customer.id == 42 && customer.tags[0] == "vip"', true],
    ['customer.tags[1] != "b2b"', false],
    ['items[0].qty > 1', true],
    ['items[0].sku ~ "^A-"', true],
    ['customer.missing == null', true],
    ['note == null', true],
    ['note != null', false],
    ['customer.missing > 0', false],
    ['paid == true and not (currency == "USD")', true],
    ['customer["country"] == "DE"', true],
    ['["odd key"] == "x"', true],
    ['total_price > "100"', false],
    ['currency > "A"', true],
    ['-1 < total_price', true],
    ['customer', true],
    ['missing', false],
    ['1e2 < total_price', true],
  ])('%s -> %s', (source, expected) => {
    expect(matches(source)).toBe(expected)
  })

  it('a value that is not an object matches only what it can', () => {
    expect(matches('total_price > 1', 5)).toBe(false)
    expect(matches('missing == null', 'text')).toBe(true)
  })

  it.each([
    ['total_price >', 'ends too early'],
    ['(total_price > 1', 'expected ")"'],
    ['total_price > 1 1', 'unexpected "1"'],
    ["currency == 'EUR", 'unterminated string'],
    ['a ~ 5', 'needs a string'],
    ['a ~ "("', 'bad regular expression'],
    ['a # 1', 'unexpected "#"'],
    ['and', 'expected a value'],
  ])('%s is a usage error (%s)', (source, problem) => {
    let error: unknown
    try {
      parseWhere(source)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(KtkError)
    expect((error as KtkError).exit).toBe(2)
    expect((error as KtkError).message).toContain(problem)
  })

  it('never evaluates code: function-call syntax is a parse error', () => {
    expect(() => parseWhere('process.exit(1)')).toThrow(KtkError)
    expect(() => parseWhere('constructor.constructor("return 1")()')).toThrow(KtkError)
  })
})
