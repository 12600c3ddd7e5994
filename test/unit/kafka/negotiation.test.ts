import { describe, expect, it } from 'vitest'
import { negotiatedVersion, pickVersion } from '../../../src/kafka/session.js'

const range = (minVersion: number, maxVersion: number) => ({ minVersion, maxVersion })

describe('version negotiation', () => {
  it('picks the newest version both sides support', () => {
    expect(pickVersion(range(0, 7), range(1, 12))).toBe(7)
    expect(pickVersion(range(0, 13), range(1, 12))).toBe(12)
    expect(pickVersion(range(4, 13), range(0, 4))).toBe(4)
  })

  it('finds none when the ranges do not overlap or the broker lacks the API', () => {
    expect(pickVersion(range(0, 3), range(4, 8))).toBeNull()
    expect(pickVersion(range(9, 13), range(0, 8))).toBeNull()
    expect(pickVersion(undefined, range(0, 8))).toBeNull()
  })

  it('names the broker, its range and what ktk needs when none fits', () => {
    const broker = { versions: { 47: range(0, 0) }, connectionPool: { host: 'h', port: 9092 } }
    const request = { apiKey: 69, apiName: 'ConsumerGroupDescribe', minVersion: 0, maxVersion: 1 }
    expect(() =>
      negotiatedVersion(broker, { ...request, needs: 'Kafka 4.0 or newer', build: () => never() }),
    ).toThrow(
      'the broker at h:9092 does not support ConsumerGroupDescribe; ktk speaks v0-v1 (Kafka 4.0 or newer)',
    )
    const old = { ...broker, versions: { 69: range(0, 0) } }
    expect(() => negotiatedVersion(old, { ...request, minVersion: 1, build: () => never() })).toThrow(
      /supports ConsumerGroupDescribe v0-v0; ktk speaks v1-v1/,
    )
    expect(negotiatedVersion(old, { ...request, build: () => never() })).toBe(0)
  })
})

function never(): never {
  throw new Error('not built in this test')
}
