import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'
import { IsolationLevel } from './offsets-requests.js'

export interface FetchQuery {
  topic: string
  partition: number
  offset: number
}

export interface FetchedPartition {
  topic: string
  partition: number
  errorCode: number
  highWatermark: number
  logStartOffset: number
  records: Buffer | null
}

/**
 * Fetch v11 (Kafka 2.3+, still accepted by 4.x): a sessionless, non-blocking read of a little data from
 * each partition, by topic name. ktk reads single records with it (a record's timestamp), so it asks
 * for little: the broker still returns the whole first batch when it is larger (KIP-74).
 */
export function fetchRequest(
  queries: readonly FetchQuery[],
  partitionMaxBytes = 16 * 1024,
  isolationLevel: number = IsolationLevel.readUncommitted,
): RawRequest<FetchedPartition[]> {
  const byTopic = new Map<string, FetchQuery[]>()
  for (const q of queries) {
    const list = byTopic.get(q.topic)
    if (list) list.push(q)
    else byTopic.set(q.topic, [q])
  }
  return {
    apiKey: ApiKey.Fetch,
    apiVersion: 11,
    apiName: 'Fetch',
    flexible: false,
    body: (w) =>
      w
        .int32(-1) // replica id: a consumer
        .int32(0) // max wait: answer at once
        .int32(0) // min bytes
        .int32(64 * 1024 * 1024)
        .int8(isolationLevel)
        .int32(0) // session id: no fetch session
        .int32(-1) // session epoch: no fetch session
        .array([...byTopic], (x, [topic, list]) =>
          x
            .string(topic)
            .array(list, (y, q) =>
              y.int32(q.partition).int32(-1).int64(BigInt(q.offset)).int64(-1n).int32(partitionMaxBytes),
            ),
        )
        .array([], () => {})
        .string(''),
    decode: (r) => {
      r.int32() // throttle
      r.int16() // top-level error (fetch sessions only)
      r.int32() // session id
      const out: FetchedPartition[] = []
      r.array((x) => {
        const topic = x.string() ?? ''
        x.array((y) => {
          const partition = y.int32()
          const errorCode = y.int16()
          const highWatermark = Number(y.int64())
          y.int64() // last stable offset
          const logStartOffset = Number(y.int64())
          y.array((z) => {
            z.int64()
            z.int64()
          })
          y.int32() // preferred read replica
          const records = y.bytes()
          out.push({ topic, partition, errorCode, highWatermark, logStartOffset, records })
        })
      })
      return out
    },
  }
}
