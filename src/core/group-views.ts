/**
 * The three views of `kafka-consumer-groups --describe` (offsets, members, state), built from a group's
 * description, its committed offsets and the partitions' log end offsets, with Kafka's own rules.
 */
import {
  byTopicPartition,
  type CommittedOffset,
  type GroupDescription,
  type TopicPartitions,
  tpKey,
} from './group-types.js'

export interface OffsetRow {
  group: string
  topic: string
  partition: number
  /** The committed offset; null when the group has none for the partition. */
  currentOffset: number | null
  /** The leader epoch the offset was committed with, when recorded (LEADER-EPOCH with --verbose). */
  leaderEpoch: number | null
  /** null when the partition could not be asked (deleted topic, no leader). */
  logEndOffset: number | null
  /** logEndOffset - currentOffset; null when either is unknown. */
  lag: number | null
  /** The member that owns the partition; null when no member does. */
  consumerId: string | null
  host: string | null
  clientId: string | null
}

/** Kafka's getLag: the log end offset minus the committed offset, when both are known. */
export function lagOf(currentOffset: number | null, logEndOffset: number | null): number | null {
  return currentOffset === null || currentOffset < 0 || logEndOffset === null
    ? null
    : logEndOffset - currentOffset
}

/**
 * Kafka's collectGroupsOffsets: a row per partition assigned to a member (committed or not), then a row
 * per committed partition no member owns. Rows sorted by topic and partition.
 */
export function offsetRows(
  group: GroupDescription,
  committed: readonly CommittedOffset[],
  logEndOffsets: ReadonlyMap<string, number | null>,
): OffsetRow[] {
  const committedByTp = new Map(committed.map((c) => [tpKey(c.topic, c.partition), c]))
  const rows: OffsetRow[] = []
  const owned = new Set<string>()
  for (const member of group.members) {
    for (const { topic, partitions } of member.assignment) {
      for (const partition of partitions) {
        const key = tpKey(topic, partition)
        if (owned.has(key)) continue
        owned.add(key)
        rows.push(
          row(group.groupId, topic, partition, committedByTp.get(key), logEndOffsets.get(key), member),
        )
      }
    }
  }
  for (const c of committed) {
    const key = tpKey(c.topic, c.partition)
    if (!owned.has(key)) rows.push(row(group.groupId, c.topic, c.partition, c, logEndOffsets.get(key), null))
  }
  return rows.sort(byTopicPartition)
}

function row(
  group: string,
  topic: string,
  partition: number,
  committed: CommittedOffset | undefined,
  logEndOffset: number | null | undefined,
  member: { memberId: string; host: string; clientId: string } | null,
): OffsetRow {
  const currentOffset = committed?.offset ?? null
  const end = logEndOffset ?? null
  return {
    group,
    topic,
    partition,
    currentOffset,
    leaderEpoch: committed?.leaderEpoch ?? null,
    logEndOffset: end,
    lag: lagOf(currentOffset, end),
    consumerId: member?.memberId ?? null,
    host: member?.host ?? null,
    clientId: member?.clientId ?? null,
  }
}

export interface MemberRow {
  group: string
  consumerId: string
  groupInstanceId: string | null
  host: string
  clientId: string
  partitions: number
  /** `consumer` groups: the member's epoch. */
  currentEpoch: number | null
  /** Kafka's assignment string: "orders:0,1;payments:2". */
  assignment: string
  /** `consumer` groups: the group's target assignment epoch. */
  targetEpoch: number | null
  targetAssignment: string | null
}

/** Kafka's getAssignmentString: topics sorted, each "topic:p,p,…", joined with ";"; "" for none. */
export function assignmentString(topics: readonly TopicPartitions[]): string {
  return topics
    .filter((t) => t.partitions.length > 0)
    .map((t) => `${t.topic}:${[...t.partitions].sort((a, b) => a - b).join(',')}`)
    .sort()
    .join(';')
}

export function memberRows(group: GroupDescription): MemberRow[] {
  return group.members.map((m) => ({
    group: group.groupId,
    consumerId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    host: m.host,
    clientId: m.clientId,
    partitions: m.assignment.reduce((n, t) => n + t.partitions.length, 0),
    currentEpoch: m.memberEpoch,
    assignment: assignmentString(m.assignment),
    targetEpoch: group.type === 'consumer' ? group.targetAssignmentEpoch : null,
    targetAssignment: m.targetAssignment ? assignmentString(m.targetAssignment) : null,
  }))
}

export interface StateRow {
  group: string
  /** "host:port  (id)", as Kafka prints it. */
  coordinator: string
  coordinatorId: number
  assignmentStrategy: string
  state: string
  type: string
  members: number
  groupEpoch: number | null
  targetAssignmentEpoch: number | null
}

export function stateRow(group: GroupDescription): StateRow {
  const c = group.coordinator
  return {
    group: group.groupId,
    coordinator: `${c.host}:${c.port}  (${c.id})`,
    coordinatorId: c.id,
    assignmentStrategy: group.assignor,
    state: group.state,
    type: group.type,
    members: group.members.length,
    groupEpoch: group.groupEpoch,
    targetAssignmentEpoch: group.targetAssignmentEpoch,
  }
}

/** Kafka's shouldPrintMemberState: what its describe says about a group's state before the rows. */
export function stateNotice(groupId: string, state: string): string | null {
  switch (state) {
    case 'Empty':
      return `Consumer group '${groupId}' has no active members.`
    case 'PreparingRebalance':
    case 'CompletingRebalance':
    case 'Assigning':
    case 'Reconciling':
      return `Consumer group '${groupId}' is rebalancing.`
    default:
      return null
  }
}
