/**
 * The producer's batch queue: records accumulate per partition in an open batch, which is sealed when
 * full, when it has lingered long enough, or on flush; sealed batches wait in sequence order until
 * acknowledged. It also bounds memory (send() callers wait for capacity) and ends every batch in one
 * delivery report.
 */
import type { OutgoingRecord } from '../../core/records.js'
import type { DeliveryReport } from '../gateway.js'
import { BatchBuilder } from './batch-builder.js'

/** A sealed batch, from the queue until its delivery report. */
export interface Batch {
  partition: number
  builder: BatchBuilder
  /** The framed batch once built (compressed, with the producer id and sequence). */
  data: Buffer | null
  baseSequence: number
  createdAt: number
  state: 'building' | 'waiting' | 'inflight'
  /**
   * Possibly written: sent, and no answer since that says it was not appended. A batch given up in
   * this state is reported as "unknown" rather than "not written".
   */
  sent: boolean
  /** The last failure, for the report when the batch is given up. */
  lastError: string | null
  bytes: number
}

export interface PartitionQueue {
  partition: number
  open: BatchBuilder | null
  openedAt: number
  /** Every unacknowledged batch of the partition, in sequence order. */
  queue: Batch[]
}

export interface BatchQueueOptions {
  batchBytes: number
  maxBufferedBytes: number
  onDelivery: (report: DeliveryReport) => void
  /** A batch was sealed and queued: it gets its sequence and its bytes next. */
  onSealed: (batch: Batch) => void
}

export class BatchQueue {
  readonly partitions: PartitionQueue[]
  private bufferedBytes = 0
  private capacityWaiters: (() => void)[] = []
  private flushWaiters: (() => void)[] = []

  constructor(
    count: number,
    private readonly options: BatchQueueOptions,
  ) {
    this.partitions = Array.from({ length: count }, (_, partition) => ({
      partition,
      open: null,
      openedAt: 0,
      queue: [],
    }))
  }

  /** Adds a record to the partition's open batch; a full batch is sealed. */
  append(partition: number, record: OutgoingRecord, timestamp: number): void {
    const p = this.partitions[partition]!
    const open = p.open ?? this.openBatch(p)
    const before = open.size
    appendRecord(open, record, timestamp)
    if (open.size > this.options.batchBytes && open.count > 1) {
      // It does not fit: the batch goes as it was, the record starts the next one.
      open.removeLast()
      this.seal(p)
      const next = this.openBatch(p)
      const empty = next.size
      appendRecord(next, record, timestamp)
      this.bufferedBytes += next.size - empty
    } else {
      this.bufferedBytes += open.size - before
    }
    if (p.open!.size >= this.options.batchBytes) this.seal(p)
  }

  private openBatch(p: PartitionQueue): BatchBuilder {
    const open = new BatchBuilder(Math.min(this.options.batchBytes, 64 * 1024))
    p.open = open
    p.openedAt = Date.now()
    this.bufferedBytes += open.size
    return open
  }

  /** Seals the partition's open batch (if it has records) and queues it. */
  seal(p: PartitionQueue): void {
    const builder = p.open
    if (!builder || builder.count === 0) return
    p.open = null
    const batch = newBatch(p.partition, builder, p.openedAt)
    p.queue.push(batch)
    this.options.onSealed(batch)
  }

  sealAll(): void {
    for (const p of this.partitions) if (hasOpenRecords(p)) this.seal(p)
  }

  /** Seals open batches that lingered long enough (or have nothing queued before them); true if any still linger. */
  sealDue(now: number, lingerMs: number): boolean {
    let lingering = false
    for (const p of this.partitions) {
      if (!hasOpenRecords(p)) continue
      if (now - p.openedAt >= lingerMs || p.queue.length === 0) this.seal(p)
      else lingering = true
    }
    return lingering
  }

