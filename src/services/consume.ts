import { ByteWriter } from '../core/byte-writer.js'
import { toEnvelope } from '../core/envelope.js'
import { compileFilter, type RecordFilterSpec } from '../core/record-filter.js'
import { compileFormat, type RecordFormatter, VALUE_LINES } from '../core/record-format.js'
import {
  type IsolationLevel,
  type RecordBlock,
  recordAt,
  type StartSpec,
  type ValueEncoding,
} from '../core/records.js'
import type { RecordConsumer, RecordsGateway, StartMoved } from '../kafka/index.js'
import { untilAborted } from './abort.js'

export interface ConsumeOptions {
  topics: string[]
  partitions?: number[]
  group?: string
  start: StartSpec
  exitAtEnd: boolean
  toTime?: number
  isolationLevel: IsolationLevel
  maxMessages: number | null
  idleTimeoutMs: number | null
  output: 'text' | 'jsonl'
  /** kcat-style format (text output); null prints each value on its own line. */
  format: string | null
  keyEncoding: ValueEncoding
  valueEncoding: ValueEncoding
  filter: RecordFilterSpec
  /** Keep the records as envelopes in the result (for --json) instead of writing them out. */
  collect: boolean
  maxBufferedBytes: number
  /** With a group: commit what was written out this often (null: only at the end). */
  commitIntervalMs?: number | null
}

/** Where records go: resolves true once the bytes are written, false when the reader went away. */
export interface RecordSink {
  write(chunk: Buffer): Promise<boolean>
  /** A pipe (whose reader may stop early): writes start small. */
  pipe: boolean
}

export interface ConsumeHooks {
  /** Stops the loop; its reason (SIGINT, SIGTERM, EPIPE) says how the result reports the stop. */
  signal?: AbortSignal
  onProgress?: (done: number, total: number | null) => void
  debug?: (line: string) => void
  /** An asked --offset was outside a partition's log: where reading starts instead. */
  onStartMoved?: (moved: StartMoved) => void
}

export interface ConsumedPartition {
  topic: string
  partition: number
  start: number
  end: number | null
  records: number
  /** The offset after the last record processed (written or filtered out). */
  position: number
}

export interface ConsumeResult {
  topics: string[]
  group: string | null
  /** Records written out. */
  records: number
  /** Records read but left out by the filters. */
  skipped: number
  durationMs: number
  stoppedBy: 'max-messages' | 'end' | 'idle' | 'interrupted' | 'terminated' | 'output-closed' | 'failed'
  partitions: ConsumedPartition[]
  /**
   * Offsets the group has committed, by periodic commits and the last one (what was written out, and
   * filtered records before it); never ahead of what was written.
   */
  committed: { topic: string; partition: number; offset: number }[]
  /** Written out but not committed, because the last commit failed (then commitError says why). */
  notCommitted: { topic: string; partition: number; offset: number }[]
  commitError: string | null
  /** With --json: the records, as jsonl envelopes. */
  messages?: unknown[]
}

export interface ConsumeOutcome {
  result: ConsumeResult
  /** What stopped the consumer when it failed (stoppedBy "failed"), or the last commit's failure. */
  failure: unknown
}

type Offset = { topic: string; partition: number; offset: number }

/**
 * Reads records and writes them out; a record counts as processed (and the group commits it) only
 * after the write that carries it has completed. -n stops after exactly N written records. Whatever
 * ends the loop (the end, a signal, a closed stdout, a lost cluster), the group commits what was
 * written and the result reports it; a failure comes back beside the result, not instead of it.
 */
export async function consumeRecords(
  gateway: RecordsGateway,
  options: ConsumeOptions,
  sink: RecordSink,
  hooks: ConsumeHooks = {},
): Promise<ConsumeOutcome> {
  const started = Date.now()
  // Pure inputs are checked before connecting: a bad --format never joins the group.
  const filter = compileFilter(options.filter)
  const format = formatterFor(options)
  const consumer = await joinUnlessAborted(gateway, options, hooks)
  if (consumer === 'aborted') return stoppedWhileJoining(options, hooks, started)
  try {
    const writer = new RecordWriter(consumer, options, sink, filter, format)
    const commits = new GroupCommits(consumer, options, hooks)
    const { stoppedBy, failure } = await readUntilStopped(consumer, writer, commits, options, hooks)
    const { commitError, failure: commitFailure } = await commits.last()
    return {
      result: {
        topics: options.topics,
        group: options.group ?? null,
        records: writer.written,
        skipped: writer.skipped,
        durationMs: Date.now() - started,
        stoppedBy,
        partitions: writer.partitions(),
        committed: options.group ? commits.confirmed() : [],
        notCommitted: commits.notCommitted(commitError),
        commitError,
        ...(options.collect ? { messages: writer.messages } : {}),
      },
      failure: failure ?? commitFailure,
    }
  } finally {
    await consumer.close()
  }
}

