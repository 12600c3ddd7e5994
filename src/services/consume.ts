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
import type { RecordsGateway } from '../kafka/index.js'
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
}

/** Where records go: resolves true once the bytes are written, false when the reader went away. */
export interface RecordSink {
  write(chunk: Buffer): Promise<boolean>
  /** A pipe (whose reader may stop early): writes start small. */
  pipe: boolean
}

export interface ConsumeHooks {
  signal?: AbortSignal
  onProgress?: (done: number, total: number | null) => void
  debug?: (line: string) => void
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
  stoppedBy: 'max-messages' | 'end' | 'idle' | 'interrupted' | 'output-closed'
  partitions: ConsumedPartition[]
  /** Offsets committed for the group at the end (what was written out, and filtered records before it). */
  committed: { topic: string; partition: number; offset: number }[]
  /** With --json: the records, as jsonl envelopes. */
  messages?: unknown[]
}

/**
 * Reads records and writes them out; a record counts as processed (and the group commits it) only
 * after the write that carries it has completed. -n stops after exactly N written records.
 */
export async function consumeRecords(
  gateway: RecordsGateway,
  options: ConsumeOptions,
  sink: RecordSink,
  hooks: ConsumeHooks = {},
): Promise<ConsumeResult> {
  const started = Date.now()
  const consumer = await gateway.openConsumer({
    topics: options.topics,
    partitions: options.partitions,
    group: options.group,
    start: options.start,
    exitAtEnd: options.exitAtEnd,
    toTime: options.toTime,
    isolationLevel: options.isolationLevel,
    maxBufferedBytes: options.maxBufferedBytes,
    debug: hooks.debug,
  })
  const filter = compileFilter(options.filter)
  const format: RecordFormatter =
    options.output === 'jsonl'
      ? jsonlFormatter(options.keyEncoding, options.valueEncoding)
      : options.format !== null
        ? compileFormat(options.format)
        : VALUE_LINES
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

  let written = 0
  let skipped = 0
  let stoppedBy: ConsumeResult['stoppedBy'] = 'end'
  let lastData = Date.now()
  let perWrite = 1
  try {
    for (;;) {
      if (hooks.signal?.aborted) {
        stoppedBy = 'interrupted'
        break
      }
      if (options.maxMessages !== null && written >= options.maxMessages) {
        stoppedBy = 'max-messages'
        break
      }
      const idleLeft = options.idleTimeoutMs === null ? 1000 : options.idleTimeoutMs - (Date.now() - lastData)
      if (idleLeft <= 0) {
        stoppedBy = 'idle'
        break
      }
      const block = await untilAborted(consumer.poll(Math.min(idleLeft, 1000)), hooks.signal)
      if (block === 'aborted') {
        stoppedBy = 'interrupted'
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
    const committed = await consumer.commitProcessed()
    return {
      topics: options.topics,
      group: options.group ?? null,
      records: written,
      skipped,
      durationMs: Date.now() - started,
      stoppedBy,
      partitions: [...stats.values()].sort(
        (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition,
      ),
      committed,
      ...(options.collect ? { messages } : {}),
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
