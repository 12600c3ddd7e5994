import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'

export interface FetchPartitionQuery {
  partition: number
  offset: number
  maxBytes: number
}

export interface FetchPartitionResult {
  topic: string
  partition: number
  errorCode: number
  highWatermark: number
  lastStableOffset: number
  logStartOffset: number
  abortedTransactions: { producerId: bigint; firstOffset: number }[] | null
  records: Buffer | null
}

/** Fetch v11 (Kafka 2.3+; 4.x accepts v4-v18), no fetch sessions. */
export function fetchRequest(
  queries: readonly { topic: string; partitions: readonly FetchPartitionQuery[] }[],
  options: { maxWaitMs: number; minBytes: number; maxBytes: number; isolationLevel: number },
): RawRequest<FetchPartitionResult[]> {
  return {
    apiKey: ApiKey.Fetch,
    apiVersion: 11,
    apiName: 'Fetch',
    flexible: false,
    body: (w) =>
      w
        .int32(-1)
        .int32(options.maxWaitMs)
        .int32(options.minBytes)
        .int32(options.maxBytes)
        .int8(options.isolationLevel)
        .int32(0)
        .int32(-1)
        .array(queries, (x, t) =>
          x
            .string(t.topic)
            .array(t.partitions, (y, p) =>
              y.int32(p.partition).int32(-1).int64(p.offset).int64(-1).int32(p.maxBytes),
            ),
        )
        .array([], () => {})
        .string(''),
    decode: (r) => {
      r.int32()
      const errorCode = r.int16()
      r.int32()
      const out: FetchPartitionResult[] = []
      r.array((x) => {
        const topic = x.string() ?? ''
        x.array((y) => {
          const partition = y.int32()
          const partitionError = y.int16()
          const highWatermark = Number(y.int64())
          const lastStableOffset = Number(y.int64())
          const logStartOffset = Number(y.int64())
          const count = y.int32()
          const abortedTransactions =
            count < 0
              ? null
              : Array.from({ length: count }, () => ({
                  producerId: y.int64(),
                  firstOffset: Number(y.int64()),
                }))
          y.int32()
          const records = y.bytes()
          out.push({
            topic,
            partition,
            errorCode: partitionError || errorCode,
            highWatermark,
            lastStableOffset,
            logStartOffset,
            abortedTransactions,
            records,
          })
        })
      })
      return out
    },
  }
}
