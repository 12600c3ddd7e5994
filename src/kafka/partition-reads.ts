import {
  groupByTopic,
  type LogOffset,
  type OffsetQuery,
  type RecordAt,
  type TopicPartition,
  tpKey,
} from '../core/group-types.js'
import { Err, kafkaErrorType } from './error-codes.js'
import { metadataLeaders } from './leaders.js'
import { fetchRequest } from './protocol/fetch-request.js'
import { ListOffsets } from './protocol/messages/list-offsets.js'
import {
  IsolationLevel,
  LIST_OFFSETS_MAX_TIMESTAMP,
  type ListOffsetsQuery,
  listOffsetsRequest,
  OffsetSpec,
} from './protocol/offsets-requests.js'
import { indexRecords, scanBatches } from './records/record-batch.js'
import { RetriableAnswer, RetriesExhausted, withRetries } from './retries.js'
import type { KafkaSession } from './session.js'

type Leader = number | 'unknown-topic' | 'unknown-partition' | 'no-leader'

/**
 * Reads from partition leaders: log offsets (ListOffsets) and single records (Fetch), one request per
 * leader for any number of partitions. Leaders come from one Metadata request per set of new topics and
 * are looked up again when a broker says it no longer leads.
 */
export class PartitionReader {
  /** Each topic's leaders by partition, or null for a topic the cluster does not have. */
  private readonly leaders = new Map<string, Promise<number[] | null>>()

  constructor(private readonly session: KafkaSession) {}

  async logOffsets(partitions: readonly TopicPartition[], query: OffsetQuery): Promise<LogOffset[]> {
    const unique = dedupe(partitions)
    const results = new Map<string, LogOffset>()
    /** max-timestamp on leaders older than Kafka 3.0: answered from a read of the newest record. */
    const byRead: TopicPartition[] = []
    let pending = unique
    /** The last leader error (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE) of the partitions still pending. */
    let leaderError: number = Err.notLeaderOrFollower
    // A partition whose leader moved is asked again, after a metadata refresh and a backoff.
    const attempt = async () => {
      const retry: TopicPartition[] = []
      const byLeader = await this.groupByLeader(pending, (tp, reason) =>
        results.set(tpKey(tp.topic, tp.partition), { ...tp, offset: null, timestamp: null, error: reason }),
      )
      await Promise.all(
        [...byLeader].map(async ([leader, tps]) => {
          if (
            query === 'max-timestamp' &&
            ((await this.session.maxVersion(ListOffsets.apiKey, leader)) ?? -1) < LIST_OFFSETS_MAX_TIMESTAMP
          ) {
            byRead.push(...tps)
            return
          }
          const listed = await this.session.send(
            listOffsetsRequest(toQueries(tps, query), IsolationLevel.readUncommitted, {
              timeoutMs: this.session.settings.timeoutMs,
            }),
            leader,
          )
          for (const o of listed) {
            const tp = { topic: o.topic, partition: o.partition }
            if (o.errorCode === Err.notLeaderOrFollower || o.errorCode === Err.leaderNotAvailable) {
              retry.push(tp)
              leaderError = o.errorCode
              continue
            }
            const found = o.errorCode === 0 && o.offset >= 0n
            const withTime = query === 'max-timestamp' || typeof query !== 'string'
            results.set(tpKey(tp.topic, tp.partition), {
              ...tp,
              offset: found ? Number(o.offset) : null,
              timestamp: found && withTime && o.timestamp >= 0n ? Number(o.timestamp) : null,
              error: o.errorCode === 0 ? null : kafkaErrorType(o.errorCode),
            })
          }
        }),
      )
      for (const tp of retry) this.leaders.delete(tp.topic)
      pending = retry
      if (retry.length > 0) throw new RetriableAnswer(leaderError)
    }
    try {
      await withRetries(attempt, {
        what: 'ListOffsets',
        attempts: 4,
        deadlineAt: Date.now() + this.session.settings.timeoutMs,
      })
    } catch (error) {
      if (!(error instanceof RetriesExhausted)) throw error
      // Each partition still without a leader says so; the others keep their answers.
      for (const tp of pending) {
        results.set(tpKey(tp.topic, tp.partition), {
          ...tp,
          offset: null,
          timestamp: null,
          error: kafkaErrorType(error.errorCode),
        })
      }
    }
    for (const o of await this.newestByRead(byRead)) results.set(tpKey(o.topic, o.partition), o)
    return unique.map((tp) => results.get(tpKey(tp.topic, tp.partition))!)
  }

