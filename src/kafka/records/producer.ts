/**
 * ktk's producer: record batches built by ktk (record-batch.ts) and sent with its own Produce requests
 * over the session's connections. Idempotent by default (acks=all): every batch carries the producer id
 * and a sequence, so a batch resent after a lost answer or a leader change is written once. Every input
 * line ends in exactly one delivery report: acknowledged at an offset, or not, and why.
 *
 * Three parts do the work: the batch queue (batch-queue.ts) accumulates records per partition and
 * bounds memory, the sequencer (sequencer.ts) numbers the batches, the sender (sender.ts) sends them to
 * the leaders and retries. This class routes records to partitions and ties the three together.
 */
import { partitionForKey } from '../../core/partitioner.js'
import type { OutgoingRecord } from '../../core/records.js'
import { type Access, principalName } from '../error-mapping.js'
import type { ProducerOptions, RecordProducer } from '../gateway.js'
import { topicLeaders } from '../leaders.js'
import type { KafkaSession } from '../session.js'
import { type Batch, BatchQueue, payloadBytes } from './batch-queue.js'
import { ProducerIdentity } from './producer-identity.js'
import { SENDER_TIMINGS, Sender, type SenderTimings } from './sender.js'
import { Sequencer } from './sequencer.js'

export class SessionProducer implements RecordProducer {
  readonly partitions: number
  private readonly queue: BatchQueue
  private readonly sequencer: Sequencer
  private readonly sender: Sender
  private stickyPartition: number

  private constructor(
    session: KafkaSession,
    private readonly options: ProducerOptions,
    leaders: number[],
    timings: SenderTimings,
  ) {
    this.partitions = leaders.length
    this.stickyPartition = Math.floor(Math.random() * Math.max(1, leaders.length))
    const access = writeAccess(session, options)
    const identity = new ProducerIdentity(
      session,
      options.topic,
      options.transactionalId,
      options.transactionTimeoutMs,
      access,
    )
    const transactional = options.transactionalId !== null
    this.sequencer = new Sequencer(
      identity,
      options.idempotent || transactional,
      transactional,
      this.partitions,
    )
    this.queue = new BatchQueue(this.partitions, {
      batchBytes: options.batchBytes,
      maxBufferedBytes: options.maxBufferedBytes,
      onDelivery: options.onDelivery,
      onSealed: (batch) => this.sealed(batch),
    })
    this.sender = new Sender(session, options, leaders, this.queue, this.sequencer, access, timings)
  }

  /** Finds the topic's leaders and, for an idempotent producer, its producer id. */
  static async open(
    session: KafkaSession,
    options: ProducerOptions,
    timings: SenderTimings = SENDER_TIMINGS,
  ): Promise<SessionProducer> {
    const leaders = await topicLeaders(session, options.topic, 'WRITE')
    const producer = new SessionProducer(session, options, leaders, timings)
    if (producer.sequencer.idempotent) await producer.sequencer.identity.init()
    return producer
  }

  /** Queues a record. Reports come through options.onDelivery; call waitForCapacity to bound memory. */
  send(record: OutgoingRecord): void {
    const partition = this.partitionFor(record)
    const refusal = this.refusal(partition)
    if (refusal !== null) {
      this.queue.report({
        partition,
        lines: [record.line],
        bytes: payloadBytes(record),
        baseOffset: null,
        error: refusal,
        written: 'no',
      })
      return
    }
    this.queue.append(partition, record, record.timestamp ?? Date.now())
    this.sender.schedule()
  }

  /** The record's own partition, its key's, or the sticky one for records without either. */
  private partitionFor(record: OutgoingRecord): number {
    if (record.partition !== undefined) return record.partition
    return record.key !== null ? partitionForKey(record.key, this.partitions) : this.stickyPartition
  }

  /** Why the record cannot be queued for the partition (null: it can). */
  private refusal(partition: number): string | null {
    if (!Number.isInteger(partition) || partition < 0 || partition >= this.partitions)
      return `partition ${partition} does not exist (the topic has ${this.partitions})`
    return this.sender.refusal(partition)
  }

  /** A batch was sealed: it takes its sequence, records without a key move on, and it is built. */
  private sealed(batch: Batch): void {
    this.sequencer.assign(batch)
    if (batch.partition === this.stickyPartition && this.partitions > 1) {
      this.stickyPartition = (this.stickyPartition + 1) % this.partitions
    }
    this.sender.build(batch)
  }

  /** Resolves when the producer holds less than its memory bound (immediately if it does). */
  waitForCapacity(): Promise<void> | null {
    return this.queue.waitForCapacity()
  }

  /** Sends everything queued and resolves when every record has its delivery report. */
  async flush(): Promise<void> {
    this.queue.sealAll()
    this.sender.schedule()
    await this.queue.waitUntilIdle()
  }

  /** Ctrl-C: nothing more is sent; what is not in flight is reported as not sent. */
  abortUnsent(): void {
    this.sender.abort()
  }

  /** Ends the transaction (commit when every record was acknowledged, else abort). */
  async endTransaction(commit: boolean): Promise<void> {
    if (this.options.transactionalId === null) return
    await this.sender.transactionSettled()
    await this.sequencer.identity.endTransaction(commit)
  }
}

/** What producing needs: WRITE on the topic and on the transactional id. */
function writeAccess(session: KafkaSession, options: ProducerOptions): Access {
  return {
    principal: principalName(session.settings),
    topic: { name: options.topic, operation: 'WRITE' },
    ...(options.transactionalId !== null
      ? { transactionalId: { name: options.transactionalId, operation: 'WRITE' as const } }
      : {}),
  }
}
