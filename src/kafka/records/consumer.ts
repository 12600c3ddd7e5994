/**
 * ktk's consumer: its own Fetch requests to each partition leader (one in flight per broker, the next
 * fetched while the last is written out), record batches decoded by ktk, read_committed filtering of
 * aborted transactions, and an optional consumer group whose commits cover only processed records.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../../core/errors.js'
import type { RecordBlock } from '../../core/records.js'
import { kafkaErrorType } from '../error-codes.js'
import { type Access, partitionError, principalName } from '../error-mapping.js'
import type { ConsumerOptions, PartitionRange, RecordConsumer } from '../gateway.js'
import { partitionLeaders } from '../leaders.js'
import { type FetchPartitionResult, fetchRequest } from '../protocol/fetch-request.js'
import { IsolationLevel, OffsetSpec } from '../protocol/offsets-requests.js'
import type { KafkaSession } from '../session.js'
import { type ReadPosition, readFetched } from './fetched-records.js'
import { GroupMember } from './group.js'
import { OffsetLookup, type PartitionKey } from './start-offsets.js'

const FETCH_MAX_WAIT_MS = 500
const FETCH_MAX_BYTES = 16 * 1024 * 1024
const PARTITION_MAX_BYTES = 1048576
/** Fetch errors that end the consumer (every other one is retried after a metadata refresh). */
const FATAL_FETCH_ERRORS = ['TOPIC_AUTHORIZATION_FAILED', 'UNKNOWN_TOPIC_ID', 'CORRUPT_MESSAGE']

/** The consumer's waits: before a metadata refresh, after a failed fetch, between ListOffsets attempts. */
export interface ConsumerTimings {
  refreshDelayMs: number
  fetchRetryMs: number
  listOffsetsRetryMs: number
}

const TIMINGS: ConsumerTimings = { refreshDelayMs: 200, fetchRetryMs: 500, listOffsetsRetryMs: 250 }

interface PartitionPosition extends PartitionRange, ReadPosition {
  key: string
  leader: number
}

interface Chunk {
  block: RecordBlock
  bytes: number
}

export class SessionConsumer implements RecordConsumer {
  private positions: PartitionPosition[] = []
  private queue: Chunk[] = []
  private queuedBytes = 0
  private readonly fetching = new Set<number>()
  private epoch = 0
  private waiter: (() => void) | undefined
  private failure: Error | undefined
  private closed = false
  private readonly processed = new Map<string, { topic: string; partition: number; offset: number }>()
  private group: GroupMember | undefined
  private leaders = new Map<string, number[]>()
  private refreshing: Promise<void> | undefined
  /**
   * When a broker last answered a fetch (or the assignment was made), and the last failure since: no
   * answer for the connection's timeout ends the consumer with that failure instead of retrying forever.
   */
  private lastAnswer = Date.now()
  private lastFailure: Error | undefined
  private readonly offsets: OffsetLookup

  private constructor(
    private readonly session: KafkaSession,
    private readonly options: ConsumerOptions,
    private readonly timings: ConsumerTimings,
  ) {
    this.offsets = new OffsetLookup(
      session,
      {
        leaderOf: (topic, partition) => this.leaders.get(topic)?.[partition] ?? -1,
        refresh: () => this.refreshLeaders(),
        readAccess: (topic) => this.readAccess(topic),
      },
      timings.listOffsetsRetryMs,
    )
  }

  static async open(
    session: KafkaSession,
    options: ConsumerOptions,
    timings: ConsumerTimings = TIMINGS,
  ): Promise<SessionConsumer> {
    const consumer = new SessionConsumer(session, options, timings)
    try {
      await consumer.start()
    } catch (error) {
      // Joined the group but could not start (e.g. offsets unreadable): leave it, do not stay a member.
      await consumer.close().catch(() => {})
      throw error
    }
    return consumer
  }

  /** In a group, the partitions it assigns; without one, the asked partitions of every topic. */
  private async start(): Promise<void> {
    await this.refreshLeaders()
    if (this.options.group) {
      this.group = this.member(this.options.group)
      await this.assign(await this.group.join())
    } else {
      await this.assign(this.askedPartitions())
    }
  }

