import type { KtkError } from '../core/errors.js'
import {
  type CommittedOffset,
  type GroupDescription,
  type RecordAt,
  type TopicPartition,
  tpKey,
} from '../core/group-types.js'
import type { GroupsGateway } from '../kafka/index.js'

/** Everything known about some groups at one moment: the input of describe, lag, watch and reset. */
export interface GroupSnapshot {
  /** When the snapshot was taken (ms since the epoch, the local clock). */
  takenAt: number
  groups: Map<string, GroupDescription>
  committed: Map<string, CommittedOffset[]>
  /** Per-group failures (authorization, …): those groups are left out of the maps above. */
  errors: Map<string, KtkError>
  /** Log end offsets by tpKey; null when unknown (see offsetErrors). */
  logEnd: Map<string, number | null>
  /** Log start offsets by tpKey (when asked for). */
  logStart: Map<string, number | null>
  /** Why a partition's offsets are unknown (UNKNOWN_TOPIC_OR_PARTITION for a deleted topic, …). */
  offsetErrors: Map<string, string>
  /** The largest record timestamp in each partition (when asked for). */
  newestTimestamp: Map<string, number | null>
  /** What is at each committed offset that has lag, by recordKey (when asked for; absent when unknown). */
  records: Map<string, RecordAt>
}

export const recordKey = (topic: string, partition: number, offset: number) =>
  `${tpKey(topic, partition)}\u0000${offset}`

export interface SnapshotOptions {
  /** Also ask for log start offsets. */
  logStart?: boolean
  /** Also read the record at each committed offset that has lag, and each partition's newest timestamp. */
  times?: boolean
}

/**
 * Describes the groups and fetches their offsets, batched: one FindCoordinator, one DescribeGroups (+
 * ConsumerGroupDescribe) and one OffsetFetch per coordinator, then one ListOffsets per partition leader
 * and kind, and (with `times`) Fetch rounds per leader for the records at the committed offsets.
 */
export async function takeSnapshot(
  gateway: GroupsGateway,
  groupIds: readonly string[],
  options: SnapshotOptions = {},
): Promise<GroupSnapshot> {
  const takenAt = Date.now()
  const [described, committed] = await Promise.all([
    gateway.describeGroups(groupIds),
    gateway.committedOffsets(groupIds),
  ])
  const errors = new Map([...committed.errors, ...described.errors])
  const groups = new Map([...described.results].filter(([id]) => !errors.has(id)))
  const offsets = new Map([...committed.results].filter(([id]) => !errors.has(id)))

  const partitions = new Map<string, TopicPartition>()
  for (const g of groups.values())
    for (const m of g.members)
      for (const t of m.assignment)
        for (const partition of t.partitions)
          partitions.set(tpKey(t.topic, partition), { topic: t.topic, partition })
  for (const list of offsets.values())
    for (const c of list)
      partitions.set(tpKey(c.topic, c.partition), { topic: c.topic, partition: c.partition })
  const tps = [...partitions.values()]

  const [ends, starts, newest] = await Promise.all([
    gateway.logOffsets(tps, 'latest'),
    options.logStart || options.times ? gateway.logOffsets(tps, 'earliest') : Promise.resolve([]),
    options.times ? gateway.logOffsets(tps, 'max-timestamp') : Promise.resolve([]),
  ])
  const snapshot: GroupSnapshot = {
    takenAt,
    groups,
    committed: offsets,
    errors,
    logEnd: new Map(ends.map((o) => [tpKey(o.topic, o.partition), o.offset])),
    logStart: new Map(starts.map((o) => [tpKey(o.topic, o.partition), o.offset])),
    offsetErrors: new Map(
      ends.filter((o) => o.error !== null).map((o) => [tpKey(o.topic, o.partition), o.error!]),
    ),
    newestTimestamp: new Map(newest.map((o) => [tpKey(o.topic, o.partition), o.timestamp])),
    records: new Map(),
  }
  if (options.times) {
    // Below the log start, the oldest record left is the oldest unconsumed one.
    const queries: (TopicPartition & { offset: number; committed: number })[] = []
    const seen = new Set<string>()
    for (const list of offsets.values()) {
      for (const c of list) {
        const key = tpKey(c.topic, c.partition)
        const end = snapshot.logEnd.get(key)
        if (end === null || end === undefined || c.offset >= end) continue // no lag, nothing to date
        if (seen.has(recordKey(c.topic, c.partition, c.offset))) continue
        seen.add(recordKey(c.topic, c.partition, c.offset))
        const start = snapshot.logStart.get(key) ?? null
        const from = start !== null && c.offset < start ? start : c.offset
        queries.push({ topic: c.topic, partition: c.partition, offset: from, committed: c.offset })
      }
    }
    const answers = new Map<string, RecordAt>()
    for (const r of await gateway.recordsAt(queries))
      answers.set(recordKey(r.topic, r.partition, r.requested), r)
    for (const q of queries) {
      const answer = answers.get(recordKey(q.topic, q.partition, q.offset))
      if (answer)
        snapshot.records.set(recordKey(q.topic, q.partition, q.committed), {
          ...answer,
          requested: q.committed,
        })
    }
  }
  return snapshot
}
