import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { ListOffsets } from './messages/list-offsets.js'

/** ListOffsets timestamps with special meaning (maxTimestamp: the record with the largest timestamp, v7+). */
export const OffsetSpec = { latest: -1n, earliest: -2n, maxTimestamp: -3n } as const

export const IsolationLevel = { readUncommitted: 0, readCommitted: 1 } as const

/** ListOffsets v7 (Kafka 3.0) is the first that answers OffsetSpec.maxTimestamp. */
export const LIST_OFFSETS_MAX_TIMESTAMP = 7

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
 * ListOffsets v1-v11. read_uncommitted (the high watermark, as Kafka's tools report it) is all v1 knows;
 * read_committed needs v2, OffsetSpec.maxTimestamp v7 (Kafka 3.0).
 */
export function listOffsetsRequest(
  queries: readonly ListOffsetsQuery[],
  isolationLevel: number = IsolationLevel.readUncommitted,
  options: { timeoutMs?: number } = {},
): VersionedRequest<ListedOffset[]> {
  const maxTimestamp = queries.some((q) => q.partitions.some((p) => p.timestamp === OffsetSpec.maxTimestamp))
  const minVersion = maxTimestamp ? LIST_OFFSETS_MAX_TIMESTAMP : isolationLevel !== 0 ? 2 : 1
  return versionedRequest(
    ListOffsets,
    (version) => ({
      body: {
        replicaId: -1,
        ...(version >= 2 ? { isolationLevel } : {}),
        topics: queries.map((q) => ({
          name: q.topic,
          partitions: q.partitions.map((p) => ({ partitionIndex: p.partition, timestamp: p.timestamp })),
        })),
        ...(version >= 10 && options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      },
      map: (r) =>
        r.topics.flatMap((t) =>
          t.partitions.map((p) => ({
            topic: t.name,
            partition: p.partitionIndex,
            errorCode: p.errorCode,
            timestamp: p.timestamp,
            offset: p.offset,
          })),
        ),
    }),
    {
      minVersion,
      ...(maxTimestamp
        ? { needs: 'max-timestamp needs Kafka 3.0 or newer' }
        : minVersion === 2
          ? { needs: 'read_committed needs Kafka 0.11 or newer' }
          : {}),
    },
  )
}
