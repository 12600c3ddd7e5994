import { ApiKey } from './api-keys.js'
import type { RawRequest, Reader } from './codec.js'

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

/** Produce v8 (Kafka 2.4+; 4.x accepts v3-v13). acks 0 gets no response. */
export function produceRequest(
  transactionalId: string | null,
  acks: number,
  timeoutMs: number,
  topics: readonly { topic: string; partitions: readonly ProducePartitionData[] }[],
): RawRequest<ProducePartitionResult[]> {
  return {
    apiKey: ApiKey.Produce,
    apiVersion: 8,
    apiName: 'Produce',
    flexible: false,
    expectResponse: acks !== 0,
    sizeHint: topics.reduce(
      (n, t) => n + 64 + t.topic.length + t.partitions.reduce((m, p) => m + 8 + p.records.length, 0),
      64 + (transactionalId?.length ?? 0) * 3,
    ),
    body: (w) =>
      w
        .string(transactionalId)
        .int16(acks)
        .int32(timeoutMs)
        .array(topics, (x, t) =>
          x.string(t.topic).array(t.partitions, (y, p) => y.int32(p.partition).int32Bytes(p.records)),
        ),
    decode: (r) => {
      const out: ProducePartitionResult[] = []
      r.array((x) => {
        const topic = x.string() ?? ''
        x.array((y) => {
          const partition = y.int32()
          const errorCode = y.int16()
          const baseOffset = Number(y.int64())
          y.int64()
          y.int64()
          const recordErrors = y.array((z) => ({ batchIndex: z.int32(), message: z.string() }))
          const errorMessage = y.string()
          out.push({ topic, partition, errorCode, baseOffset, errorMessage, recordErrors })
        })
      })
      r.int32()
      return out
    },
  }
}

export interface ProducerIdentity {
  errorCode: number
  producerId: bigint
  producerEpoch: number
}

/** InitProducerId v1: an idempotent producer id (no transactional id) or a transactional one. */
export function initProducerIdRequest(
  transactionalId: string | null,
  transactionTimeoutMs: number,
): RawRequest<ProducerIdentity> {
  return {
    apiKey: ApiKey.InitProducerId,
    apiVersion: 1,
    apiName: 'InitProducerId',
    flexible: false,
    body: (w) => w.string(transactionalId).int32(transactionTimeoutMs),
    decode: (r) => {
      r.int32()
      return { errorCode: r.int16(), producerId: r.int64(), producerEpoch: r.int16() }
    },
  }
}

/** AddPartitionsToTxn v2: the partitions a transaction writes to, before the first write. */
export function addPartitionsToTxnRequest(
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  topics: readonly { topic: string; partitions: readonly number[] }[],
): RawRequest<PartitionErrorCode[]> {
  return {
    apiKey: ApiKey.AddPartitionsToTxn,
    apiVersion: 2,
    apiName: 'AddPartitionsToTxn',
    flexible: false,
    body: (w) =>
      w
        .string(transactionalId)
        .int64(producerId)
        .int16(producerEpoch)
        .array(topics, (x, t) => x.string(t.topic).array(t.partitions, (y, p) => y.int32(p))),
    decode: decodePartitionErrors,
  }
}

export interface PartitionErrorCode {
  topic: string
  partition: number
  errorCode: number
}

/** Responses that are a throttle time and, per topic, each partition's error code. */
export function decodePartitionErrors(r: Reader): PartitionErrorCode[] {
  r.int32()
  const out: PartitionErrorCode[] = []
  r.array((x) => {
    const topic = x.string() ?? ''
    x.array((y) => out.push({ topic, partition: y.int32(), errorCode: y.int16() }))
  })
  return out
}

/** EndTxn v2: commit or abort. */
export function endTxnRequest(
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  commit: boolean,
): RawRequest<number> {
  return {
    apiKey: ApiKey.EndTxn,
    apiVersion: 2,
    apiName: 'EndTxn',
    flexible: false,
    body: (w) => w.string(transactionalId).int64(producerId).int16(producerEpoch).bool(commit),
    decode: (r) => {
      r.int32()
      return r.int16()
    },
  }
}
