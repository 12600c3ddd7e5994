import { fromEnvelope } from '../core/envelope.js'
import { KtkError, withHint } from '../core/errors.js'
import { type LineModeOptions, LineRecords, LineSplitter, lineToRecord } from '../core/line-input.js'
import { toRanges } from '../core/line-ranges.js'
import type { Acks, Compression, OutgoingRecord, ValueEncoding } from '../core/records.js'
import type { DeliveryReport, ProducerOptions, RecordProducer, RecordsGateway } from '../kafka/index.js'
import { untilAborted } from './abort.js'

/** What the producer needs (ProducerOptions), and how to read the input. */
export interface ProduceOptions extends Omit<ProducerOptions, 'onDelivery' | 'onPartitionFailed'> {
  input: 'lines' | 'jsonl'
  lineMode: LineModeOptions
  keyEncoding: ValueEncoding
  valueEncoding: ValueEncoding
}

export interface ProduceInput {
  chunks: AsyncIterable<Buffer>
  /** Size of the input when known (a file), for progress. */
  totalBytes: number | null
}

export interface ProduceHooks {
  /**
   * Aborts reading (Ctrl-C, SIGTERM: the abort reason): what was not sent is reported as not
   * acknowledged.
   */
  signal?: AbortSignal
  onProgress?: (progress: {
    bytesRead: number
    totalBytes: number | null
    records: number
    acknowledged: number
  }) => void
}

export interface PartitionSummary {
  partition: number
  records: number
  firstOffset: number | null
  lastOffset: number | null
}

export interface NotAcknowledged {
  /** Input line numbers as ranges, e.g. "12-40,57". */
  lines: string
  count: number
  partition: number | null
  /** no: certainly not written; unknown: sent, but no acknowledgement came (it may be in the topic). */
  written: 'no' | 'unknown'
  reason: string
}

export interface ProduceResult {
  topic: string
  /** Records read from the input (lines that were records, including those that failed to parse). */
  records: number
  acknowledged: number
  notAcknowledged: number
  /** Key and value bytes of the acknowledged records. */
  bytes: number
  durationMs: number
  recordsPerSecond: number
  megabytesPerSecond: number
  acks: Acks
  idempotent: boolean
  compression: Compression
  partitions: PartitionSummary[]
  failures: NotAcknowledged[]
  transaction: { id: string; outcome: 'committed' | 'aborted' } | null
  interrupted: boolean
  /** The signal that interrupted the run (SIGINT: Ctrl-C; SIGTERM: timeout, CI runners, Kubernetes). */
  signal: 'SIGINT' | 'SIGTERM' | null
  /** Input lines read before an interruption stopped reading (the rest of the input was not read). */
  linesRead: number
  /** Input lines that are not records (not an envelope, no key separator): reported, never produced. */
  invalidLines: number
}

/**
 * Streams the input into the topic: reads a chunk, queues its records, waits while the producer holds
 * its memory bound, and accounts for every line: acknowledged at an offset, or listed with the reason.
 */
export async function produceRecords(
  gateway: RecordsGateway,
  options: ProduceOptions,
  input: ProduceInput,
  hooks: ProduceHooks = {},
): Promise<ProduceResult> {
  const started = Date.now()
  const tally = new DeliveryTally(options.transactionalId !== null)
  const producer = await openProducer(gateway, options, tally)
  const splitter = recordSplitter(options, producer, tally)
  const { interrupted, signal, bytesRead } = await readInput(input, splitter, producer, tally, hooks)
  if (interrupted) producer.abortUnsent()
  await producer.flush()
  hooks.onProgress?.(tally.progress(bytesRead, input.totalBytes))
  const transaction = await endTransaction(producer, options, tally, interrupted)
  return summary(options, tally, {
    durationMs: Date.now() - started,
    transaction,
    interrupted,
    signal,
    linesRead: splitter.lines,
  })
}

type Written = NotAcknowledged['written']

/** Every line's fate so far: acknowledged (per partition), or failed with a reason. */
class DeliveryTally {
  readonly partitions = new Map<number, PartitionSummary>()
  readonly failures = new Map<
    string,
    { lines: number[]; partition: number | null; written: Written; reason: string }
  >()
  acknowledged = 0
  invalidLines = 0
  records = 0
  bytes = 0
  /** Acknowledged lines per partition, while a transaction may still abort them. */
  private readonly transactionLines = new Map<number, number[]>()

