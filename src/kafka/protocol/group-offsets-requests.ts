/**
 * Consumer group offsets at the group coordinator: OffsetFetch, OffsetCommit and OffsetDelete, for the
 * groups commands (many groups, commits outside a generation) and for consume's group member alike.
 */
import { groupByTopic, type TopicPartition } from '../../core/group-types.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { OffsetCommit } from './messages/offset-commit.js'
import { OffsetDelete } from './messages/offset-delete.js'
import {
  OffsetFetch,
  type OffsetFetchResponse,
  type OffsetFetchResponseGroup,
} from './messages/offset-fetch.js'
import type { PartitionErrorCode } from './produce-requests.js'

export interface FetchedOffset {
  topic: string
  partition: number
  /** -1 when the group has no offset for the partition. */
  offset: number
  /** -1 when unknown (and always below OffsetFetch v5). */
  leaderEpoch: number
  metadata: string | null
  errorCode: number
}

export interface FetchedGroupOffsets {
  groupId: string
  errorCode: number
  offsets: FetchedOffset[]
}

/** The first OffsetFetch version that asks about many groups at once (KIP-709, Kafka 3.0). */
export const BATCHED_OFFSET_FETCH = 8
/** v10 names topics by id only: ktk speaks names, so v9 is its newest. */
const OFFSET_FETCH_MAX = 9

type GroupQuery = { groupId: string; partitions: readonly TopicPartition[] | null }

const topicsOf = (partitions: readonly TopicPartition[] | null) =>
  partitions &&
  [...groupByTopic(partitions)].map(([name, list]) => ({
    name,
    partitionIndexes: list.map((p) => p.partition),
  }))

/**
 * OffsetFetch v8-v9 (Kafka 3.0+): the committed offsets of many groups in one request to their
 * coordinator. `partitions` null asks for every partition the group has an offset for. Older brokers get
 * one groupOffsetFetchRequest per group.
 */
export function offsetFetchRequest(groups: readonly GroupQuery[]): VersionedRequest<FetchedGroupOffsets[]> {
  return versionedRequest(
    OffsetFetch,
    () => ({
      body: {
        groups: groups.map((g) => ({ groupId: g.groupId, topics: topicsOf(g.partitions) })),
        // Like Kafka's admin client, do not wait for pending transactional commits.
        requireStable: false,
      },
      map: (res) => (res.groups ?? []).map(batchedGroup),
    }),
    {
      minVersion: BATCHED_OFFSET_FETCH,
      maxVersion: OFFSET_FETCH_MAX,
      needs: 'fetching the offsets of several groups at once needs Kafka 3.0 or newer',
    },
  )
}

/**
 * The committed offsets of one group, in any version from Kafka 2.1's on. "Every partition" (null) needs
 * v2; the group-level error code came in v2, the leader epoch in v5, require_stable in v7.
 */
export function groupOffsetFetchRequest(
  groupId: string,
  partitions: readonly TopicPartition[] | null,
): VersionedRequest<FetchedGroupOffsets> {
  return versionedRequest(
    OffsetFetch,
    (version) => ({
      body:
        version >= BATCHED_OFFSET_FETCH
          ? { groups: [{ groupId, topics: topicsOf(partitions) }], requireStable: false }
          : {
              groupId,
              topics: topicsOf(partitions),
              ...(version >= 7 ? { requireStable: false } : {}),
            },
      map: (res) =>
        version >= BATCHED_OFFSET_FETCH
          ? batchedGroup(
              res.groups?.find((g) => g.groupId === groupId) ?? {
                groupId,
                topics: [],
                errorCode: 0,
              },
            )
          : singleGroup(res, groupId),
    }),
    { minVersion: partitions === null ? 2 : 1, maxVersion: OFFSET_FETCH_MAX },
  )
}

function batchedGroup(g: OffsetFetchResponseGroup): FetchedGroupOffsets {
  return {
    groupId: g.groupId,
    errorCode: g.errorCode,
    offsets: g.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name ?? '',
        partition: p.partitionIndex,
        offset: Number(p.committedOffset),
        leaderEpoch: p.committedLeaderEpoch ?? -1,
        metadata: p.metadata,
        errorCode: p.errorCode,
      })),
    ),
  }
}

function singleGroup(res: OffsetFetchResponse, groupId: string): FetchedGroupOffsets {
  return {
    groupId,
    errorCode: res.errorCode ?? 0,
    offsets: (res.topics ?? []).flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: Number(p.committedOffset),
        leaderEpoch: p.committedLeaderEpoch ?? -1,
        metadata: p.metadata,
        errorCode: p.errorCode,
      })),
    ),
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
 * OffsetCommit v2-v9 (v10 names topics by id only). A member commits in its generation. Without a member
 * (generation -1, no member id), as Kafka's AdminClient.alterConsumerGroupOffsets sends it, the
 * coordinator accepts it only while the group has no members, so a running group cannot have its offsets
 * changed under it. The retention time (v2-v4) is left to the broker (-1); leader epochs go from v6 on.
 */
export function offsetCommitRequest(
  groupId: string,
  offsets: readonly TopicPartitionOffset[],
  member: { generationId: number; memberId: string } = { generationId: -1, memberId: '' },
): VersionedRequest<PartitionErrorCode[]> {
  const byTopic = [...groupByTopic(offsets)]
  return versionedRequest(
    OffsetCommit,
    (version) => ({
      body: {
        groupId,
        generationIdOrMemberEpoch: member.generationId,
        memberId: member.memberId,
        ...(version <= 4 ? { retentionTimeMs: -1n } : {}),
        topics: byTopic.map(([name, list]) => ({
          name,
          partitions: list.map((o) => ({
            partitionIndex: o.partition,
            committedOffset: BigInt(o.offset),
            ...(version >= 6 ? { committedLeaderEpoch: o.leaderEpoch ?? -1 } : {}),
            committedMetadata: o.metadata ?? '',
          })),
        })),
      },
      map: (res) =>
        res.topics.flatMap((t) =>
          t.partitions.map((p) => ({
            topic: t.name ?? '',
            partition: p.partitionIndex,
            errorCode: p.errorCode,
          })),
        ),
    }),
    { minVersion: 2, maxVersion: 9 },
  )
}

export interface OffsetDeleteResult {
  errorCode: number
  partitions: PartitionErrorCode[]
}

/** OffsetDelete v0 (Kafka 2.4+, KIP-496): removes a group's committed offsets for some partitions. */
export function offsetDeleteRequest(
  groupId: string,
  partitions: readonly { topic: string; partition: number }[],
): VersionedRequest<OffsetDeleteResult> {
  const byTopic = [...groupByTopic(partitions)]
  return versionedRequest(
    OffsetDelete,
    () => ({
      body: {
        groupId,
        topics: byTopic.map(([name, list]) => ({
          name,
          partitions: list.map((p) => ({ partitionIndex: p.partition })),
        })),
      },
      map: (res) => ({
        errorCode: res.errorCode,
        partitions: res.topics.flatMap((t) =>
          t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode })),
        ),
      }),
    }),
    { minVersion: 0, maxVersion: 0, needs: 'deleting offsets needs Kafka 2.4 or newer' },
  )
}
