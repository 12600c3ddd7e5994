/**
 * Lag in records and in time, per partition, topic and group, and the CI gates on it. Pure: the inputs
 * are what the brokers said (offsets, the record at each committed offset) and the time of asking.
 */
import type { OffsetRow } from './group-views.js'

/** How lag in time is measured; stated in the output and the README. */
export const TIME_LAG_METHOD =
  'TIME-LAG is the age of the oldest unconsumed record: now minus the timestamp (CreateTime, or LogAppendTime for topics that use it) of the first record at or after the committed offset, read from the partition leader; transaction markers and compacted-away offsets are skipped, and an offset below the log start uses the oldest record left. TIME-BEHIND-NEWEST is the newest record timestamp in the partition (ListOffsets max-timestamp on Kafka 3.0 and newer; on older brokers the timestamp of the last record, read from the leader) minus that same timestamp. Both are 0 when there is nothing to consume.'

/** The same, in one line for the end of a table. */
export const TIME_LAG_NOTE =
  'TIME-LAG = now minus the timestamp of the oldest unconsumed record (the first record at or after the committed offset, read from the partition leader); TIME-BEHIND-NEWEST = the newest record timestamp minus that one'

export type LagWarning =
  /** The committed offset is below the log start: records the group never read are gone. */
  | 'below-log-start'
  /** The partition is assigned but the group has no committed offset for it. */
  | 'no-commit'
  /** The partition's offsets could not be asked (deleted topic, no leader). */
  | 'offsets-unknown'

export interface PartitionLag {
  group: string
  topic: string
  partition: number
  logStartOffset: number | null
  currentOffset: number | null
  logEndOffset: number | null
  /** Kafka's lag: log end offset minus committed offset. */
  lag: number | null
  /** Timestamp of the oldest unconsumed record (see TIME_LAG_METHOD); null when nothing or unknown. */
  oldestUnconsumedTimestamp: number | null
  /** now - oldestUnconsumedTimestamp; 0 when nothing is left to consume; null when unknown. */
  timeLagMs: number | null
  /** Newest record timestamp minus oldestUnconsumedTimestamp; 0 when nothing is left; null when unknown. */
  behindNewestMs: number | null
  /** false when a batch's records could not be read and its first record's timestamp stands in. */
  timeExact: boolean
  consumerId: string | null
  clientId: string | null
  host: string | null
  warnings: LagWarning[]
}

/** What the snapshot says about the record at a committed offset: found, none (markers only), or unknown. */
export type RecordLookup = { timestamp: number; exact: boolean } | 'none' | 'unknown'

export interface PartitionInputs {
  row: OffsetRow
  logStartOffset: number | null
  newestTimestamp: number | null
  record: RecordLookup
  offsetsKnown: boolean
}

export function partitionLag(input: PartitionInputs, now: number): PartitionLag {
  const { row, logStartOffset, newestTimestamp, record } = input
  const warnings: LagWarning[] = []
  if (!input.offsetsKnown) warnings.push('offsets-unknown')
  if (row.currentOffset === null && row.consumerId !== null) warnings.push('no-commit')
  if (row.currentOffset !== null && logStartOffset !== null && row.currentOffset < logStartOffset)
    warnings.push('below-log-start')

  let oldest: number | null = null
  let timeLagMs: number | null = null
  let behindNewestMs: number | null = null
  let timeExact = true
  if (row.lag !== null && row.lag <= 0) {
    timeLagMs = 0
    behindNewestMs = 0
  } else if (row.lag !== null && record === 'none') {
    timeLagMs = 0 // only transaction markers are left
    behindNewestMs = 0
  } else if (row.lag !== null && typeof record === 'object') {
    oldest = record.timestamp
    timeExact = record.exact
    timeLagMs = now - record.timestamp
    behindNewestMs = newestTimestamp === null ? null : Math.max(0, newestTimestamp - record.timestamp)
  }
  return {
    group: row.group,
    topic: row.topic,
    partition: row.partition,
    logStartOffset,
    currentOffset: row.currentOffset,
    logEndOffset: row.logEndOffset,
    lag: row.lag,
    oldestUnconsumedTimestamp: oldest,
    timeLagMs,
    behindNewestMs,
    timeExact,
    consumerId: row.consumerId,
    clientId: row.clientId,
    host: row.host,
    warnings,
  }
}

export interface TopicLag {
  group: string
  topic: string
  partitions: number
  /** Sum over partitions with a known lag. */
  lag: number
  maxTimeLagMs: number | null
  /** Partitions with no committed offset or unknown offsets. */
  unknownPartitions: number
}

export interface GroupLag {
  group: string
  state: string
  type: string
  members: number
  topics: number
  partitions: number
  lag: number
  maxTimeLagMs: number | null
  maxBehindNewestMs: number | null
  unknownPartitions: number
}

const maxOf = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null)
  return known.length === 0 ? null : Math.max(...known)
}

export function topicLags(rows: readonly PartitionLag[]): TopicLag[] {
  const byTopic = new Map<string, PartitionLag[]>()
  for (const r of rows) {
    const key = `${r.group}\u0000${r.topic}`
    const list = byTopic.get(key)
    if (list) list.push(r)
    else byTopic.set(key, [r])
  }
  return [...byTopic.values()].map((list) => ({
    group: list[0]!.group,
    topic: list[0]!.topic,
    partitions: list.length,
    lag: list.reduce((n, r) => n + (r.lag ?? 0), 0),
    maxTimeLagMs: maxOf(list.map((r) => r.timeLagMs)),
    unknownPartitions: list.filter((r) => r.lag === null).length,
  }))
}

export function groupLag(
  group: { group: string; state: string; type: string; members: number },
  rows: readonly PartitionLag[],
): GroupLag {
  return {
    ...group,
    topics: new Set(rows.map((r) => r.topic)).size,
    partitions: rows.length,
    lag: rows.reduce((n, r) => n + (r.lag ?? 0), 0),
    maxTimeLagMs: maxOf(rows.map((r) => r.timeLagMs)),
    maxBehindNewestMs: maxOf(rows.map((r) => r.behindNewestMs)),
    unknownPartitions: rows.filter((r) => r.lag === null).length,
  }
}

export interface LagLimits {
  /** --max-lag: records. */
  maxLag?: number
  /** --max-lag-seconds: seconds of TIME-LAG. */
  maxLagSeconds?: number
}

export interface LagViolation {
  group: string
  topic: string
  partition: number
  lag: number | null
  timeLagMs: number | null
  /** Which limits the partition is over. */
  over: ('max-lag' | 'max-lag-seconds')[]
}

/** Partitions over --max-lag (records) or --max-lag-seconds (TIME-LAG). Unknown lags are not over. */
export function lagViolations(rows: readonly PartitionLag[], limits: LagLimits): LagViolation[] {
  const out: LagViolation[] = []
  for (const r of rows) {
    const over: LagViolation['over'] = []
    if (limits.maxLag !== undefined && r.lag !== null && r.lag > limits.maxLag) over.push('max-lag')
    if (
      limits.maxLagSeconds !== undefined &&
      r.timeLagMs !== null &&
      r.timeLagMs > limits.maxLagSeconds * 1000
    )
      over.push('max-lag-seconds')
    if (over.length > 0)
      out.push({
        group: r.group,
        topic: r.topic,
        partition: r.partition,
        lag: r.lag,
        timeLagMs: r.timeLagMs,
        over,
      })
  }
  return out
}
