import { parseDuration } from './duration.js'
import { KtkError } from './errors.js'

/**
 * Topic sizing for the design wizard: partitions, replication, min.insync.replicas, retention configs
 * and producer acks, each with the reason a person can check. Pure: the same answers and broker count
 * always give the same plan.
 */

/** A partition's sustainable write rate assumed for sizing: conservative for a busy, replicated cluster. */
export const PARTITION_THROUGHPUT_BYTES = 5 * 1024 * 1024

export type Retention =
  | { kind: 'time'; ms: number }
  | { kind: 'size'; bytes: number }
  | { kind: 'compact' }
  | { kind: 'forever' }

export type Durability = 'development' | 'production'

export interface SizingAnswers {
  /** Peak records per second. */
  throughput: number
  /** Average record size in bytes (key + value + headers). */
  recordBytes: number
  /** Consumers that should read in parallel (instances of the largest consumer group). */
  consumers: number
  /** The field records are keyed by for per-key ordering, or null for no key. */
  key: string | null
  retention: Retention
  durability: Durability
}

export interface SizingPlan {
  partitions: number
  replicationFactor: number
  configs: Record<string, string>
  /** Producer settings to use with the topic (advice: not topic configs). */
  producer: { acks: 'all' | '1'; enableIdempotence: boolean }
  /** One line per decision, saying why. */
  reasoning: string[]
  warnings: string[]
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
}

/** "512", "512B", "1KiB", "2.5 MB", "50GiB" -> bytes. */
export function parseBytes(raw: string, what = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(raw)
  const unit = UNITS[(m?.[2] ?? 'b').toLowerCase()]
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new KtkError('USAGE', `${what} "${raw}" is not a size`, {
      hints: ['use bytes or a unit: 512, 1KiB, 2.5MB, 50GiB'],
    })
  }
  return Math.round(Number(m[1]) * unit)
}

/** "5000", "5k", "1.5m" -> a positive count. */
export function parseCount(raw: string, what = 'number'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([km])?\s*$/i.exec(raw)
  const value = m ? Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1000 : 1_000_000) : 1) : Number.NaN
  if (!m || !(value > 0)) {
    throw new KtkError('USAGE', `${what} "${raw}" is not a positive number`, {
      hints: ['use a number, optionally with k or m: 500, 5k, 1.5m'],
    })
  }
  return Math.round(value)
}

/** "7d", "12h" (time), "50GiB" (size), "compact", "forever". */
export function parseRetention(raw: string): Retention {
  const text = raw.trim().toLowerCase()
  if (text === 'compact' || text === 'compacted') return { kind: 'compact' }
  if (text === 'forever' || text === 'infinite' || text === '-1') return { kind: 'forever' }
  if (/b$/i.test(text)) return { kind: 'size', bytes: parseBytes(text, 'retention') }
  try {
    const ms = parseDuration(text, 'retention')
    if (ms > 0) return { kind: 'time', ms }
  } catch {}
  throw new KtkError('USAGE', `retention "${raw}" is not a duration, a size, "compact" or "forever"`, {
    hints: ['for example 7d, 12h, 50GiB, compact or forever'],
  })
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  return `${+value.toFixed(value >= 100 || i === 0 ? 0 : 1)} ${units[i]}`
}

const DAY = 86_400_000
export function formatRetention(r: Retention): string {
  if (r.kind === 'time') return r.ms % DAY === 0 ? `${r.ms / DAY}d` : `${r.ms}ms`
  if (r.kind === 'size') return formatBytes(r.bytes)
  return r.kind
}

