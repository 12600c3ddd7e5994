import { asBuffer } from './bytes.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { Fetch } from './messages/fetch.js'

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
  /** -1 below v5, which does not say. */
  logStartOffset: number
  abortedTransactions: { producerId: bigint; firstOffset: number }[] | null
  records: Buffer | null
}

/**
 * Fetch v4-v12, without fetch sessions (session id 0, epoch -1 from v7: a full fetch every time). v4 is
 * the first with the isolation level and last stable offset that transactional reads need; v13 and later
 * name topics by id only, and ktk's reads go by name.
 */
export function fetchRequest(
  queries: readonly { topic: string; partitions: readonly FetchPartitionQuery[] }[],
  options: { maxWaitMs: number; minBytes: number; maxBytes: number; isolationLevel: number },
): VersionedRequest<FetchPartitionResult[]> {
  return versionedRequest(
    Fetch,
    (version) => ({
      body: {
        replicaId: -1,
        maxWaitMs: options.maxWaitMs,
        minBytes: options.minBytes,
        maxBytes: options.maxBytes,
        isolationLevel: options.isolationLevel,
        ...(version >= 7 ? { sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [] } : {}),
        topics: queries.map((t) => ({
          topic: t.topic,
          partitions: t.partitions.map((p) => ({
            partition: p.partition,
            fetchOffset: BigInt(p.offset),
            partitionMaxBytes: p.maxBytes,
          })),
        })),
        ...(version >= 11 ? { rackId: '' } : {}),
      },
      map: (res) =>
        res.responses.flatMap((t) =>
          t.partitions.map((p) => ({
            topic: t.topic ?? '',
            partition: p.partitionIndex,
            errorCode: p.errorCode || (res.errorCode ?? 0),
            highWatermark: Number(p.highWatermark),
            lastStableOffset: Number(p.lastStableOffset ?? -1),
            logStartOffset: Number(p.logStartOffset ?? -1),
            abortedTransactions:
              p.abortedTransactions?.map((a) => ({
                producerId: a.producerId,
                firstOffset: Number(a.firstOffset),
              })) ?? null,
            records: p.records && asBuffer(p.records),
          })),
        ),
    }),
    { minVersion: 4, maxVersion: 12 },
  )
}
