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

  it('names what needs a newer broker, the broker, its Kafka release and both ranges when none fits', () => {
    // Metadata v11 and OffsetDelete: what a Kafka 2.8 broker announces (and 3.0 raised ListOffsets to v7).
    const broker = {
      versions: { 2: range(0, 6), 3: range(0, 11), 47: range(0, 0) },
      connectionPool: { host: 'h', port: 9092 },
    }
    const request = { apiKey: 69, apiName: 'ConsumerGroupDescribe', minVersion: 0, maxVersion: 1 }
    const needs = 'describing a group of the consumer protocol needs Kafka 4.0 or newer'
    expect(() => negotiatedVersion(broker, { ...request, needs, build: () => never() })).toThrow(
      `${needs}: the broker at h:9092 is Kafka 2.8 (by its API versions), without ConsumerGroupDescribe; ktk speaks v0-v1`,
    )
    const old = { ...broker, versions: { 69: range(0, 0) } }
    expect(() => negotiatedVersion(old, { ...request, minVersion: 1, build: () => never() })).toThrow(
      'the broker at h:9092 is Kafka 2.2 or older (by its API versions), with ConsumerGroupDescribe v0-v0; ktk speaks v1-v1',
    )
    expect(negotiatedVersion(old, { ...request, build: () => never() })).toBe(0)
  })
})

function never(): never {
  throw new Error('not built in this test')
}
