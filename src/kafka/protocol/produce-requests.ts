import { ApiKey } from './api-keys.js'
import type { VersionedRequest, Writer } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { decodeMessage } from './message-codec.js'
import { AddPartitionsToTxn } from './messages/add-partitions-to-txn.js'
import { EndTxn } from './messages/end-txn.js'
import { InitProducerId } from './messages/init-producer-id.js'
import { Produce, type ProduceResponse } from './messages/produce.js'

export interface ProducePartitionData {
  partition: number
  records: Buffer
}

export interface ProducePartitionResult {
  topic: string
  partition: number
  errorCode: number
  baseOffset: number
  errorMessage: string | null
  recordErrors: { batchIndex: number; message: string | null }[]
}

/** The first flexible Produce version (compact strings and arrays, tagged fields). */
const FLEXIBLE_PRODUCE = 9

/**
 * Produce v3-v11 (v3: the record batches ktk writes; Kafka 4.x accepts v3 and up). Not v12: a producer
 * sending it to a broker with transaction version 2 takes part in KIP-890's protocol (no AddPartitionsToTxn,
 * an epoch bumped at every EndTxn), which ktk's transactions do not follow; v13 names topics by id only.
 * acks 0 gets no response.
 *
 * The body is written by hand, straight into the request buffer: the generated codec would encode it into
 * a buffer of its own and copy the record batches twice, on the path every produced record takes. The
 * answer is decoded by the generated codec.
 */
export function produceRequest(
  transactionalId: string | null,
  acks: number,
  timeoutMs: number,
  topics: readonly { topic: string; partitions: readonly ProducePartitionData[] }[],
): VersionedRequest<ProducePartitionResult[]> {
  const sizeHint = topics.reduce(
    (n, t) => n + 64 + t.topic.length * 3 + t.partitions.reduce((m, p) => m + 16 + p.records.length, 0),
    64 + (transactionalId?.length ?? 0) * 3,
  )
  return {
    apiKey: ApiKey.Produce,
    apiName: 'Produce',
    minVersion: 3,
    maxVersion: 11,
    build: (version) => ({
      apiKey: ApiKey.Produce,
      apiVersion: version,
      apiName: 'Produce',
      flexible: version >= FLEXIBLE_PRODUCE,
      expectResponse: acks !== 0,
      sizeHint,
      body: (w) =>
        version >= FLEXIBLE_PRODUCE
          ? flexibleBody(w, transactionalId, acks, timeoutMs, topics)
          : w
              .string(transactionalId)
              .int16(acks)
              .int32(timeoutMs)
              .array(topics, (x, t) =>
                x.string(t.topic).array(t.partitions, (y, p) => y.int32(p.partition).int32Bytes(p.records)),
              ),
      decode: (r, answer) => {
        const response = decodeMessage(Produce.response, version, r.raw(r.remaining))
        if (answer && response.throttleTimeMs > 0) answer.throttleTimeMs = response.throttleTimeMs
        return produceResults(response)
      },
    }),
  }
}

/** v9+: compact strings, arrays and records (length + 1 as an unsigned varint), empty tag sections. */
function flexibleBody(
  w: Writer,
  transactionalId: string | null,
  acks: number,
  timeoutMs: number,
  topics: readonly { topic: string; partitions: readonly ProducePartitionData[] }[],
): void {
  w.compactString(transactionalId)
    .int16(acks)
    .int32(timeoutMs)
    .compactArray(topics, (x, t) =>
      x
        .compactString(t.topic)
        .compactArray(t.partitions, (y, p) =>
          y
            .int32(p.partition)
            .uvarint(p.records.length + 1)
            .bytes(p.records)
            .tags(),
        )
        .tags(),
    )
    .tags()
}

function produceResults(res: ProduceResponse): ProducePartitionResult[] {
  return res.responses.flatMap((t) =>
    t.partitionResponses.map((p) => ({
      topic: t.name ?? '',
      partition: p.index,
      errorCode: p.errorCode,
      baseOffset: Number(p.baseOffset),
      errorMessage: p.errorMessage ?? null,
      recordErrors: (p.recordErrors ?? []).map((e) => ({
        batchIndex: e.batchIndex,
        message: e.batchIndexErrorMessage,
      })),
    })),
  )
}

export interface ProducerIdentity {
  errorCode: number
  producerId: bigint
  producerEpoch: number
}

/**
 * InitProducerId v0-v5: an idempotent producer id (no transactional id) or a transactional one. ktk always
 * asks for a new id (producer id and epoch -1 from v3, as their defaults).
 */
export function initProducerIdRequest(
  transactionalId: string | null,
  transactionTimeoutMs: number,
): VersionedRequest<ProducerIdentity> {
  return versionedRequest(
    InitProducerId,
    () => ({
      body: { transactionalId, transactionTimeoutMs },
      map: (res) => ({
        errorCode: res.errorCode,
        producerId: res.producerId,
        producerEpoch: res.producerEpoch,
      }),
    }),
    { minVersion: 0, maxVersion: 5 },
  )
}

/**
 * AddPartitionsToTxn v0-v3: the partitions a transaction writes to, before the first write. v4+ is the
 * brokers' own batched form (KIP-890), not for clients.
 */
export function addPartitionsToTxnRequest(
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  topics: readonly { topic: string; partitions: readonly number[] }[],
): VersionedRequest<PartitionErrorCode[]> {
  return versionedRequest(
    AddPartitionsToTxn,
    () => ({
      body: {
        v3AndBelowTransactionalId: transactionalId,
        v3AndBelowProducerId: producerId,
        v3AndBelowProducerEpoch: producerEpoch,
        v3AndBelowTopics: topics.map((t) => ({ name: t.topic, partitions: [...t.partitions] })),
      },
      map: (res) =>
        (res.resultsByTopicV3AndBelow ?? []).flatMap((t) =>
          t.resultsByPartition.map((p) => ({
            topic: t.name,
            partition: p.partitionIndex,
            errorCode: p.partitionErrorCode,
          })),
        ),
    }),
    { minVersion: 0, maxVersion: 3 },
  )
}

export interface PartitionErrorCode {
  topic: string
  partition: number
  errorCode: number
}

/**
 * EndTxn v0-v4: commit or abort. Not v5: with it a transaction-version-2 coordinator bumps the producer
 * epoch at every commit (KIP-890), which goes with Produce v12 and no AddPartitionsToTxn.
 */
export function endTxnRequest(
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  commit: boolean,
): VersionedRequest<number> {
  return versionedRequest(
    EndTxn,
    () => ({
      body: { transactionalId, producerId, producerEpoch, committed: commit },
      map: (res) => res.errorCode,
    }),
    { minVersion: 0, maxVersion: 4 },
  )
}
