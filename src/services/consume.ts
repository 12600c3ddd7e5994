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
import type { RecordsGateway, StartMoved } from '../kafka/index.js'
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
  const format: RecordFormatter =
    options.output === 'jsonl'
      ? jsonlFormatter(options.keyEncoding, options.valueEncoding)
      : options.format !== null
        ? compileFormat(options.format)
        : VALUE_LINES
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
  // A signal while joining the group (which can wait for a rebalance) stops at once: nothing was read.
  const opened = await untilAborted(opening, hooks.signal)
  if (opened === 'aborted') {
    opening.then((c) => c.close()).catch(() => {})
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
  const consumer = opened
  const stats = new Map<string, ConsumedPartition>()
  const statFor = (b: RecordBlock) => {
    const key = `${b.topic}:${b.partition}`
    let s = stats.get(key)
    if (!s) {
      const range = consumer.assignment.find((a) => a.topic === b.topic && a.partition === b.partition)
      const first = b.offset[0]!
      s = {
        topic: b.topic,
        partition: b.partition,
        start: range?.start ?? first,
        end: range?.end ?? null,
        records: 0,
        position: first,
      }
      stats.set(key, s)
    }
    return s
  }
  const out = new ByteWriter()
  const totalAtEnd = () =>
    consumer.assignment.reduce((sum, a) => sum + (a.end === null ? 0 : Math.max(0, a.end - a.start)), 0)
  const total = options.maxMessages ?? (options.exitAtEnd ? totalAtEnd() : null)
  const messages: unknown[] = []

  // Commits: what the group confirmed, per partition; one commit in flight at a time.
  const committed = new Map<string, Offset>()
  const commitInterval = options.group ? (options.commitIntervalMs ?? null) : null
  let lastCommit = Date.now()
  let commitInFlight: Promise<void> | undefined
  const commit = async () => {
    const offsets = await consumer.commitProcessed()
    for (const o of offsets) committed.set(`${o.topic}:${o.partition}`, o)
  }
  const periodicCommit = () => {
    if (commitInterval === null || commitInFlight || Date.now() - lastCommit < commitInterval) return
    lastCommit = Date.now()
    const moved = consumer
      .processedOffsets()
      .some((o) => committed.get(`${o.topic}:${o.partition}`)?.offset !== o.offset)
    if (!moved) return
    commitInFlight = commit()
      .catch((error: Error) => hooks.debug?.(`periodic commit failed: ${error.message}`))
      .finally(() => {
        commitInFlight = undefined
      })
  }
  const stopReason = (): ConsumeResult['stoppedBy'] => {
    const reason = hooks.signal?.reason
    return reason === 'SIGTERM' ? 'terminated' : reason === 'EPIPE' ? 'output-closed' : 'interrupted'
  }

  let written = 0
  let skipped = 0
  let stoppedBy: ConsumeResult['stoppedBy'] = 'end'
  let failure: unknown
  let lastData = Date.now()
  let perWrite = 1
  try {
    try {
      for (;;) {
        if (hooks.signal?.aborted) {
          stoppedBy = stopReason()
          break
        }
        if (options.maxMessages !== null && written >= options.maxMessages) {
          stoppedBy = 'max-messages'
          break
        }
        const idleLeft =
          options.idleTimeoutMs === null ? 1000 : options.idleTimeoutMs - (Date.now() - lastData)
        if (idleLeft <= 0) {
          stoppedBy = 'idle'
          break
        }
        periodicCommit()
        const block = await untilAborted(consumer.poll(Math.min(idleLeft, 1000)), hooks.signal)
        if (block === 'aborted') {
          stoppedBy = stopReason()
          break
        }
        if (block === null) {
          stoppedBy = 'end'
          break
        }
        if (block === undefined || block.count === 0) continue
        lastData = Date.now()

        // Format records into a write; they count as processed once it has completed. To a pipe, writes
        // start at one record and double: a reader that stops early (head) leaves little written unread.
        let i = 0
        let closed = false
        while (i < block.count) {
          const limit = Math.min(
            options.maxMessages === null ? Number.POSITIVE_INFINITY : options.maxMessages - written,
            sink.pipe ? perWrite : Number.POSITIVE_INFINITY,
          )
          if (limit <= 0) break
          const first = i
          let printedNow = 0
          for (; i < block.count && printedNow < limit; i++) {
            if (filter && !filter(block, i)) continue
            printedNow++
            if (options.collect)
              messages.push(
                JSON.parse(toEnvelope(recordAt(block, i), options.keyEncoding, options.valueEncoding)),
              )
            else format(block, i, out)
          }
          if (out.length > 0 && !(await sink.write(out.take()))) {
            closed = true
            break
          }
          perWrite = Math.min(perWrite * 2, 1 << 20)
          written += printedNow
          skipped += i - first - printedNow
          if (i > first) {
            const s = statFor(block)
            s.records += printedNow
            s.position = block.offset[i - 1]! + 1
            consumer.markProcessed(block.topic, block.partition, s.position)
          }
        }
        if (closed) {
          stoppedBy = 'output-closed'
          break
        }
        hooks.onProgress?.(written, total)
      }
    } catch (error) {
      // The cluster was lost (or refused): what was written is still committed where possible, and reported.
      failure = error
      stoppedBy = 'failed'
    }
    await commitInFlight
    let commitError: string | null = null
    try {
      await commit()
    } catch (error) {
      commitError = (error as Error).message
      failure ??= error
    }
    const notCommitted =
      commitError === null
        ? []
        : consumer.processedOffsets().filter((o) => {
            const c = committed.get(`${o.topic}:${o.partition}`)
            return !c || c.offset < o.offset
          })
    const byPartition = (a: { topic: string; partition: number }, b: { topic: string; partition: number }) =>
      a.topic.localeCompare(b.topic) || a.partition - b.partition
    return {
      result: {
        topics: options.topics,
        group: options.group ?? null,
        records: written,
        skipped,
        durationMs: Date.now() - started,
        stoppedBy,
        partitions: [...stats.values()].sort(byPartition),
        committed: options.group ? [...committed.values()].sort(byPartition) : [],
        notCommitted: notCommitted.sort(byPartition),
        commitError,
        ...(options.collect ? { messages } : {}),
      },
      failure,
    }
  } finally {
    await consumer.close()
  }
}

function jsonlFormatter(keyEncoding: ValueEncoding, valueEncoding: ValueEncoding): RecordFormatter {
  return (block, i, out) => {
    out.text(toEnvelope(recordAt(block, i), keyEncoding, valueEncoding))
    out.byte(10)
  }
}
