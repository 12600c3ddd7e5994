/** Domain types for consumer groups: what the groups gateway returns and the group services work with. */

import { isAuthorizationCode } from './errors.js'
export interface TopicPartition {
  topic: string
  partition: number
}

export interface TopicPartitions {
  topic: string
  partitions: number[]
}

/** A map key for a topic-partition (topic names cannot contain NUL). */
export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`

/** Kafka's own spelling of a topic-partition in messages: "orders-3". */
export const tpName = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`

/** Items grouped by topic, topics in order of first appearance (how requests list partitions). */
export function groupByTopic<T extends { topic: string }>(items: readonly T[]): Map<string, T[]> {
  const byTopic = new Map<string, T[]>()
  for (const item of items) {
    const list = byTopic.get(item.topic)
    if (list) list.push(item)
    else byTopic.set(item.topic, [item])
  }
  return byTopic
}

/** Sorts by topic name, then partition number. */
export function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition
}

/** Group protocols: `classic` (JoinGroup/SyncGroup) and KIP-848's `consumer` (Kafka 4.0+). */
export type GroupType = 'classic' | 'consumer' | 'share' | 'streams'

/** Kafka's group states, spelled as Kafka's tools print them. */
export const GROUP_STATES = [
  'Stable',
  'Empty',
  'Dead',
  'PreparingRebalance',
  'CompletingRebalance',
  'Assigning',
  'Reconciling',
  'Unknown',
] as const

export interface GroupListing {
  groupId: string
  /** "consumer" for consumer groups, "" for groups that only hold committed offsets, "connect", … */
  protocolType: string
  /** Kafka's state name; null when the broker does not report states. */
  state: string | null
  /** null when the broker does not report group types (before KIP-848). */
  type: GroupType | null
}

export interface Coordinator {
  id: number
  host: string
  port: number
}

export interface GroupMember {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  /** As the broker reports it, e.g. "/127.0.0.1". */
  host: string
  /** The partitions the member owns now. */
  assignment: TopicPartitions[]
  /** `consumer` groups: the partitions the group coordinator wants it to own; null for classic groups. */
  targetAssignment: TopicPartitions[] | null
  /** `consumer` groups: the member's epoch; null for classic groups. */
  memberEpoch: number | null
  /** Topics the member subscribed to (a regex subscription shows as its pattern). */
  subscription: string[]
}

export interface GroupDescription {
  groupId: string
  type: GroupType
  protocolType: string
  /** Kafka's state name: Stable, Empty, Dead (the group does not exist), PreparingRebalance, … */
  state: string
  /** The partition assignor in use (range, roundrobin, cooperative-sticky, uniform, …); '' when none. */
  assignor: string
  coordinator: Coordinator
  members: GroupMember[]
  /** `consumer` groups only. */
  groupEpoch: number | null
  /** `consumer` groups only. */
  targetAssignmentEpoch: number | null
}

export interface CommittedOffset {
  topic: string
  partition: number
  offset: number
  /** null when the commit did not record one. */
  leaderEpoch: number | null
  metadata: string | null
}

/** A partition's offset from ListOffsets; null offset when the partition could not be asked. */
export interface LogOffset {
  topic: string
  partition: number
  offset: number | null
  /** The record's timestamp for by-time and max-timestamp lookups; null otherwise or when unknown. */
  timestamp: number | null
  /** Kafka's error name when the lookup failed (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, …). */
  error: string | null
}

export type OffsetQuery = 'earliest' | 'latest' | 'max-timestamp' | { timestamp: number }

/** What is at or after an offset: the first data record there, or nothing (only transaction markers). */
export interface RecordAt {
  topic: string
  partition: number
  /** The offset asked about. */
  requested: number
  /**
   * The first data record at or after it (transaction markers and compacted-away offsets are skipped; an
   * offset below the log start is answered by the oldest record left); null when the log holds no data
   * record there, up to its end.
   */
  record: {
    offset: number
    timestamp: number
    /** false when the record batch could not be decompressed and its first timestamp stands in. */
    exact: boolean
  } | null
}

/** Per-item outcome of a group operation: null for success, or Kafka's error name and message. */
export interface ItemFailure {
  code: string
  message: string
  /** What to do about it (e.g. the ACL that would allow it). */
  hints?: string[]
}

/** A refusal by the authorizer (TOPIC_, GROUP_, CLUSTER_… AUTHORIZATION_FAILED): exit 6. */
export const isAuthorizationFailure = (f: ItemFailure) => isAuthorizationCode(f.code)
