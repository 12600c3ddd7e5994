/**
 * The producer's sender: builds sealed batches into bytes, sends them in Produce requests to each
 * partition's leader (a bounded number in flight), settles each answer, and retries what a broker
 * refused for a while (after a metadata refresh, and renumbered by the sequencer) until the delivery
 * timeout; a partition that cannot go on fails with one error that every later record reports.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../../core/errors.js'
import { isRetriableCode, kafkaErrorType } from '../error-codes.js'
import { type Access, partitionError } from '../error-mapping.js'
import type { ProducerOptions } from '../gateway.js'
import { topicLeaders } from '../leaders.js'
import { type ProducePartitionResult, produceRequest } from '../protocol/produce-requests.js'
import type { KafkaSession } from '../session.js'
import { splitBatch } from './batch-builder.js'
import type { Batch, BatchQueue, PartitionQueue } from './batch-queue.js'
import type { Sequencer } from './sequencer.js'

const DUPLICATE_SEQUENCE = 46
/** Produce errors after which the records may still have been appended (all others say they were not). */
const MAYBE_APPENDED = new Set(['REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'NETWORK_EXCEPTION'])
/** Refusals after which the partition cannot go on (the producer's identity or rights are gone). */
const FATAL = /PRODUCER|EPOCH|FENCED|TRANSACTION|AUTHORIZATION/
const MAX_IN_FLIGHT_PER_PARTITION = 5
const MAX_REQUESTS_PER_BROKER = 5

/** The sender's waits: before a metadata refresh, before a retry, and between checks for a due retry. */
export interface SenderTimings {
  refreshDelayMs: number
  retryBackoffMs: number
  retryPollMs: number
}

export const SENDER_TIMINGS: SenderTimings = { refreshDelayMs: 100, retryBackoffMs: 100, retryPollMs: 50 }

/** Where a partition's sending stands. */
interface PartitionSending {
  partition: number
  inFlight: number
  /** A batch failed with a retriable error: wait for the rest to settle, then resend from the head. */
  retrying: boolean
  retryAt: number
  failed: KtkError | null
  inTransaction: boolean
}

export class Sender {
  private readonly sending: PartitionSending[]
  private readonly brokerRequests = new Map<number, number>()
  private aborted = false
  private scheduled = false
  private lingerTimer: NodeJS.Timeout | undefined
  private refreshing: Promise<void> | undefined
  private addingToTransaction: Promise<void> | undefined

  constructor(
    private readonly session: KafkaSession,
    private readonly options: ProducerOptions,
    private leaders: number[],
    private readonly queue: BatchQueue,
    private readonly sequencer: Sequencer,
    /** What producing needs (WRITE on the topic and transactional id), for refusals. */
    private readonly access: Access,
    private readonly timings: SenderTimings,
  ) {
    this.sending = leaders.map((_, partition) => ({
      partition,
      inFlight: 0,
      retrying: false,
      retryAt: 0,
      failed: null,
      inTransaction: false,
    }))
  }

  /** Why a new record for the partition is not taken (null: it is). */
  refusal(partition: number): string | null {
    const failed = this.sending[partition]!.failed
    if (failed) return failed.message
    return this.aborted ? 'not sent: interrupted' : null
  }

  /** Ctrl-C: nothing more is sent; what is not in flight is reported as not sent. */
  abort(): void {
    this.aborted = true
    for (const p of this.queue.partitions) {
      this.queue.dropOpen(p, 'not sent: interrupted')
      this.queue.dropWaiting(
        p,
        (b) => `interrupted${b.lastError ? ` (last error: ${b.lastError})` : ' before it was sent'}`,
      )
    }
    this.queue.wake()
  }

  /** Waits for partitions being added to the transaction (their failure is reported per partition). */
  async transactionSettled(): Promise<void> {
    if (this.addingToTransaction) await this.addingToTransaction.catch(() => {})
  }

  /** Compresses and frames a sealed batch; it can be sent once that is done. */
  build(batch: Batch): void {
    batch.builder.build({ compression: this.options.compression, ...this.sequencer.header(batch) }).then(
      (data) => {
        batch.data = data
        this.sequencer.stamp(batch)
        if (batch.state === 'building') batch.state = 'waiting'
        this.schedule()
      },
      (error: Error) => {
        this.queue.remove(batch)
        this.queue.complete(batch, null, `cannot compress the batch: ${error.message}`, 'no')
        this.sequencer.resequence(batch.partition, this.partitionQueue(batch).queue)
      },
    )
  }

  /** Drains on the next turn of the event loop (once, however often it is asked). */
  schedule(): void {
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
    this.sealLingered(now)
    for (const [leader, batches] of this.readyByLeader(now)) this.sendRequest(leader, batches)
  }

  private sealLingered(now: number): void {
    if (this.aborted) return
    const lingering = this.queue.sealDue(now, this.options.lingerMs)
    if (lingering && !this.lingerTimer) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = undefined
        this.drain()
      }, this.options.lingerMs)
    }
  }

  private readyByLeader(now: number): Map<number, Batch[]> {
    const byLeader = new Map<number, Batch[]>()
    let retryLater = false
    for (const s of this.sending) {
      const next = this.nextToSend(s, now)
      if (next === 'later') retryLater = true
      if (!next || next === 'later') continue
      const leader = this.leaders[s.partition]!
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), next])
    }
    if (retryLater) setTimeout(() => this.schedule(), this.timings.retryPollMs).unref()
    return byLeader
  }

  /** The partition's next batch to send now, 'later' while its retry is not due, or null. */
  private nextToSend(s: PartitionSending, now: number): Batch | 'later' | null {
    if (s.failed) return null
    if (s.retrying) {
      if (s.inFlight > 0) return null
      if (now < s.retryAt) return 'later'
      this.resumeAfterRetry(s)
      if (s.retrying) return null
    }
    const queued = this.queue.partitions[s.partition]!.queue
    if (this.options.transactionalId !== null && !s.inTransaction) {
      if (queued.length > 0) this.addToTransaction()
      return null
    }
    if (s.inFlight >= (this.sequencer.idempotent ? MAX_IN_FLIGHT_PER_PARTITION : 1)) return null
    const next = queued.find((b) => b.state !== 'inflight')
    if (next?.state !== 'waiting') return null
    const leader = this.leaders[s.partition]!
    if (leader < 0) {
      this.retry(s, null)
      return null
    }
    if ((this.brokerRequests.get(leader) ?? 0) >= MAX_REQUESTS_PER_BROKER) return null
    return next
  }

  private sendRequest(leader: number, batches: Batch[]): void {
    for (const batch of batches) {
      batch.state = 'inflight'
      batch.sent = true
      this.sending[batch.partition]!.inFlight++
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
        this.requestEnded(leader)
        this.settleAll(batches, acks === 0 ? null : (results ?? []))
        this.schedule()
      },
      (error: KtkError) => {
        this.requestEnded(leader)
        for (const batch of batches) this.failInFlight(batch, error)
        this.schedule()
      },
    )
  }

  private requestEnded(leader: number): void {
    this.brokerRequests.set(leader, (this.brokerRequests.get(leader) ?? 1) - 1)
  }

  /** Settles each batch of an answered request (results null: acks=0, which has no answer). */
  private settleAll(batches: Batch[], results: ProducePartitionResult[] | null): void {
    for (const batch of batches) {
      const result = results ? results.find((x) => x.partition === batch.partition) : unacknowledged(batch)
      if (result) this.settle(batch, result)
      else this.failInFlight(batch, new KtkError('UNEXPECTED', 'the broker did not answer for the partition'))
    }
  }

  private settle(batch: Batch, result: ProducePartitionResult): void {
    const s = this.sending[batch.partition]!
    s.inFlight--
    const code = result.errorCode
    const type = kafkaErrorType(code)
    if (code === 0 || code === DUPLICATE_SEQUENCE)
      this.acknowledged(batch, code === 0 ? result.baseOffset : -1)
    else if (isRetriableCode(code) || type === 'OUT_OF_ORDER_SEQUENCE_NUMBER')
      this.refusedForNow(s, batch, result)
    else if ((type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') && batch.builder.count > 1)
      this.splitTooLarge(s, batch)
    else this.refusedForGood(s, batch, result)
  }

  private acknowledged(batch: Batch, baseOffset: number): void {
    this.queue.remove(batch)
    this.sequencer.acknowledged(batch)
    this.queue.complete(batch, baseOffset >= 0 ? baseOffset : null, null, 'yes')
  }

  private refusedForNow(s: PartitionSending, batch: Batch, result: ProducePartitionResult): void {
    const type = kafkaErrorType(result.errorCode)
    const message = brokerMessage(result)
    batch.state = 'waiting'
    // Only a timeout or a failure after the append leaves the batch possibly written.
    batch.sent = MAYBE_APPENDED.has(type)
    batch.lastError = `${type}${message ? `: ${message}` : ''}`
    this.retry(s, partitionError(result.errorCode, `produce to partition ${batch.partition}`, message))
  }

  /** Too large for this topic's max.message.bytes: split in two, as the Java producer does. */
  private splitTooLarge(s: PartitionSending, batch: Batch): void {
    for (const half of this.queue.split(batch, splitBatch(batch.builder))) this.build(half)
    this.retryNow(s)
  }

  /** Refused for good: the batch was not written. Later batches are resent with new sequences. */
  private refusedForGood(s: PartitionSending, batch: Batch, result: ProducePartitionResult): void {
    const type = kafkaErrorType(result.errorCode)
    const message = brokerMessage(result)
    this.queue.remove(batch)
    const refused = partitionError(
      result.errorCode,
      `produce to partition ${batch.partition}`,
      message,
      this.access,
    )
    const why =
      refused.code === 'AUTHORIZATION_FAILED' ? refused.message : `${type}${message ? `: ${message}` : ''}`
    this.queue.complete(batch, null, why, 'no')
    if (FATAL.test(type)) this.failPartition(s, refused)
    else this.retryNow(s)
  }

  private failInFlight(batch: Batch, error: KtkError): void {
    const s = this.sending[batch.partition]!
    s.inFlight--
    batch.state = 'waiting'
    batch.lastError = error.message
    if (error.code === 'AUTHORIZATION_FAILED' || error.code === 'AUTHENTICATION_FAILED')
      this.failPartition(s, error)
    else this.retry(s, error)
  }

  /** Resend from the head once the partition's batches in flight have settled. */
  private retryNow(s: PartitionSending): void {
    s.retrying = true
    s.retryAt = Date.now()
  }

  private retry(s: PartitionSending, error: KtkError | null): void {
    const endedBy = this.retryEnd(s, error)
    if (endedBy) {
      this.failPartition(s, endedBy)
      return
    }
    if (!s.retrying) {
      s.retrying = true
      s.retryAt = Date.now() + this.timings.retryBackoffMs
    }
    this.refreshLeaders()
  }

  /** Why the partition is not retried (null: it is). */
  private retryEnd(s: PartitionSending, error: KtkError | null): KtkError | null {
    if (s.failed) return s.failed
    // Interrupted: nothing is resent (an outage would hold the report for the whole delivery
    // timeout); the batch is reported with its error, as possibly written when it was sent.
    if (this.aborted)
      return new KtkError('INTERRUPTED', `interrupted${error ? ` (last error: ${error.message})` : ''}`)
    const oldest = this.queue.partitions[s.partition]!.queue[0]
    if (oldest && Date.now() - oldest.createdAt > this.options.deliveryTimeoutMs)
      return this.deliveryTimedOut(s, error)
    return null
  }

  private deliveryTimedOut(s: PartitionSending, error: KtkError | null): KtkError {
    const timeoutMs = this.options.deliveryTimeoutMs
    return new KtkError(
      'TIMEOUT',
      `partition ${s.partition} did not acknowledge within ${timeoutMs} ms${error ? ` (${error.message})` : ''}`,
    )
  }

  /** Every batch of the partition has settled after a failure: renumber and resend from the head. */
  private resumeAfterRetry(s: PartitionSending): void {
    if (this.refreshing) return
    s.retrying = false
    const queued = this.queue.partitions[s.partition]!.queue
    this.sequencer.resequence(s.partition, queued)
    for (const batch of queued) if (batch.state === 'inflight') batch.state = 'waiting'
  }

  private failPartition(s: PartitionSending, error: KtkError): void {
    const first = s.failed === null
    s.failed = error
    s.retrying = false
    const p = this.queue.partitions[s.partition]!
    this.queue.dropOpen(p, error.message)
    this.queue.dropWaiting(p, () => error.message)
    if (first) this.options.onPartitionFailed?.(s.partition, error)
    this.queue.wake()
  }

  private refreshLeaders(): void {
    this.refreshing ??= (async () => {
      try {
        await sleep(this.timings.refreshDelayMs)
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
    const pending = this.sending.filter(
      (s) => !s.inTransaction && this.queue.partitions[s.partition]!.queue.length > 0 && !s.failed,
    )
    if (pending.length === 0) return
    this.addingToTransaction = this.sequencer.identity
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

  private partitionQueue(batch: Batch): PartitionQueue {
    return this.queue.partitions[batch.partition]!
  }
}

/** acks=0: the broker does not answer; the batch counts as acknowledged, at no known offset. */
function unacknowledged(batch: Batch): ProducePartitionResult {
  return {
    partition: batch.partition,
    topic: '',
    errorCode: 0,
    baseOffset: -1,
    errorMessage: null,
    recordErrors: [],
  }
}

function brokerMessage(result: ProducePartitionResult): string | null {
  return result.recordErrors[0]?.message ?? result.errorMessage
}