  /**
   * What ListOffsets max-timestamp (Kafka 3.0+) answers, for older leaders: the newest record by offset,
   * read from the log end. It is the record with the largest timestamp unless producers wrote timestamps
   * out of order (CreateTime); a log that ends in transaction markers after its last record gives null.
   */
  private async newestByRead(partitions: readonly TopicPartition[]): Promise<LogOffset[]> {
    if (partitions.length === 0) return []
    const ends = await this.logOffsets(partitions, 'latest')
    const withData = ends.filter((e) => e.offset !== null && e.offset > 0)
    const records = await this.recordsAt(withData.map((e) => ({ ...e, offset: e.offset! - 1 })))
    return ends.map((e) => {
      const found = records.find((r) => r.topic === e.topic && r.partition === e.partition)?.record
      return found
        ? {
            topic: e.topic,
            partition: e.partition,
            offset: found.offset,
            timestamp: found.timestamp,
            error: null,
          }
        : { ...e, offset: null, timestamp: null }
    })
  }

  /**
   * The first data record at or after each offset. Each round sends one Fetch per leader holding each
   * partition's lowest unanswered offset; the batches that come back answer every offset they cover, so
   * groups at nearby offsets cost one round. An offset below the log start (records deleted) is answered
   * by the oldest record still there; an offset at the log end has no record.
   */
  async recordsAt(queries: readonly (TopicPartition & { offset: number })[]): Promise<RecordAt[]> {
    const perPartition = new Map<
      string,
      { tp: TopicPartition; pending: { requested: number; from: number }[] }
    >()
    for (const q of queries) {
      const key = tpKey(q.topic, q.partition)
      const entry = perPartition.get(key) ?? { tp: { topic: q.topic, partition: q.partition }, pending: [] }
      if (!entry.pending.some((p) => p.requested === q.offset))
        entry.pending.push({ requested: q.offset, from: q.offset })
      perPartition.set(key, entry)
    }
    const found: RecordAt[] = []
    /** Where the next fetch of a partition starts: everything below it has been read. */
    const cursor = new Map<string, number>()
    const leaderRetries = new Map<string, number>()
    for (let round = 0; round < 10_000; round++) {
      const wanted: (TopicPartition & { offset: number })[] = []
      for (const [key, entry] of perPartition) {
        if (entry.pending.length === 0) continue
        const lowest = Math.min(...entry.pending.map((p) => p.from))
        wanted.push({ ...entry.tp, offset: Math.max(lowest, cursor.get(key) ?? lowest) })
      }
      if (wanted.length === 0) break
      const byLeader = await this.groupByLeader(wanted, (tp) => {
        perPartition.get(tpKey(tp.topic, tp.partition))!.pending = []
      })
      const outOfRange: TopicPartition[] = []
      await Promise.all(
        [...byLeader].map(async ([leader, tps]) => {
          const fetched = await this.session.send(singleRecordFetch(tps), leader)
          for (const p of fetched) {
            const key = tpKey(p.topic, p.partition)
            const entry = perPartition.get(key)
            if (!entry) continue
            if (p.errorCode === Err.notLeaderOrFollower || p.errorCode === Err.leaderNotAvailable) {
              this.leaders.delete(p.topic)
              const retries = (leaderRetries.get(key) ?? 0) + 1
              leaderRetries.set(key, retries)
              if (retries > 3) entry.pending = []
              continue
            }
            if (p.errorCode === Err.offsetOutOfRange) {
              outOfRange.push(entry.tp)
              continue
            }
            const data = p.records ?? Buffer.alloc(0)
            const batches =
              p.errorCode === 0 ? scanBatches(data, p.topic, p.partition, { lenient: true }) : []
            if (p.errorCode === 0 && entry.pending.every((q) => q.from >= p.highWatermark)) {
              for (const q of entry.pending) found.push({ ...entry.tp, requested: q.requested, record: null })
              entry.pending = []
              continue
            }
            if (batches.length === 0) {
              entry.pending = [] // an error, or no progress possible: nothing known
              continue
            }
            const readUpTo = batches[batches.length - 1]!.lastOffset
            const index = await indexRecords(data, batches)
            entry.pending = entry.pending.filter((q) => {
              const record = q.from >= p.highWatermark ? null : index.find(q.from)
              if (record || q.from >= p.highWatermark || readUpTo >= p.highWatermark - 1) {
                // Found, or nothing but transaction markers up to the end of the log.
                found.push({ ...entry.tp, requested: q.requested, record })
                return false
              }
              return true // short of the end: read on from where this response stopped
            })
            cursor.set(key, readUpTo + 1)
          }
        }),
      )
      // Below the log start (records deleted since the offsets were read): start at the oldest record left.
      if (outOfRange.length > 0) {
        for (const start of await this.logOffsets(outOfRange, 'earliest')) {
          const key = tpKey(start.topic, start.partition)
          const entry = perPartition.get(key)!
          cursor.delete(key)
          // An offset past the log end is out of range too: nothing to read there.
          if (start.offset === null || entry.pending.every((q) => q.from >= start.offset!)) entry.pending = []
          else for (const q of entry.pending) q.from = Math.max(q.from, start.offset)
        }
      }
    }
    return found
  }