  private member(groupId: string): GroupMember {
    return new GroupMember(
      this.session,
      groupId,
      this.options.topics,
      async (topics) => {
        await this.refreshLeaders(topics)
        return new Map(topics.map((t) => [t, this.leaders.get(t)?.length ?? 0]))
      },
      this.options.debug,
    )
  }

  /** --partition (all when not given) of every topic; one a topic lacks is an error. */
  private askedPartitions(): Map<string, number[]> {
    const asked = this.options.partitions
    const wanted = new Map<string, number[]>()
    for (const topic of this.options.topics) {
      const count = this.leaders.get(topic)!.length
      const all = Array.from({ length: count }, (_, i) => i)
      const missing = (asked ?? []).filter((p) => p >= count)
      if (missing.length > 0)
        throw new KtkError(
          'NOT_FOUND',
          `topic "${topic}" has no partition ${missing.join(', ')} (it has ${count})`,
        )
      wanted.set(topic, asked ? all.filter((p) => asked.includes(p)) : all)
    }
    return wanted
  }

  get assignment(): readonly PartitionRange[] {
    return this.positions.map(({ topic, partition, start, end }) => ({ topic, partition, start, end }))
  }

  private async refreshLeaders(topics: readonly string[] = this.options.topics): Promise<void> {
    for (const [topic, leaders] of await partitionLeaders(this.session, topics, 'READ'))
      this.leaders.set(topic, leaders)
    for (const p of this.positions) p.leader = this.leaders.get(p.topic)?.[p.partition] ?? -1
  }

  /** Takes on a set of partitions: start offsets from the group's commits or the start spec, end offsets. */
  private async assign(assignment: Map<string, number[]>): Promise<void> {
    this.epoch++
    this.queue = []
    this.queuedBytes = 0
    this.processed.clear()
    const list = [...assignment].flatMap(([topic, partitions]) =>
      partitions.map((partition) => ({ topic, partition, key: `${topic}:${partition}` })),
    )
    const committed = this.group ? await this.group.committedOffsets(list) : new Map<string, number>()
    const needStart = list.filter((p) => (committed.get(p.key) ?? -1) < 0)
    const starts = await this.offsets.starts(needStart, this.options.start, this.options.onStartMoved)
    const ends = await this.endOffsets(list)
    this.lastAnswer = Date.now()
    this.lastFailure = undefined
    this.positions = list.map((p) => {
      const start = committed.get(p.key) ?? -1
      const offset = start >= 0 ? start : starts.get(p.key)!
      return {
        ...p,
        start: offset,
        end: ends.has(p.key) ? ends.get(p.key)! : null,
        fetchOffset: offset,
        leader: this.leaders.get(p.topic)?.[p.partition] ?? -1,
        aborted: [],
        abortedProducers: new Set(),
      }
    })
    this.pump()
  }

  /** Where each partition ends (--exit-at-end: the end now; --to-time: the first offset after it); none otherwise. */
  private async endOffsets(list: readonly PartitionKey[]): Promise<Map<string, number>> {
    const { exitAtEnd, toTime } = this.options
    if (!exitAtEnd && toTime === undefined) return new Map()
    const isolation = this.isolationLevel()
    const ends = await this.offsets.list(list, OffsetSpec.latest, isolation)
    if (toTime === undefined) return ends
    const byTime = await this.offsets.list(list, BigInt(toTime + 1), isolation)
    for (const [key, offset] of byTime)
      if (offset >= 0) ends.set(key, Math.min(offset, ends.get(key) ?? offset))
    return ends
  }

  private isolationLevel(): number {
    return this.options.isolationLevel === 'read_committed'
      ? IsolationLevel.readCommitted
      : IsolationLevel.readUncommitted
  }

  private done(p: PartitionPosition): boolean {
    return p.end !== null && p.fetchOffset >= p.end
  }

