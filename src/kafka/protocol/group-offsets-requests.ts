/**
 * Consumer group offsets at the group coordinator: OffsetFetch, OffsetCommit and OffsetDelete, for the
 * groups commands (many groups, commits outside a generation) and for consume's group member alike.
 */
import { groupByTopic, type TopicPartition } from '../../core/group-types.js'
import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'
import type { PartitionErrorCode } from './produce-requests.js'

export interface FetchedOffset {
  topic: string
  partition: number
  /** -1 when the group has no offset for the partition. */
  offset: number
  leaderEpoch: number
  metadata: string | null
  errorCode: number
}

export interface FetchedGroupOffsets {
  groupId: string
  errorCode: number
  offsets: FetchedOffset[]
}

/**
 * OffsetFetch v8 (Kafka 3.0+, KIP-709): the committed offsets of many groups in one request to their
 * coordinator. `partitions` null asks for every partition the group has an offset for.
 */
export function offsetFetchRequest(
  groups: readonly { groupId: string; partitions: readonly TopicPartition[] | null }[],
): RawRequest<FetchedGroupOffsets[]> {
  return {
    apiKey: ApiKey.OffsetFetch,
    apiVersion: 8,
    apiName: 'OffsetFetch',
    flexible: true,
    body: (w) =>
      w
        .compactArray(groups, (x, g) =>
          x
            .compactString(g.groupId)
            .compactArray(g.partitions && [...groupByTopic(g.partitions)], (y, [topic, list]) =>
              y
                .compactString(topic)
                .compactArray(list, (z, p) => z.int32(p.partition))
                .tags(),
            )
            .tags(),
        )
        .bool(false) // require_stable: like Kafka's admin client, do not wait for pending transactional commits
        .tags(),
    decode: (r) => {
      r.int32()
      const groups = r.compactArray((x) => {
        const groupId = x.compactString() ?? ''
        const offsets: FetchedOffset[] = []
        x.compactArray((y) => {
          const topic = y.compactString() ?? ''
          y.compactArray((z) => {
            offsets.push({
              topic,
              partition: z.int32(),
              offset: Number(z.int64()),
              leaderEpoch: z.int32(),
              metadata: z.compactString(),
              errorCode: z.int16(),
            })
            z.tags()
          })
          y.tags()
        })
        const errorCode = x.int16()
        x.tags()
        return { groupId, errorCode, offsets }
      })
      r.tags()
      return groups
    },
  }
}

export interface TopicPartitionOffset {
  topic: string
  partition: number
  offset: number
  /** -1: unknown, as Kafka's admin client sends for a reset. */
  leaderEpoch?: number
  metadata?: string | null
}

/**
 * OffsetCommit v8 (Kafka 2.4+). A member commits in its generation. Without a member (generation -1, no
 * member id), as Kafka's AdminClient.alterConsumerGroupOffsets sends it, the coordinator accepts it only
 * while the group has no members, so a running group cannot have its offsets changed under it.
 */
export function offsetCommitRequest(
  groupId: string,
  offsets: readonly TopicPartitionOffset[],
  member: { generationId: number; memberId: string } = { generationId: -1, memberId: '' },
): RawRequest<PartitionErrorCode[]> {
  const byTopic = groupByTopic(offsets)
  return {
    apiKey: ApiKey.OffsetCommit,
    apiVersion: 8,
    apiName: 'OffsetCommit',
    flexible: true,
    body: (w) =>
      w
        .compactString(groupId)
        .int32(member.generationId)
        .compactString(member.memberId)
        .compactString(null)
        .compactArray([...byTopic], (x, [topic, list]) =>
          x
            .compactString(topic)
            .compactArray(list, (y, o) =>
              y
                .int32(o.partition)
                .int64(BigInt(o.offset))
                .int32(o.leaderEpoch ?? -1)
                .compactString(o.metadata ?? '')
                .tags(),
            )
            .tags(),
        )
        .tags(),
    decode: (r) => {
      r.int32()
      const results: PartitionErrorCode[] = []
      r.compactArray((x) => {
        const topic = x.compactString() ?? ''
        x.compactArray((y) => {
          results.push({ topic, partition: y.int32(), errorCode: y.int16() })
          y.tags()
        })
        x.tags()
      })
      r.tags()
      return results
    },
  }
}

export interface OffsetDeleteResult {
  errorCode: number
  partitions: PartitionErrorCode[]
}

/** OffsetDelete v0 (Kafka 2.4+, KIP-496): removes a group's committed offsets for some partitions. */
export function offsetDeleteRequest(
  groupId: string,
  partitions: readonly { topic: string; partition: number }[],
): RawRequest<OffsetDeleteResult> {
  const byTopic = groupByTopic(partitions)
  return {
    apiKey: ApiKey.OffsetDelete,
    apiVersion: 0,
    apiName: 'OffsetDelete',
    flexible: false,
    body: (w) =>
      w
        .string(groupId)
        .array([...byTopic], (x, [topic, list]) =>
          x.string(topic).array(list, (y, p) => y.int32(p.partition)),
        ),
    decode: (r) => {
      const errorCode = r.int16()
      r.int32()
      const partitions: PartitionErrorCode[] = []
      r.array((x) => {
        const topic = x.string() ?? ''
        x.array((y) => partitions.push({ topic, partition: y.int32(), errorCode: y.int16() }))
      })
      return { errorCode, partitions }
    },
  }
}
