/**
 * ktk's producer: record batches built by ktk (record-batch.ts) and sent with its own Produce requests
 * over the session's connections. Idempotent by default (acks=all): every batch carries the producer id
 * and a sequence, so a batch resent after a lost answer or a leader change is written once. Every input
 * line ends in exactly one delivery report: acknowledged at an offset, or not, and why.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../../core/errors.js'
import { partitionForKey } from '../../core/partitioner.js'
import type { OutgoingRecord } from '../../core/records.js'
import { isRetriableCode, kafkaErrorType } from '../error-codes.js'
import { type Access, partitionError, principalName } from '../errors.js'
import type { DeliveryReport, ProducerOptions, RecordProducer } from '../gateway.js'
import { topicLeaders } from '../leaders.js'
import { type ProducePartitionResult, produceRequest } from '../protocol/produce-requests.js'
import type { KafkaSession } from '../session.js'
import { BatchBuilder, setBaseSequence, splitBatch } from './batch-builder.js'
import { ProducerIdentity } from './producer-identity.js'

const DUPLICATE_SEQUENCE = 46
/** Produce errors after which the records may still have been appended (all others say they were not). */
const MAYBE_APPENDED = new Set(['REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'NETWORK_EXCEPTION'])
const MAX_IN_FLIGHT_PER_PARTITION = 5
const MAX_REQUESTS_PER_BROKER = 5

interface Batch {
  partition: number
  builder: BatchBuilder
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

interface PartitionState {
  partition: number
  open: BatchBuilder | null
  openedAt: number
  /** Every unacknowledged batch of the partition, in sequence order. */
  queue: Batch[]
  inFlight: number
  /** The next sequence the broker expects after the last acknowledged batch. */
  ackedSequence: number
  nextSequence: number
  /** A batch failed with a retriable error: wait for the rest to settle, then resend from the head. */
  retrying: boolean
  retryAt: number
  failed: KtkError | null
  inTransaction: boolean
}

export class SessionProducer implements RecordProducer {
  readonly partitions: number
  private readonly states: PartitionState[]
  private leaders: number[]
  private readonly brokerRequests = new Map<number, number>()
  private readonly identity: ProducerIdentity
  /** What producing needs: WRITE on the topic and on the transactional id. */
  private readonly access: Access
  private bufferedBytes = 0
  private capacityWaiters: (() => void)[] = []
  private flushWaiters: (() => void)[] = []
  private scheduled = false
  private lingerTimer: NodeJS.Timeout | undefined
  private refreshing: Promise<void> | undefined
  private stickyPartition = 0
  private aborted = false
  private addingToTransaction: Promise<void> | undefined

  private constructor(
    private readonly session: KafkaSession,
    private readonly options: ProducerOptions,
    leaders: number[],
  ) {
    this.partitions = leaders.length
    this.leaders = leaders
    this.states = leaders.map((_, partition) => ({
      partition,
      open: null,
      openedAt: 0,
      queue: [],
      inFlight: 0,
      ackedSequence: 0,
      nextSequence: 0,
      retrying: false,
      retryAt: 0,
      failed: null,
      inTransaction: false,
    }))
    this.stickyPartition = Math.floor(Math.random() * Math.max(1, leaders.length))
    this.access = {
      principal: principalName(session.settings),
      topic: { name: options.topic, operation: 'WRITE' },
      ...(options.transactionalId !== null
        ? { transactionalId: { name: options.transactionalId, operation: 'WRITE' as const } }
        : {}),
    }
    this.identity = new ProducerIdentity(
      session,
      options.topic,
      options.transactionalId,
      options.transactionTimeoutMs,
      this.access,
    )
  }

  static async open(session: KafkaSession, options: ProducerOptions): Promise<SessionProducer> {
    const leaders = await topicLeaders(session, options.topic, 'WRITE')
    const producer = new SessionProducer(session, options, leaders)
    if (producer.idempotent) await producer.identity.init()
    return producer
  }

  private get idempotent(): boolean {
    return this.options.idempotent || this.options.transactionalId !== null
  }

  /** Queues a record. Reports come through options.onDelivery; call waitForCapacity to bound memory. */
  send(record: OutgoingRecord): void {
    let partition = record.partition
    if (partition === undefined) {
      partition = record.key !== null ? partitionForKey(record.key, this.partitions) : this.stickyPartition
    } else if (!Number.isInteger(partition) || partition < 0 || partition >= this.partitions) {
      this.report({
        partition,
        lines: [record.line],
        bytes: payloadBytes(record),
        baseOffset: null,
        error: `partition ${partition} does not exist (the topic has ${this.partitions})`,
        written: 'no',
      })
      return
    }
    const state = this.states[partition]!
    if (state.failed || this.aborted) {
      this.report({
        partition,
        lines: [record.line],
        bytes: payloadBytes(record),
        baseOffset: null,
        error: state.failed?.message ?? 'not sent: interrupted',
        written: 'no',
      })
      return
    }
    const timestamp = record.timestamp ?? Date.now()
    let open = state.open
    if (!open) open = this.openBatch(state)
    const before = open.size
    const valueStart = record.valueStart ?? 0
    const valueEnd = record.valueEnd ?? record.value?.length ?? 0
    open.append(record.line, record.key, record.value, record.headers, timestamp, valueStart, valueEnd)
    if (open.size > this.options.batchBytes && open.count > 1) {
      // It does not fit: the batch goes as it was, the record starts the next one.
      open.removeLast()
      this.seal(state)
      open = this.openBatch(state)
      const empty = open.size
      open.append(record.line, record.key, record.value, record.headers, timestamp, valueStart, valueEnd)
      this.bufferedBytes += open.size - empty
    } else {
      this.bufferedBytes += open.size - before
    }
    if (open.size >= this.options.batchBytes) this.seal(state)
    this.schedule()
  }

  private openBatch(state: PartitionState): BatchBuilder {
    const open = new BatchBuilder(Math.min(this.options.batchBytes, 64 * 1024))
    state.open = open
    state.openedAt = Date.now()
    this.bufferedBytes += open.size
    return open
  }

  /** Resolves when the producer holds less than its memory bound (immediately if it does). */
  waitForCapacity(): Promise<void> | null {
    if (this.bufferedBytes < this.options.maxBufferedBytes) return null
    return new Promise((resolve) => this.capacityWaiters.push(resolve))
  }

  /** Sends everything queued and resolves when every record has its delivery report. */
  async flush(): Promise<void> {
    for (const state of this.states) if (state.open && state.open.count > 0) this.seal(state)
    this.schedule()
    while (!this.idle()) await new Promise<void>((resolve) => this.flushWaiters.push(resolve))
  }

  /** Ctrl-C: nothing more is sent; what is not in flight is reported as not sent. */
  abortUnsent(): void {
    this.aborted = true
    for (const state of this.states) {
      if (state.open && state.open.count > 0) {
        this.report({
          partition: state.partition,
          lines: state.open.lines,
          bytes: state.open.payloadBytes,
          baseOffset: null,
          error: 'not sent: interrupted',
          written: 'no',
        })
        this.bufferedBytes -= state.open.size
      }
      state.open = null
      const keep: Batch[] = []
      for (const batch of state.queue) {
        if (batch.state === 'inflight') keep.push(batch)
        else
          this.finish(
            state,
            batch,
            null,
            `interrupted${batch.lastError ? ` (last error: ${batch.lastError})` : ' before it was sent'}`,
            batch.sent ? 'unknown' : 'no',
          )
      }
      state.queue = keep
    }
    this.wake()
  }

  /** Ends the transaction (commit when every record was acknowledged, else abort). */
  async endTransaction(commit: boolean): Promise<void> {
    if (this.options.transactionalId === null) return
    if (this.addingToTransaction) await this.addingToTransaction.catch(() => {})
    await this.identity.endTransaction(commit)
  }

  private idle(): boolean {
    return this.states.every((s) => s.queue.length === 0 && (!s.open || s.open.count === 0))
  }

  private seal(state: PartitionState): void {
    const builder = state.open
    if (!builder || builder.count === 0) return
    state.open = null
    const batch = this.newBatch(state, builder)
    state.nextSequence += builder.count
    state.queue.push(batch)
    if (state.partition === this.stickyPartition && this.partitions > 1) {
      this.stickyPartition = (this.stickyPartition + 1) % this.partitions
    }
    this.buildBatch(state, batch)
  }

  private newBatch(state: PartitionState, builder: BatchBuilder): Batch {
    return {
      partition: state.partition,
      builder,
      data: null,
      baseSequence: state.nextSequence,
      createdAt: state.openedAt,
      state: 'building',
      sent: false,
      lastError: null,
      bytes: builder.size,
    }
  }

  /** Compresses and frames the batch; it can be sent once that is done. */
  private buildBatch(state: PartitionState, batch: Batch): void {
    batch.builder
      .build({
        compression: this.options.compression,
        producerId: this.identity.producerId,
        producerEpoch: this.identity.producerEpoch,
        baseSequence: this.idempotent ? batch.baseSequence : -1,
        transactional: this.options.transactionalId !== null,
      })
      .then(
        (data) => {
          batch.data = data
          if (this.idempotent && batch.baseSequence !== data.readInt32BE(53))
            setBaseSequence(data, batch.baseSequence)
          if (batch.state === 'building') batch.state = 'waiting'
          this.schedule()
        },
        (error: Error) => {
          const i = state.queue.indexOf(batch)
          if (i >= 0) state.queue.splice(i, 1)
          this.finish(state, batch, null, `cannot compress the batch: ${error.message}`, 'no')
          this.resequence(state)
        },
      )
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.drain()
    })
  }

  /** Sends what can be sent: per leader, one request with the next batch of each ready partition. */
  private drain(): void {
    const now = Date.now()
    let lingering = false
    for (const state of this.states) {
      if (state.open && state.open.count > 0 && !this.aborted) {
        if (now - state.openedAt >= this.options.lingerMs || state.queue.length === 0) this.seal(state)
        else lingering = true
      }
    }
    if (lingering && !this.lingerTimer) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = undefined
        this.drain()
      }, this.options.lingerMs)
    }
    const byLeader = new Map<number, Batch[]>()
    let retryLater = false
    for (const state of this.states) {
      if (state.failed) continue
      if (state.retrying) {
        if (state.inFlight > 0) continue
        if (now < state.retryAt) {
          retryLater = true
          continue
        }
        this.resumeAfterRetry(state)
        if (state.retrying) continue
      }
      if (this.options.transactionalId !== null && !state.inTransaction) {
        if (state.queue.length > 0) this.addToTransaction()
        continue
      }
      if (state.inFlight >= (this.idempotent ? MAX_IN_FLIGHT_PER_PARTITION : 1)) continue
      const next = state.queue.find((b) => b.state !== 'inflight')
      if (next?.state !== 'waiting') continue
      const leader = this.leaders[state.partition]!
      if (leader < 0) {
        this.retry(state, null)
        continue
      }
      if ((this.brokerRequests.get(leader) ?? 0) >= MAX_REQUESTS_PER_BROKER) continue
      const list = byLeader.get(leader) ?? []
      list.push(next)
      byLeader.set(leader, list)
    }
    for (const [leader, batches] of byLeader) this.sendRequest(leader, batches)
    if (retryLater) setTimeout(() => this.schedule(), 50).unref()
  }

  private sendRequest(leader: number, batches: Batch[]): void {
    for (const batch of batches) {
      batch.state = 'inflight'
      batch.sent = true
      this.states[batch.partition]!.inFlight++
    }
    this.brokerRequests.set(leader, (this.brokerRequests.get(leader) ?? 0) + 1)
    const acks = this.options.acks === 'all' ? -1 : Number(this.options.acks)
    const request = produceRequest(this.options.transactionalId, acks, this.options.requestTimeoutMs, [
      {
        topic: this.options.topic,
        partitions: batches.map((b) => ({ partition: b.partition, records: b.data! })),
      },
    ])
    this.session.send(request, leader).then(
      (results) => {
        this.brokerRequests.set(leader, (this.brokerRequests.get(leader) ?? 1) - 1)
        if (acks === 0) {
          for (const batch of batches)
            this.settle(batch, {
              partition: batch.partition,
              topic: this.options.topic,
              errorCode: 0,
              baseOffset: -1,
              errorMessage: null,
              recordErrors: [],
            })
        } else {
          for (const batch of batches) {
            const r = (results ?? []).find((x) => x.partition === batch.partition)
            if (r) this.settle(batch, r)
            else
              this.failInFlight(
                batch,
                new KtkError('UNEXPECTED', 'the broker did not answer for the partition'),
              )
          }
        }
        this.schedule()
      },
      (error: KtkError) => {
        this.brokerRequests.set(leader, (this.brokerRequests.get(leader) ?? 1) - 1)
        for (const batch of batches) this.failInFlight(batch, error)
        this.schedule()
      },
    )
  }

  private settle(batch: Batch, result: ProducePartitionResult): void {
    const state = this.states[batch.partition]!
    state.inFlight--
    const code = result.errorCode
    if (code === 0 || code === DUPLICATE_SEQUENCE) {
      state.queue.splice(state.queue.indexOf(batch), 1)
      state.ackedSequence = batch.baseSequence + batch.builder.count
      this.finish(state, batch, code === 0 && result.baseOffset >= 0 ? result.baseOffset : null, null, 'yes')
      return
    }
    const type = kafkaErrorType(code)
    const message = result.recordErrors[0]?.message ?? result.errorMessage
    if (isRetriableCode(code) || type === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
      batch.state = 'waiting'
      // Only a timeout or a failure after the append leaves the batch possibly written.
      batch.sent = MAYBE_APPENDED.has(type)
      batch.lastError = `${type}${message ? `: ${message}` : ''}`
      this.retry(state, partitionError(code, `produce to partition ${batch.partition}`, message))
      return
    }
    // Refused for good: the batch was not written. Later batches are resent with new sequences.
    const at = state.queue.indexOf(batch)
    if ((type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') && batch.builder.count > 1) {
      // Too large for this topic's max.message.bytes: split it in two, as the Java producer does.
      const halves = splitBatch(batch.builder).map((builder) => this.newBatch(state, builder))
      for (const half of halves) half.createdAt = batch.createdAt
      this.bufferedBytes += halves.reduce((n, h) => n + h.bytes, 0) - batch.bytes
      state.queue.splice(at, 1, ...halves)
      for (const half of halves) this.buildBatch(state, half)
      state.retrying = true
      state.retryAt = Date.now()
      return
    }
    state.queue.splice(at, 1)
    const refused = partitionError(code, `produce to partition ${batch.partition}`, message, this.access)
    this.finish(
      state,
      batch,
      null,
      refused.code === 'AUTHORIZATION_FAILED' ? refused.message : `${type}${message ? `: ${message}` : ''}`,
      'no',
    )
    if (/PRODUCER|EPOCH|FENCED|TRANSACTION|AUTHORIZATION/.test(type)) {
      this.failPartition(state, refused)
    } else {
      state.retrying = true
      state.retryAt = Date.now()
    }
  }

  private failInFlight(batch: Batch, error: KtkError): void {
    const state = this.states[batch.partition]!
    state.inFlight--
    batch.state = 'waiting'
    batch.lastError = error.message
    if (error.code === 'AUTHORIZATION_FAILED' || error.code === 'AUTHENTICATION_FAILED') {
      this.failPartition(state, error)
      return
    }
    this.retry(state, error)
  }

  private retry(state: PartitionState, error: KtkError | null): void {
    if (state.failed) {
      this.failPartition(state, state.failed)
      return
    }
    if (this.aborted) {
      // Interrupted: nothing is resent (an outage would hold the report for the whole delivery
      // timeout); the batch is reported with its error, as possibly written when it was sent.
      this.failPartition(
        state,
        new KtkError('INTERRUPTED', `interrupted${error ? ` (last error: ${error.message})` : ''}`),
      )
      return
    }
    const oldest = state.queue[0]
    if (oldest && Date.now() - oldest.createdAt > this.options.deliveryTimeoutMs) {
      this.failPartition(
        state,
        new KtkError(
          'TIMEOUT',
          `partition ${state.partition} did not acknowledge within ${this.options.deliveryTimeoutMs} ms${error ? ` (${error.message})` : ''}`,
        ),
      )
      return
    }
    if (!state.retrying) {
      state.retrying = true
      state.retryAt = Date.now() + 100
    }
    this.refreshLeaders()
  }

  /** Every batch of the partition has settled after a failure: renumber and resend from the head. */
  private resumeAfterRetry(state: PartitionState): void {
    if (this.refreshing) return
    state.retrying = false
    this.resequence(state)
    for (const batch of state.queue) if (batch.state === 'inflight') batch.state = 'waiting'
  }

  /** Sequences continue from the last acknowledged batch (they change only after a batch was refused). */
  private resequence(state: PartitionState): void {
    if (!this.idempotent) return
    let seq = state.ackedSequence
    for (const batch of state.queue) {
      if (batch.baseSequence !== seq) {
        batch.baseSequence = seq
        if (batch.data) setBaseSequence(batch.data, seq)
      }
      seq += batch.builder.count
    }
    state.nextSequence = seq
  }

  private failPartition(state: PartitionState, error: KtkError): void {
    const first = state.failed === null
    state.failed = error
    state.retrying = false
    if (state.open) {
      this.bufferedBytes -= state.open.size
      this.report({
        partition: state.partition,
        lines: state.open.lines,
        bytes: state.open.payloadBytes,
        baseOffset: null,
        error: error.message,
        written: 'no',
      })
      state.open = null
    }
    for (const batch of state.queue) {
      if (batch.state === 'inflight') continue
      this.finish(state, batch, null, error.message, batch.sent ? 'unknown' : 'no')
    }
    state.queue = state.queue.filter((b) => b.state === 'inflight')
    if (first) this.options.onPartitionFailed?.(state.partition, error)
    this.wake()
  }

  private finish(
    state: PartitionState,
    batch: Batch,
    baseOffset: number | null,
    error: string | null,
    written: DeliveryReport['written'],
  ): void {
    this.bufferedBytes -= batch.bytes
    this.report({
      partition: state.partition,
      lines: batch.builder.lines,
      bytes: batch.builder.payloadBytes,
      baseOffset,
      error,
      written,
    })
    this.wake()
  }

  private report(report: DeliveryReport): void {
    this.options.onDelivery(report)
  }

  private wake(): void {
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

  private refreshLeaders(): void {
    this.refreshing ??= (async () => {
      try {
        await sleep(100)
        this.leaders = await topicLeaders(this.session, this.options.topic, 'WRITE')
      } catch {
        // keep the old view; the next failure tries again
      } finally {
        this.refreshing = undefined
        this.schedule()
      }
    })()
  }

  /** Partitions with records to send join the transaction first; a failure fails them. */
  private addToTransaction(): void {
    if (this.addingToTransaction) return
    const pending = this.states.filter((s) => !s.inTransaction && s.queue.length > 0 && !s.failed)
    if (pending.length === 0) return
    this.addingToTransaction = this.identity
      .addPartitions(pending.map((s) => s.partition))
      .then(() => {
        for (const s of pending) s.inTransaction = true
      })
      .catch((error: KtkError) => {
        for (const s of pending) this.failPartition(s, error)
      })
      .finally(() => {
        this.addingToTransaction = undefined
        this.schedule()
      })
  }
}

function payloadBytes(record: OutgoingRecord): number {
  const value =
    record.value === null ? 0 : (record.valueEnd ?? record.value.length) - (record.valueStart ?? 0)
  return (record.key?.length ?? 0) + value
}