  /** Starts a fetch to every leader that has partitions to read and none in flight. */
  private pump(): void {
    if (this.closed || this.failure || this.queuedBytes >= this.options.maxBufferedBytes) return
    const byLeader = new Map<number, PartitionPosition[]>()
    for (const p of this.positions) {
      if (this.done(p)) continue
      if (p.leader < 0) {
        this.refresh()
        continue
      }
      byLeader.set(p.leader, [...(byLeader.get(p.leader) ?? []), p])
    }
    for (const [leader, parts] of byLeader) {
      if (this.fetching.has(leader)) continue
      this.fetching.add(leader)
      this.fetch(leader, parts, this.epoch).finally(() => {
        this.fetching.delete(leader)
        // A poll waiting for the last fetch to end (every partition at its end) returns now.
        this.wakeUp()
        this.pump()
      })
    }
  }

  /** One Fetch to a leader for its partitions; each partition's answer is handled in order. */
  private async fetch(leader: number, parts: PartitionPosition[], epoch: number): Promise<void> {
    let results: FetchPartitionResult[]
    try {
      results = await this.session.send(this.fetchRequestFor(parts), leader)
    } catch (error) {
      if (epoch !== this.epoch || this.closed) return
      await this.fetchFailed(leader, error as Error)
      return
    }
    this.lastAnswer = Date.now()
    this.lastFailure = undefined
    if (epoch !== this.epoch || this.closed) return
    for (const r of results) {
      const p = parts.find((x) => x.topic === r.topic && x.partition === r.partition)
      if (!p) continue
      try {
        await this.handle(p, r)
      } catch (error) {
        this.fail(error as Error)
        return
      }
      if (epoch !== this.epoch) return
    }
  }