  /** Partitions grouped by leader; the others are reported through `unavailable` with the reason. */
  private async groupByLeader<T extends TopicPartition>(
    partitions: readonly T[],
    unavailable: (tp: T, reason: string) => void,
  ): Promise<Map<number, T[]>> {
    const topics = [...new Set(partitions.map((p) => p.topic))]
    const missing = topics.filter((t) => !this.leaders.has(t))
    if (missing.length > 0) {
      const found = metadataLeaders(this.session, missing)
      for (const topic of missing) {
        this.leaders.set(
          topic,
          found.then((byTopic) => {
            const t = byTopic.get(topic)!
            return t.errorCode === Err.unknownTopicOrPartition || t.leaders.length === 0 ? null : t.leaders
          }),
        )
      }
    }
    const byLeader = new Map<number, T[]>()
    for (const tp of partitions) {
      const leaders = await this.leaders.get(tp.topic)!
      const id = leaders?.[tp.partition]
      const leader: Leader = !leaders
        ? 'unknown-topic'
        : id === undefined
          ? 'unknown-partition'
          : id < 0
            ? 'no-leader'
            : id
      if (typeof leader === 'number') {
        const list = byLeader.get(leader)
        if (list) list.push(tp)
        else byLeader.set(leader, [tp])
      } else {
        unavailable(tp, leader === 'no-leader' ? 'LEADER_NOT_AVAILABLE' : 'UNKNOWN_TOPIC_OR_PARTITION')
      }
    }
    return byLeader
  }
}

function dedupe(partitions: readonly TopicPartition[]): TopicPartition[] {
  const seen = new Map<string, TopicPartition>()
  for (const p of partitions)
    seen.set(tpKey(p.topic, p.partition), { topic: p.topic, partition: p.partition })
  return [...seen.values()]
}

function toQueries(partitions: readonly TopicPartition[], query: OffsetQuery): ListOffsetsQuery[] {
  const timestamp =
    query === 'earliest'
      ? OffsetSpec.earliest
      : query === 'latest'
        ? OffsetSpec.latest
        : query === 'max-timestamp'
          ? OffsetSpec.maxTimestamp
          : BigInt(query.timestamp)
  return [...groupByTopic(partitions)].map(([topic, list]) => ({
    topic,
    partitions: list.map((p) => ({ partition: p.partition, timestamp })),
  }))
}

/**
 * A non-blocking read of a little data from each partition: ktk reads single records with it (a
 * record's timestamp), so it asks for little; the broker still returns the whole first batch when it is
 * larger (KIP-74).
 */
function singleRecordFetch(queries: readonly (TopicPartition & { offset: number })[]) {
  return fetchRequest(
    [...groupByTopic(queries)].map(([topic, list]) => ({
      topic,
      partitions: list.map((q) => ({ partition: q.partition, offset: q.offset, maxBytes: 64 * 1024 })),
    })),
    { maxWaitMs: 0, minBytes: 0, maxBytes: 64 * 1024 * 1024, isolationLevel: IsolationLevel.readUncommitted },
  )
}
