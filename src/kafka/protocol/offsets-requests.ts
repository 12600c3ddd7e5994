import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'

/** ListOffsets timestamps with special meaning (maxTimestamp: the record with the largest timestamp, v7+). */
export const OffsetSpec = { latest: -1n, earliest: -2n, maxTimestamp: -3n } as const

export const IsolationLevel = { readUncommitted: 0, readCommitted: 1 } as const

export interface ListOffsetsQuery {
  topic: string
  partitions: { partition: number; timestamp: bigint }[]
}

export interface ListedOffset {
  topic: string
  partition: number
  errorCode: number
  timestamp: bigint
  offset: bigint
}

/**
 * ListOffsets v6 (Kafka 2.5+); v7 (Kafka 3.0+, same layout) also answers OffsetSpec.maxTimestamp.
 * read_uncommitted gives the high watermark, as Kafka's tools report it.
 */
export function listOffsetsRequest(
  queries: readonly ListOffsetsQuery[],
  isolationLevel: number = IsolationLevel.readUncommitted,
  version: 6 | 7 = 6,
): RawRequest<ListedOffset[]> {
  return {
    apiKey: ApiKey.ListOffsets,
    apiVersion: version,
    apiName: 'ListOffsets',
    flexible: true,
    body: (w) =>
      w
        .int32(-1)
        .int8(isolationLevel)
        .compactArray(queries, (x, q) =>
          x
            .compactString(q.topic)
            .compactArray(q.partitions, (y, p) => y.int32(p.partition).int32(-1).int64(p.timestamp).tags())
            .tags(),
        )
        .tags(),
    decode: (r) => {
      r.int32()
      const out: ListedOffset[] = []
      r.compactArray((x) => {
        const topic = x.compactString() ?? ''
        x.compactArray((y) => {
          const partition = y.int32()
          const errorCode = y.int16()
          const timestamp = y.int64()
          const offset = y.int64()
          y.int32()
          y.tags()
          out.push({ topic, partition, errorCode, timestamp, offset })
        })
        x.tags()
      })
      r.tags()
      return out
    },
  }
}