  private fetchRequestFor(parts: readonly PartitionPosition[]) {
    const byTopic = new Map<string, PartitionPosition[]>()
    for (const p of parts) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p])
    const queries = [...byTopic].map(([topic, ps]) => ({
      topic,
      partitions: ps.map((p) => ({
        partition: p.partition,
        offset: p.fetchOffset,
        maxBytes: PARTITION_MAX_BYTES,
      })),
    }))
    return fetchRequest(queries, {
      // Within the request deadline: a long poll must not count as a broker that does not answer.
      maxWaitMs: Math.max(0, Math.min(FETCH_MAX_WAIT_MS, Math.floor(this.session.settings.timeoutMs / 2))),
      minBytes: 1,
      maxBytes: FETCH_MAX_BYTES,
      isolationLevel: this.isolationLevel(),
    })
  }

  /** No answer from the leader: counts toward the outage limit; metadata is refreshed after a pause. */
  private async fetchFailed(leader: number, error: Error): Promise<void> {
    this.options.debug?.(`fetch from broker ${leader} failed: ${error.message}`)
    this.unanswered(error)
    await sleep(this.timings.fetchRetryMs)
    this.refresh()
  }

  /** Consuming needs READ on the topic: a refusal says so. */
  private readAccess(topic: string): Access {
    return {
      principal: principalName(this.session.settings),
      topic: { name: topic, operation: 'READ' as const },
    }
  }

  private async handle(p: PartitionPosition, r: FetchPartitionResult): Promise<void> {
    if (r.errorCode !== 0) return this.fetchRefused(p, r.errorCode)
    const block = await readFetched(p, r, this.options.isolationLevel === 'read_committed')
    if (!block) return
    const bytes = r.records!.length + block.count * 64
    this.queue.push({ block, bytes })
    this.queuedBytes += bytes
    this.wakeUp()
  }

  /** A partition's fetch failed: reset an offset out of range, fail on a refusal, else refresh and go on. */
  private async fetchRefused(p: PartitionPosition, code: number): Promise<void> {
    const type = kafkaErrorType(code)
    if (type === 'OFFSET_OUT_OF_RANGE') return this.resetOutOfRange(p)
    if (FATAL_FETCH_ERRORS.includes(type))
      throw partitionError(code, `cannot read ${p.topic}-${p.partition}`, null, this.readAccess(p.topic))
    this.options.debug?.(`${p.key}: ${type}, refreshing metadata`)
    // The leader moved: the partition waits for the refresh instead of asking the old leader again.
    if (type === 'NOT_LEADER_OR_FOLLOWER') p.leader = -1
    this.refresh()
  }

  private async resetOutOfRange(p: PartitionPosition): Promise<void> {
    const reset = this.options.start.kind === 'earliest' ? OffsetSpec.earliest : OffsetSpec.latest
    const offsets = await this.offsets.list([p], reset)
    this.options.debug?.(`${p.key}: offset ${p.fetchOffset} out of range, reset to ${offsets.get(p.key)}`)
    p.fetchOffset = offsets.get(p.key) ?? p.fetchOffset
  }

  private refresh(): void {
    this.refreshing ??= (async () => {
      try {
        await sleep(this.timings.refreshDelayMs)
        await this.refreshLeaders()
      } catch (error) {
        this.options.debug?.(`metadata refresh failed: ${(error as Error).message}`)
        this.unanswered(error as Error)
      } finally {
        this.refreshing = undefined
        this.pump()
      }
    })()
  }

  /**
   * A fetch or a metadata refresh failed. Retried while the outage is shorter than the connection's
   * timeout; past it the consumer fails (exit 7), so no wait on a lost cluster is unbounded.
   */
  private unanswered(error: Error): void {
    this.lastFailure = error
    this.checkOutage()
  }

  private checkOutage(): void {
    if (!this.lastFailure || this.failure) return
    const timeoutMs = this.session.settings.timeoutMs
    if (Date.now() - this.lastAnswer < timeoutMs) return
    const cause = this.lastFailure
    const code =
      cause instanceof KtkError && (cause.code === 'BROKER_UNREACHABLE' || cause.code === 'TIMEOUT')
        ? cause.code
        : 'TIMEOUT'
    this.fail(
      new KtkError(code, `no broker answered a fetch for ${timeoutMs} ms: ${cause.message}`, {
        hints: ['check that the brokers are running and reachable, or raise --timeout'],
        cause,
      }),
    )
  }

  private fail(error: Error): void {
    this.failure ??= error
    this.wakeUp()
  }

  private wakeUp(): void {
    const w = this.waiter
    this.waiter = undefined
    w?.()
  }

  async poll(waitMs: number): Promise<RecordBlock | undefined | null> {
    if (this.group?.needsRejoin) await this.rebalance()
    const deadline = Date.now() + waitMs
    for (;;) {
      // Records already fetched are handed out before a failure: they count in the report.
      const chunk = this.queue.shift()
      if (chunk) {
        this.queuedBytes -= chunk.bytes
        this.pump()
        return chunk.block
      }
      this.checkOutage()
      if (this.failure) throw this.failure
      if (this.positions.length > 0 && this.positions.every((p) => this.done(p)) && this.fetching.size === 0)
        return null
      if (this.positions.length === 0 && !this.group) return null
      const left = deadline - Date.now()
      if (left <= 0) return undefined
      this.pump()
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000))
        this.waiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      if (this.group?.needsRejoin) await this.rebalance()
    }
  }

  /** The group is rebalancing: commit what was processed, rejoin, start over from the commits. */
  private async rebalance(): Promise<void> {
    await this.commitProcessed().catch((error: Error) =>
      this.options.debug?.(`commit before rebalance: ${error.message}`),
    )
    this.epoch++
    await this.assign(await this.group!.join())
  }

  markProcessed(topic: string, partition: number, nextOffset: number): void {
    const key = `${topic}:${partition}`
    const current = this.processed.get(key)
    if (!current) this.processed.set(key, { topic, partition, offset: nextOffset })
    else current.offset = nextOffset
  }

  processedOffsets(): { topic: string; partition: number; offset: number }[] {
    return [...this.processed.values()].map((o) => ({ ...o }))
  }

  async commitProcessed(): Promise<{ topic: string; partition: number; offset: number }[]> {
    if (!this.group) return []
    // A copy: markProcessed moves the live entries on while the request is in flight.
    const offsets = [...this.processed.values()].map((o) => ({ ...o }))
    await this.group.commit(offsets)
    return offsets
  }

  async close(): Promise<void> {
    this.closed = true
    this.epoch++
    this.wakeUp()
    await this.group?.leave()
  }
}
