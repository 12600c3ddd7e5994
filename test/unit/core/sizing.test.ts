import { describe, expect, it } from 'vitest'
import {
  PARTITION_THROUGHPUT_BYTES,
  parseBytes,
  parseCount,
  parseRetention,
  type SizingAnswers,
  sizeTopic,
} from '../../../src/core/sizing.js'

const base: SizingAnswers = {
  throughput: 1000,
  recordBytes: 1024,
  consumers: 1,
  key: null,
  retention: { kind: 'time', ms: 7 * 86_400_000 },
  durability: 'production',
}

describe('sizeTopic: partitions', () => {
  it.each([
    // [throughput records/s, record bytes, consumers, key, brokers, expected partitions]
    [1000, 1024, 1, null, 1, 1],
    [1000, 1024, 1, null, 3, 3], // at least one per broker, evenly
    [1000, 1024, 4, null, 3, 6], // parallelism 4 -> rounded up to a multiple of 3
    [50_000, 1024, 2, null, 3, 12], // 48.8 MiB/s / 5 MiB/s = 10 -> 12
    [50_000, 1024, 2, 'order_id', 3, 21], // keyed: 10 doubled to 20 -> 21
    [10, 100, 12, 'id', 1, 12],
  ] as const)(
    '%i rec/s × %i B, %i consumers, key %s, %i brokers -> %i',
    (throughput, recordBytes, consumers, key, brokers, expected) => {
      const plan = sizeTopic({ ...base, throughput, recordBytes, consumers, key }, brokers)
      expect(plan.partitions).toBe(expected)
      expect(plan.partitions % brokers).toBe(0)
    },
  )

  it('states each reason with its numbers', () => {
    const plan = sizeTopic({ ...base, throughput: 50_000, consumers: 2 }, 3)
    expect(plan.reasoning[0]).toBe(
      'throughput: 50000 records/s × 1 KiB = 48.8 MiB/s; at 5 MiB/s per partition that needs 10 partition(s)',
    )
    expect(plan.reasoning[2]).toBe(
      'partitions: the larger of the two is 10, rounded up to 12 to spread evenly over 3 broker(s)',
    )
    expect(PARTITION_THROUGHPUT_BYTES).toBe(5 * 1024 * 1024)
  })
})

describe('sizeTopic: durability, retention, acks', () => {
  it.each([
    [1, 1, '1', true],
    [2, 2, '1', true],
    [3, 3, '2', false],
    [5, 3, '2', false],
  ])('production on %i broker(s): replication %i, min.insync.replicas %s', (brokers, rf, minIsr, warns) => {
    const plan = sizeTopic(base, brokers)
    expect(plan.replicationFactor).toBe(rf)
    expect(plan.configs['min.insync.replicas']).toBe(minIsr)
    expect(plan.producer).toEqual({ acks: 'all', enableIdempotence: true })
    expect(plan.warnings.some((w) => w.includes('cannot survive a broker failure'))).toBe(warns)
  })

  it('development: one replica, acks=1, no min.insync.replicas', () => {
    const plan = sizeTopic({ ...base, durability: 'development' }, 3)
    expect(plan.replicationFactor).toBe(1)
    expect(plan.configs['min.insync.replicas']).toBeUndefined()
    expect(plan.producer.acks).toBe('1')
  })

  it.each([
    [{ kind: 'time', ms: 86_400_000 }, { 'retention.ms': '86400000' }],
    [
      { kind: 'size', bytes: 60 * 1024 ** 3 },
      { 'retention.bytes': String(10 * 1024 ** 3), 'retention.ms': '-1' },
    ],
    [{ kind: 'compact' }, { 'cleanup.policy': 'compact' }],
    [{ kind: 'forever' }, { 'retention.ms': '-1' }],
  ] as const)('retention %j -> %j', (retention, configs) => {
    const plan = sizeTopic({ ...base, key: 'id', consumers: 6, retention, durability: 'development' }, 3)
    expect(plan.partitions).toBe(6)
    expect(plan.configs).toEqual(configs)
  })

  it('a compacted topic without a key is refused', () => {
    expect(() => sizeTopic({ ...base, retention: { kind: 'compact' } }, 1)).toThrow(/needs an ordering key/)
  })
})

describe('answer parsing', () => {
  it.each([
    ['512', 512],
    ['1KiB', 1024],
    ['2.5MB', 2_500_000],
    ['50 GiB', 50 * 1024 ** 3],
  ])('parseBytes(%s) = %i', (raw, bytes) => expect(parseBytes(raw)).toBe(bytes))
  it.each(['', '0', 'lots', '-1', '5 parsecs'])('parseBytes(%j) is a usage error', (raw) => {
    expect(() => parseBytes(raw)).toThrow(/is not a size/)
  })
  it.each([
    ['5000', 5000],
    ['5k', 5000],
    ['1.5m', 1_500_000],
  ])('parseCount(%s) = %i', (raw, n) => expect(parseCount(raw)).toBe(n))
  it.each([
    ['7d', { kind: 'time', ms: 604_800_000 }],
    ['12h', { kind: 'time', ms: 43_200_000 }],
    ['50GiB', { kind: 'size', bytes: 50 * 1024 ** 3 }],
    ['compact', { kind: 'compact' }],
    ['forever', { kind: 'forever' }],
  ])('parseRetention(%s)', (raw, expected) => expect(parseRetention(raw)).toEqual(expected))
  it('parseRetention refuses nonsense', () =>
    expect(() => parseRetention('sometimes')).toThrow(/not a duration, a size/))
})
