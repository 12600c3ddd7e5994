import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'

export interface FetchedOffset {
  topic: string
  partition: number
  /** -1 when the group has no offset for the partition. */
  offset: bigint
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
 * coordinator. `topics` null asks for every partition the group has an offset for.
 */
export function offsetFetchRequest(
  groups: readonly { groupId: string; topics: { topic: string; partitions: number[] }[] | null }[],
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
            .compactArray(g.topics, (y, t) =>
              y
                .compactString(t.topic)
                .compactArray(t.partitions, (z, p) => z.int32(p))
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
              offset: z.int64(),
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

export interface OffsetToCommit {
  topic: string
  partition: number
  offset: number
  /** -1: unknown, as Kafka's admin client sends for a reset. */
  leaderEpoch?: number
  metadata?: string | null
}

export interface PartitionResult {
  topic: string
  partition: number
  errorCode: number
}

/**
 * OffsetCommit v8 (Kafka 2.4+) outside any generation (generation -1, no member id), as Kafka's
 * AdminClient.alterConsumerGroupOffsets sends it: the coordinator accepts it only while the group has
 * no members, so a running group cannot have its offsets changed under it.
 */
export function offsetCommitRequest(
  groupId: string,
  offsets: readonly OffsetToCommit[],
): RawRequest<PartitionResult[]> {
  const byTopic = groupByTopic(offsets)
  return {
    apiKey: ApiKey.OffsetCommit,
    apiVersion: 8,
    apiName: 'OffsetCommit',
    flexible: true,
    body: (w) =>
      w
        .compactString(groupId)
        .int32(-1)
        .compactString('')
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
      const results: PartitionResult[] = []
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
  partitions: PartitionResult[]
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
      const partitions: PartitionResult[] = []
      r.array((x) => {
        const topic = x.string() ?? ''
        x.array((y) => partitions.push({ topic, partition: y.int32(), errorCode: y.int16() }))
      })
      return { errorCode, partitions }
    },
  }
}

function groupByTopic<T extends { topic: string }>(items: readonly T[]): Map<string, T[]> {
  const byTopic = new Map<string, T[]>()
  for (const item of items) {
    const list = byTopic.get(item.topic)
    if (list) list.push(item)
    else byTopic.set(item.topic, [item])
  }
  return byTopic
}
