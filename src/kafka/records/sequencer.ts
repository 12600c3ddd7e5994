/**
 * The idempotent producer's numbering: the producer id and epoch every batch carries (ProducerIdentity),
 * and per partition the sequence of each batch. Sequences continue from the last acknowledged batch; they
 * change only when a batch is refused for good or split, and then the batches behind it are renumbered
 * before they are resent, so the broker sees no gap.
 */
import { setBaseSequence } from './batch-builder.js'
import type { Batch } from './batch-queue.js'
import type { ProducerIdentity } from './producer-identity.js'
import { At } from './record-batch.js'

/** What a batch's header says about its producer. */
export interface BatchHeader {
  producerId: bigint
  producerEpoch: number
  baseSequence: number
  transactional: boolean
}

export class Sequencer {
  /** The next sequence the broker expects after the last acknowledged batch, per partition. */
  private readonly acked: number[]
  /** The sequence the next sealed batch gets, per partition. */
  private readonly next: number[]

  constructor(
    readonly identity: ProducerIdentity,
    /** Idempotent (or transactional): without it, batches carry no producer id or sequence. */
    readonly idempotent: boolean,
    private readonly transactional: boolean,
    partitions: number,
  ) {
    this.acked = Array<number>(partitions).fill(0)
    this.next = Array<number>(partitions).fill(0)
  }

  /** A newly sealed batch takes the partition's next sequence. */
  assign(batch: Batch): void {
    batch.baseSequence = this.next[batch.partition]!
    this.next[batch.partition]! += batch.builder.count
  }

  header(batch: Batch): BatchHeader {
    return {
      producerId: this.identity.producerId,
      producerEpoch: this.identity.producerEpoch,
      baseSequence: this.idempotent ? batch.baseSequence : -1,
      transactional: this.transactional,
    }
  }

  /** The batch's bytes were built while its sequence changed: they take the current one. */
  stamp(batch: Batch): void {
    if (this.idempotent && batch.data && batch.baseSequence !== batch.data.readInt32BE(At.baseSequence))
      setBaseSequence(batch.data, batch.baseSequence)
  }

  acknowledged(batch: Batch): void {
    this.acked[batch.partition] = batch.baseSequence + batch.builder.count
  }

  /** Renumbers the partition's unacknowledged batches from the last acknowledged sequence on. */
  resequence(partition: number, queue: readonly Batch[]): void {
    if (!this.idempotent) return
    let sequence = this.acked[partition]!
    for (const batch of queue) {
      if (batch.baseSequence !== sequence) {
        batch.baseSequence = sequence
        if (batch.data) setBaseSequence(batch.data, sequence)
      }
      sequence += batch.builder.count
    }
    this.next[partition] = sequence
  }
}
