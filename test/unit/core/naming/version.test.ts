import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY, nextFreeVersion, versionedName } from '../../../../src/core/naming/index.js'

describe('versions', () => {
  it('reads the version segment of a conforming name and rewrites it', () => {
    const v = versionedName('prod.retail.order_placed.v1', DEFAULT_POLICY)!
    expect(v.version).toBe(1)
    expect(v.withVersion(2)).toBe('prod.retail.order_placed.v2')
  })

  it('falls back to a trailing vN for names from before the policy', () => {
    expect(versionedName('orders-v3', DEFAULT_POLICY)?.withVersion(4)).toBe('orders-v4')
    expect(versionedName('legacy_orders_v12', DEFAULT_POLICY)?.version).toBe(12)
    expect(versionedName('orders', DEFAULT_POLICY)).toBeUndefined()
    expect(versionedName('orders.v0', DEFAULT_POLICY)).toBeUndefined()
  })

  it.each([
    [[], 2],
    [['prod.a.b.v2'], 3],
    [['prod.a.b.v2', 'prod.a.b.v3', 'prod.a.b.v7'], 8],
    [['prod.a.b.v9', 'dev.a.b.v20', 'prod.a.c.v30'], 10],
  ])('next free version after v1 with %j is v%i', (existing, expected) => {
    expect(nextFreeVersion(versionedName('prod.a.b.v1', DEFAULT_POLICY)!, ['prod.a.b.v1', ...existing])).toBe(
      expected,
    )
  })
})