  constructor(private readonly transactional: boolean) {}

  fail(lines: readonly number[], partition: number | null, written: Written, reason: string): void {
    const key = `${partition}\u0000${written}\u0000${reason}`
    const entry = this.failures.get(key) ?? { lines: [], partition, written, reason }
    for (const l of lines) entry.lines.push(l)
    this.failures.set(key, entry)
  }

  /** The producer's report on some records. */
  delivered(r: DeliveryReport): void {
    if (r.error !== null) {
      this.fail(r.lines, r.partition, r.written === 'unknown' ? 'unknown' : 'no', r.error)
      return
    }
    this.acknowledged += r.lines.length
    const p = this.partitions.get(r.partition) ?? {
      partition: r.partition,
      records: 0,
      firstOffset: null,
      lastOffset: null,
    }
    p.records += r.lines.length
    if (r.baseOffset !== null) {
      if (p.firstOffset === null || r.baseOffset < p.firstOffset) p.firstOffset = r.baseOffset
      const last = r.baseOffset + r.lines.length - 1
      if (p.lastOffset === null || last > p.lastOffset) p.lastOffset = last
    }
    this.partitions.set(r.partition, p)
    if (this.transactional) {
      const lines = this.transactionLines.get(r.partition) ?? []
      for (const l of r.lines) lines.push(l)
      this.transactionLines.set(r.partition, lines)
    }
    this.bytes += r.bytes
  }

  /** Nothing of an aborted transaction is visible to read_committed readers. */
  transactionAborted(): void {
    for (const [partition, lines] of this.transactionLines)
      this.fail(lines, partition, 'no', 'acknowledged, then the transaction was aborted')
    this.partitions.clear()
    this.acknowledged = 0
    this.bytes = 0
  }

  progress(bytesRead: number, totalBytes: number | null) {
    return { bytesRead, totalBytes, records: this.records, acknowledged: this.acknowledged }
  }
}

/** The producer for these options, reporting into the tally; a refusal says that nothing was written. */
async function openProducer(
  gateway: RecordsGateway,
  options: ProduceOptions,
  tally: DeliveryTally,
): Promise<RecordProducer> {
  const {
    input: _input,
    lineMode: _lineMode,
    keyEncoding: _k,
    valueEncoding: _v,
    ...producerOptions
  } = options
  return gateway
    .openProducer({
      ...producerOptions,
      idempotent: options.idempotent && options.acks === 'all',
      onDelivery: (report) => tally.delivered(report),
    })
    .catch((error: unknown) => {
      // Refused before the first record (no such topic, no WRITE, no producer id): say that nothing went.
      throw error instanceof KtkError ? withHint(error, 'nothing was written: no input was read') : error
    })
}

/** Splits input chunks into lines and sends each line's record; a line that is no record is a failure. */
function recordSplitter(
  options: ProduceOptions,
  producer: RecordProducer,
  tally: DeliveryTally,
): LineSplitter {
  const send = (record: OutgoingRecord) => {
    tally.records++
    producer.send(record)
  }
  const fast =
    options.input === 'lines' && LineRecords.fast(options.lineMode) ? new LineRecords(options.lineMode) : null
  return new LineSplitter((source, start, end, n) => {
    try {
      if (fast) send(fast.next(source, start, end, n))
      else if (options.input === 'lines') send(lineToRecord(source.subarray(start, end), n, options.lineMode))
      else {
        if (end === start || (end === start + 1 && source[start] === 13)) return
        send(fromEnvelope(source.toString('utf8', start, end), n, options.keyEncoding, options.valueEncoding))
      }
    } catch (error) {
      tally.records++
      tally.invalidLines++
      const message = (error as Error).message
      tally.fail([n], null, 'no', options.input === 'jsonl' ? `invalid envelope: ${message}` : message)
    }
  })
}

/**
 * Reads the input into the splitter, waiting while the producer is at its memory bound, until the
 * input ends or the signal aborts. A failing input is thrown after what was read is flushed.
 */