function formatterFor(options: ConsumeOptions): RecordFormatter {
  if (options.output === 'jsonl') return jsonlFormatter(options.keyEncoding, options.valueEncoding)
  return options.format !== null ? compileFormat(options.format) : VALUE_LINES
}

/** Opens the consumer; a signal while joining the group (which can wait for a rebalance) stops at once. */
async function joinUnlessAborted(
  gateway: RecordsGateway,
  options: ConsumeOptions,
  hooks: ConsumeHooks,
): Promise<RecordConsumer | 'aborted'> {
  const opening = gateway.openConsumer({
    topics: options.topics,
    partitions: options.partitions,
    group: options.group,
    start: options.start,
    exitAtEnd: options.exitAtEnd,
    toTime: options.toTime,
    isolationLevel: options.isolationLevel,
    maxBufferedBytes: options.maxBufferedBytes,
    debug: hooks.debug,
    onStartMoved: hooks.onStartMoved,
  })
  const opened = await untilAborted(opening, hooks.signal)
  // The consumer still joins: close it once it has.
  if (opened === 'aborted') opening.then((c) => c.close()).catch(() => {})
  return opened
}

/** Nothing was read: the signal came while joining. */
function stoppedWhileJoining(options: ConsumeOptions, hooks: ConsumeHooks, started: number): ConsumeOutcome {
  const stoppedBy = hooks.signal?.reason === 'SIGTERM' ? 'terminated' : 'interrupted'
  return {
    result: {
      topics: options.topics,
      group: options.group ?? null,
      records: 0,
      skipped: 0,
      durationMs: Date.now() - started,
      stoppedBy: hooks.signal?.reason === 'EPIPE' ? 'output-closed' : stoppedBy,
      partitions: [],
      committed: [],
      notCommitted: [],
      commitError: null,
      ...(options.collect ? { messages: [] } : {}),
    },
    failure: undefined,
  }
}

/**
 * Polls and writes until something stops it: a signal, -n, the idle timeout, the end, a closed output,
 * or a failure (returned, not thrown: what was written is still committed and reported).
 */
async function readUntilStopped(
  consumer: RecordConsumer,
  writer: RecordWriter,
  commits: GroupCommits,
  options: ConsumeOptions,
  hooks: ConsumeHooks,
): Promise<{ stoppedBy: ConsumeResult['stoppedBy']; failure?: unknown }> {
  const stopReason = (): ConsumeResult['stoppedBy'] => {
    const reason = hooks.signal?.reason
    return reason === 'SIGTERM' ? 'terminated' : reason === 'EPIPE' ? 'output-closed' : 'interrupted'
  }
  const total = options.maxMessages ?? (options.exitAtEnd ? writer.totalAtEnd() : null)
  let lastData = Date.now()
  try {
    for (;;) {
      if (hooks.signal?.aborted) return { stoppedBy: stopReason() }
      if (options.maxMessages !== null && writer.written >= options.maxMessages)
        return { stoppedBy: 'max-messages' }
      const idleLeft = options.idleTimeoutMs === null ? 1000 : options.idleTimeoutMs - (Date.now() - lastData)
      if (idleLeft <= 0) return { stoppedBy: 'idle' }
      commits.periodic()
      const block = await untilAborted(consumer.poll(Math.min(idleLeft, 1000)), hooks.signal)
      if (block === 'aborted') return { stoppedBy: stopReason() }
      if (block === null) return { stoppedBy: 'end' }
      if (block === undefined || block.count === 0) continue
      lastData = Date.now()
      if (!(await writer.write(block))) return { stoppedBy: 'output-closed' }
      hooks.onProgress?.(writer.written, total)
    }
  } catch (error) {
    // The cluster was lost (or refused).
    return { stoppedBy: 'failed', failure: error }
  }
}

/** Formats records into writes and marks them processed once each write has completed. */
class RecordWriter {
  written = 0
  skipped = 0
  readonly messages: unknown[] = []
  private readonly out = new ByteWriter()
  private readonly stats = new Map<string, ConsumedPartition>()
  private perWrite = 1

  constructor(
    private readonly consumer: RecordConsumer,
    private readonly options: ConsumeOptions,
    private readonly sink: RecordSink,
    private readonly filter: ReturnType<typeof compileFilter>,
    private readonly format: RecordFormatter,
  ) {}

  /** Records between each partition's start and end, when the consumer stops at an end. */
  totalAtEnd(): number {
    return this.consumer.assignment.reduce(
      (sum, a) => sum + (a.end === null ? 0 : Math.max(0, a.end - a.start)),
      0,
    )
  }