/** Sizes a topic from the answers for a cluster of `brokers` brokers. */
export function sizeTopic(answers: SizingAnswers, brokers: number): SizingPlan {
  if (answers.retention.kind === 'compact' && answers.key === null) {
    throw new KtkError(
      'USAGE',
      'a compacted topic keeps the latest record per key: it needs an ordering key',
      {
        hints: ['give the key records are keyed by (--key), or choose a time or size retention'],
      },
    )
  }
  const reasoning: string[] = []
  const warnings: string[] = []
  const bytesPerSecond = answers.throughput * answers.recordBytes
  const rawForThroughput = Math.max(1, Math.ceil(bytesPerSecond / PARTITION_THROUGHPUT_BYTES))
  // Keyed records: adding partitions later moves keys to other partitions, so size for growth now.
  const forThroughput = answers.key ? rawForThroughput * 2 : rawForThroughput
  reasoning.push(
    `throughput: ${answers.throughput} records/s × ${formatBytes(answers.recordBytes)} = ${formatBytes(bytesPerSecond)}/s; at ${formatBytes(PARTITION_THROUGHPUT_BYTES)}/s per partition that needs ${rawForThroughput} partition(s)` +
      (answers.key
        ? `, doubled to ${forThroughput} for growth because keyed topics should not add partitions later`
        : ''),
  )
  reasoning.push(
    `parallelism: ${answers.consumers} consumer(s) reading in parallel need at least ${answers.consumers} partition(s) (one partition feeds one consumer of a group)`,
  )
  const needed = Math.max(forThroughput, answers.consumers, 1)
  const partitions = Math.ceil(needed / brokers) * brokers
  reasoning.push(
    partitions === needed
      ? `partitions: ${partitions}, the larger of the two, spreads evenly over ${brokers} broker(s)`
      : `partitions: the larger of the two is ${needed}, rounded up to ${partitions} to spread evenly over ${brokers} broker(s)`,
  )
  if (answers.key) {
    reasoning.push(
      `ordering: records keyed by ${answers.key} go to one partition per key, so each key's records stay in order`,
    )
  } else {
    reasoning.push('ordering: no key, so records spread over all partitions and are ordered only within one')
  }

  const production = answers.durability === 'production'
  const replicationFactor = production ? Math.min(3, brokers) : 1
  const configs: Record<string, string> = {}
  if (production) {
    const minIsr = replicationFactor >= 3 ? 2 : 1
    configs['min.insync.replicas'] = String(minIsr)
    reasoning.push(
      `replication: production keeps min(3, ${brokers} broker(s)) = ${replicationFactor} copies; min.insync.replicas=${minIsr}` +
        (replicationFactor >= 3
          ? ' so an acks=all write survives one broker failure and the topic stays writable with one broker down'
          : ''),
    )
    if (replicationFactor < 3) {
      warnings.push(
        `only ${brokers} broker(s): replication factor ${replicationFactor} cannot survive a broker failure without losing acknowledged writes; production clusters need 3 or more brokers`,
      )
    }
  } else {
    reasoning.push('replication: development keeps 1 copy (no redundancy; fine for a laptop or test cluster)')
  }

  const r = answers.retention
  if (r.kind === 'time') {
    configs['retention.ms'] = String(r.ms)
    reasoning.push(`retention: records are deleted after ${formatRetention(r)} (retention.ms=${r.ms})`)
  } else if (r.kind === 'size') {
    const perPartition = Math.ceil(r.bytes / partitions)
    configs['retention.bytes'] = String(perPartition)
    configs['retention.ms'] = '-1'
    reasoning.push(
      `retention: ${formatBytes(r.bytes)} in all; retention.bytes is per partition, so ${formatBytes(r.bytes)} / ${partitions} = ${perPartition} bytes, with no time limit (retention.ms=-1)`,
    )
  } else if (r.kind === 'compact') {
    configs['cleanup.policy'] = 'compact'
    reasoning.push(
      `retention: compacted: the latest record of each ${answers.key} is kept forever (cleanup.policy=compact)`,
    )
  } else {
    configs['retention.ms'] = '-1'
    reasoning.push('retention: kept forever (retention.ms=-1; retention.bytes stays unlimited)')
  }
  if (answers.recordBytes > 1_000_000) {
    warnings.push(
      `average records of ${formatBytes(answers.recordBytes)} are near or above the default max.message.bytes (1 MiB): raise it on the topic and the producer, or store large payloads elsewhere`,
    )
  }
  if (partitions / brokers > 1000) {
    warnings.push(
      `${partitions} partitions is more than 1000 per broker: check the throughput and record size`,
    )
  }

  const producer = production
    ? { acks: 'all' as const, enableIdempotence: true }
    : { acks: '1' as const, enableIdempotence: true }
  reasoning.push(
    production
      ? `producers: acks=all with enable.idempotence=true: a write is acknowledged once ${configs['min.insync.replicas']} in-sync replica(s) have it, with no duplicates on retry`
      : 'producers: acks=1 is enough in development (the leader alone acknowledges); use acks=all in production',
  )
  const sorted = Object.fromEntries(Object.entries(configs).sort(([a], [b]) => a.localeCompare(b)))
  return { partitions, replicationFactor, configs: sorted, producer, reasoning, warnings }
}