  /** Replaces a batch refused as too large by its two halves (same creation time), in its place. */
  split(batch: Batch, halves: readonly BatchBuilder[]): Batch[] {
    const p = this.partitions[batch.partition]!
    let sequence = batch.baseSequence
    const batches = halves.map((builder) => {
      const half = newBatch(batch.partition, builder, batch.createdAt)
      half.baseSequence = sequence
      sequence += builder.count
      return half
    })
    this.bufferedBytes += batches.reduce((n, h) => n + h.bytes, 0) - batch.bytes
    p.queue.splice(p.queue.indexOf(batch), 1, ...batches)
    return batches
  }

  /** Takes a batch out of its partition's queue (acknowledged or refused). */
  remove(batch: Batch): void {
    const queue = this.partitions[batch.partition]!.queue
    const at = queue.indexOf(batch)
    if (at >= 0) queue.splice(at, 1)
  }

  /** Ends a batch in its delivery report and frees its memory. */
  complete(
    batch: Batch,
    baseOffset: number | null,
    error: string | null,
    written: DeliveryReport['written'],
  ): void {
    this.bufferedBytes -= batch.bytes
    this.report({
      partition: batch.partition,
      lines: batch.builder.lines,
      bytes: batch.builder.payloadBytes,
      baseOffset,
      error,
      written,
    })
    this.wake()
  }

  /** Reports the records of the partition's open batch as not sent and drops it. */
  dropOpen(p: PartitionQueue, error: string): void {
    if (!p.open) return
    this.bufferedBytes -= p.open.size
    if (p.open.count > 0)
      this.report({
        partition: p.partition,
        lines: p.open.lines,
        bytes: p.open.payloadBytes,
        baseOffset: null,
        error,
        written: 'no',
      })
    p.open = null
  }

  /** Ends every queued batch not in flight with this error (possibly written when it was sent). */
  dropWaiting(p: PartitionQueue, error: (batch: Batch) => string): void {
    const inFlight = p.queue.filter((b) => b.state === 'inflight')
    for (const batch of p.queue)
      if (batch.state !== 'inflight') this.complete(batch, null, error(batch), batch.sent ? 'unknown' : 'no')
    p.queue = inFlight
  }

  report(report: DeliveryReport): void {
    this.options.onDelivery(report)
  }

  /** Resolves when the producer holds less than its memory bound (null: it does now). */
  waitForCapacity(): Promise<void> | null {
    if (this.bufferedBytes < this.options.maxBufferedBytes) return null
    return new Promise((resolve) => this.capacityWaiters.push(resolve))
  }

  /** Resolves when every record has its delivery report. */
  async waitUntilIdle(): Promise<void> {
    while (!this.idle()) await new Promise<void>((resolve) => this.flushWaiters.push(resolve))
  }

  private idle(): boolean {
    return this.partitions.every((p) => p.queue.length === 0 && !hasOpenRecords(p))
  }

  /** Lets waiting senders on when memory is free, and flushes end when nothing is left. */
  wake(): void {
    if (this.bufferedBytes < this.options.maxBufferedBytes && this.capacityWaiters.length > 0) {
      const waiters = this.capacityWaiters
      this.capacityWaiters = []
      for (const w of waiters) w()
    }
    if (this.flushWaiters.length > 0 && this.idle()) {
      const waiters = this.flushWaiters
      this.flushWaiters = []
      for (const w of waiters) w()
    }
  }
}

export function hasOpenRecords(p: PartitionQueue): boolean {
  return p.open !== null && p.open.count > 0
}

function newBatch(partition: number, builder: BatchBuilder, createdAt: number): Batch {
  return {
    partition,
    builder,
    data: null,
    baseSequence: 0,
    createdAt,
    state: 'building',
    sent: false,
    lastError: null,
    bytes: builder.size,
  }
}

function appendRecord(open: BatchBuilder, record: OutgoingRecord, timestamp: number): void {
  const valueStart = record.valueStart ?? 0
  const valueEnd = record.valueEnd ?? record.value?.length ?? 0
  open.append(record.line, record.key, record.value, record.headers, timestamp, valueStart, valueEnd)
}

/** Key and value bytes of a record. */
export function payloadBytes(record: OutgoingRecord): number {
  const value =
    record.value === null ? 0 : (record.valueEnd ?? record.value.length) - (record.valueStart ?? 0)
  return (record.key?.length ?? 0) + value
}