  /**
   * Writes a block's records (up to -n); false when the output closed. To a pipe, writes start at one
   * record and double: a reader that stops early (head) leaves little written unread.
   */
  async write(block: RecordBlock): Promise<boolean> {
    const { options, filter } = this
    let i = 0
    while (i < block.count) {
      const limit = Math.min(
        options.maxMessages === null ? Number.POSITIVE_INFINITY : options.maxMessages - this.written,
        this.sink.pipe ? this.perWrite : Number.POSITIVE_INFINITY,
      )
      if (limit <= 0) break
      const first = i
      let printedNow = 0
      for (; i < block.count && printedNow < limit; i++) {
        if (filter && !filter(block, i)) continue
        printedNow++
        if (options.collect)
          this.messages.push(
            JSON.parse(toEnvelope(recordAt(block, i), options.keyEncoding, options.valueEncoding)),
          )
        else this.format(block, i, this.out)
      }
      if (this.out.length > 0 && !(await this.sink.write(this.out.take()))) return false
      this.perWrite = Math.min(this.perWrite * 2, 1 << 20)
      this.written += printedNow
      this.skipped += i - first - printedNow
      if (i > first) {
        const s = this.statFor(block)
        s.records += printedNow
        s.position = block.offset[i - 1]! + 1
        this.consumer.markProcessed(block.topic, block.partition, s.position)
      }
    }
    return true
  }

  partitions(): ConsumedPartition[] {
    return [...this.stats.values()].sort(byPartition)
  }

  private statFor(b: RecordBlock): ConsumedPartition {
    const key = `${b.topic}:${b.partition}`
    let s = this.stats.get(key)
    if (!s) {
      const range = this.consumer.assignment.find((a) => a.topic === b.topic && a.partition === b.partition)
      const first = b.offset[0]!
      s = {
        topic: b.topic,
        partition: b.partition,
        start: range?.start ?? first,
        end: range?.end ?? null,
        records: 0,
        position: first,
      }
      this.stats.set(key, s)
    }
    return s
  }
}

/** The group's commits: periodic ones while reading (one in flight at a time), then the last one. */
class GroupCommits {
  /** What the group confirmed, per partition. */
  private readonly committed = new Map<string, Offset>()
  private readonly interval: number | null
  private lastCommit = Date.now()
  private inFlight: Promise<void> | undefined

  constructor(
    private readonly consumer: RecordConsumer,
    options: ConsumeOptions,
    private readonly hooks: ConsumeHooks,
  ) {
    this.interval = options.group ? (options.commitIntervalMs ?? null) : null
  }

  private async commit(): Promise<void> {
    const offsets = await this.consumer.commitProcessed()
    for (const o of offsets) this.committed.set(`${o.topic}:${o.partition}`, o)
  }

  /** Commits when the interval has passed and the processed offsets moved. */
  periodic(): void {
    if (this.interval === null || this.inFlight || Date.now() - this.lastCommit < this.interval) return
    this.lastCommit = Date.now()
    const moved = this.consumer
      .processedOffsets()
      .some((o) => this.committed.get(`${o.topic}:${o.partition}`)?.offset !== o.offset)
    if (!moved) return
    this.inFlight = this.commit()
      .catch((error: Error) => this.hooks.debug?.(`periodic commit failed: ${error.message}`))
      .finally(() => {
        this.inFlight = undefined
      })
  }

  /** The last commit, after any periodic one in flight; its failure is returned, not thrown. */
  async last(): Promise<{ commitError: string | null; failure?: unknown }> {
    await this.inFlight
    try {
      await this.commit()
      return { commitError: null }
    } catch (error) {
      return { commitError: (error as Error).message, failure: error }
    }
  }

  confirmed(): Offset[] {
    return [...this.committed.values()].sort(byPartition)
  }

  /** Written out but not committed, because the last commit failed. */
  notCommitted(commitError: string | null): Offset[] {
    if (commitError === null) return []
    return this.consumer
      .processedOffsets()
      .filter((o) => {
        const c = this.committed.get(`${o.topic}:${o.partition}`)
        return !c || c.offset < o.offset
      })
      .sort(byPartition)
  }
}

const byPartition = (a: { topic: string; partition: number }, b: { topic: string; partition: number }) =>
  a.topic.localeCompare(b.topic) || a.partition - b.partition

function jsonlFormatter(keyEncoding: ValueEncoding, valueEncoding: ValueEncoding): RecordFormatter {
  return (block, i, out) => {
    out.text(toEnvelope(recordAt(block, i), keyEncoding, valueEncoding))
    out.byte(10)
  }
}