async function readInput(
  input: ProduceInput,
  splitter: LineSplitter,
  producer: RecordProducer,
  tally: DeliveryTally,
  hooks: ProduceHooks,
): Promise<{ interrupted: boolean; signal: ProduceResult['signal']; bytesRead: number }> {
  let bytesRead = 0
  let lastProgress = 0
  const chunks = input.chunks[Symbol.asyncIterator]()
  try {
    for (;;) {
      const next = await untilAborted(chunks.next(), hooks.signal)
      if (next === 'aborted' || next.done) break
      const chunk = next.value
      bytesRead += chunk.length
      splitter.push(chunk)
      const wait = producer.waitForCapacity()
      if (wait) await untilAborted(wait, hooks.signal)
      if (Date.now() - lastProgress > 100) {
        lastProgress = Date.now()
        hooks.onProgress?.(tally.progress(bytesRead, input.totalBytes))
      }
      if (hooks.signal?.aborted) break
    }
    if (!hooks.signal?.aborted) {
      splitter.end()
      return { interrupted: false, signal: null, bytesRead }
    }
    // Stop reading: ends a read still waiting for input (a terminal, a slow pipe).
    chunks.return?.().catch(() => {})
    return { interrupted: true, signal: hooks.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT', bytesRead }
  } catch (error) {
    // The input failed (e.g. an unreadable file): what was read is still accounted for.
    producer.abortUnsent()
    await producer.flush()
    throw error
  }
}

/** Commits the transaction when every record was acknowledged and nothing interrupted, else aborts it. */
async function endTransaction(
  producer: RecordProducer,
  options: ProduceOptions,
  tally: DeliveryTally,
  interrupted: boolean,
): Promise<ProduceResult['transaction']> {
  if (options.transactionalId === null) return null
  const commit = tally.failures.size === 0 && !interrupted
  await producer.endTransaction(commit)
  if (!commit) tally.transactionAborted()
  return { id: options.transactionalId, outcome: commit ? 'committed' : 'aborted' }
}

function summary(
  options: ProduceOptions,
  tally: DeliveryTally,
  run: Pick<ProduceResult, 'durationMs' | 'transaction' | 'interrupted' | 'signal' | 'linesRead'>,
): ProduceResult {
  const { durationMs } = run
  const failures = [...tally.failures.values()]
    .filter((f) => f.lines.length > 0)
    .map((f) => ({
      lines: toRanges(f.lines),
      count: f.lines.length,
      partition: f.partition,
      written: f.written,
      reason: f.reason,
    }))
  const { acknowledged, bytes } = tally
  return {
    topic: options.topic,
    records: tally.records,
    acknowledged,
    notAcknowledged: failures.reduce((n, f) => n + f.count, 0),
    bytes,
    durationMs,
    recordsPerSecond: durationMs > 0 ? Math.round((acknowledged * 1000) / durationMs) : acknowledged,
    megabytesPerSecond: durationMs > 0 ? +((bytes / 1e6) * (1000 / durationMs)).toFixed(2) : 0,
    acks: options.acks,
    idempotent: options.idempotent && options.acks === 'all',
    compression: options.compression,
    partitions: [...tally.partitions.values()].sort((a, b) => a.partition - b.partition),
    failures,
    transaction: run.transaction,
    interrupted: run.interrupted,
    signal: run.signal,
    linesRead: run.linesRead,
    invalidLines: tally.invalidLines,
  }
}

/**
 * The error a produce with unacknowledged records ends with (its exit code follows the cause: a
 * signal, a refusal, a timeout, invalid input lines (2), else 1).
 */
export function produceFailure(result: ProduceResult): KtkError | null {
  if (result.interrupted)
    return result.signal === 'SIGTERM'
      ? new KtkError(
          'TERMINATED',
          `terminated (SIGTERM): ${result.notAcknowledged} of ${result.records} records read were not acknowledged`,
        )
      : new KtkError(
          'INTERRUPTED',
          `interrupted: ${result.notAcknowledged} of ${result.records} records read were not acknowledged`,
        )
  if (result.notAcknowledged === 0) return null
  const timeout = result.failures.some((f) =>
    /did not acknowledge within|no answer|cannot reach/.test(f.reason),
  )
  const refused = result.failures.some((f) => /\bnot authorized to /.test(f.reason))
  const invalid = result.invalidLines > 0
  return new KtkError(
    refused ? 'AUTHORIZATION_FAILED' : timeout ? 'TIMEOUT' : invalid ? 'USAGE' : 'NOT_ACKNOWLEDGED',
    `${result.notAcknowledged} of ${result.records} records were not acknowledged (lines ${result.failures.map((f) => f.lines).join(',')})`,
  )
}
