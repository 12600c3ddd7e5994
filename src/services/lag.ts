import { tpKey } from '../core/group-types.js'
import { offsetRows } from '../core/group-views.js'
import {
  type GroupLag,
  groupLag,
  type LagLimits,
  type LagViolation,
  type LagWarning,
  lagViolations,
  type PartitionLag,
  partitionLag,
  type RecordLookup,
  TIME_LAG_METHOD,
  type TopicLag,
  topicLags,
} from '../core/lag.js'
import type { GroupsGateway } from '../kafka/index.js'
import { type GroupSnapshot, recordKey, takeSnapshot } from './group-snapshot.js'
import { type GroupSelection, selectGroups } from './groups.js'

export interface LagOptions {
  limits: LagLimits
  /** Measure lag in time too (one Fetch round per leader for the records at the committed offsets). */
  time: boolean
}

export interface LagResult {
  /** When the offsets were read (ISO 8601). */
  takenAt: string
  /** How TIME-LAG and TIME-BEHIND-NEWEST are measured; null without --time. */
  timeLagMethod: string | null
  groups: GroupLag[]
  topics: TopicLag[]
  partitions: PartitionLag[]
  warnings: { group: string; topic: string; partition: number; warning: LagWarning; message: string }[]
  limits: LagLimits
  /** Partitions over --max-lag or --max-lag-seconds: the command exits 3 when there are any. */
  violations: LagViolation[]
  /** Named groups that do not exist. */
  missing: string[]
  failed: { group: string; code: string; message: string; hints: string[] }[]
}

/** `groups lag` selects every group when none is named. */
export function lagSelection(selection: GroupSelection): GroupSelection {
  return selection.groups.length === 0 ? { groups: [], allGroups: true } : selection
}

export async function measureLag(
  gateway: GroupsGateway,
  selection: GroupSelection,
  options: LagOptions,
): Promise<LagResult> {
  const ids = await selectGroups(gateway, lagSelection(selection))
  const snapshot = await takeSnapshot(gateway, ids, { logStart: true, times: options.time })
  return lagFromSnapshot(snapshot, ids, selection.allGroups || selection.groups.length === 0, options)
}

export function lagFromSnapshot(
  snapshot: GroupSnapshot,
  ids: readonly string[],
  allGroups: boolean,
  options: LagOptions,
): LagResult {
  const result: LagResult = {
    takenAt: new Date(snapshot.takenAt).toISOString(),
    timeLagMethod: options.time ? TIME_LAG_METHOD : null,
    groups: [],
    topics: [],
    partitions: [],
    warnings: [],
    limits: options.limits,
    violations: [],
    missing: [],
    failed: [],
  }
  for (const id of [...ids].sort()) {
    const error = snapshot.errors.get(id)
    if (error) {
      result.failed.push({ group: id, code: error.code, message: error.message, hints: error.hints })
      continue
    }
    const group = snapshot.groups.get(id)!
    if (group.state === 'Dead') {
      if (!allGroups) result.missing.push(id)
      continue
    }
    const rows = offsetRows(group, snapshot.committed.get(id) ?? [], snapshot.logEnd).map((row) => {
      const key = tpKey(row.topic, row.partition)
      return partitionLag(
        {
          row,
          logStartOffset: snapshot.logStart.get(key) ?? null,
          newestTimestamp: snapshot.newestTimestamp.get(key) ?? null,
          record: options.time ? recordLookup(snapshot, row) : 'unknown',
          offsetsKnown: !snapshot.offsetErrors.has(key),
        },
        snapshot.takenAt,
      )
    })
    result.partitions.push(...rows)
    result.topics.push(...topicLags(rows))
    result.groups.push(
      groupLag({ group: id, state: group.state, type: group.type, members: group.members.length }, rows),
    )
    for (const r of rows) {
      for (const warning of r.warnings) {
        result.warnings.push({
          group: id,
          topic: r.topic,
          partition: r.partition,
          warning,
          message: warningText(r, warning, snapshot),
        })
      }
    }
  }
  result.violations = lagViolations(result.partitions, options.limits)
  return result
}

function recordLookup(
  snapshot: GroupSnapshot,
  row: { topic: string; partition: number; currentOffset: number | null },
): RecordLookup {
  if (row.currentOffset === null) return 'unknown'
  const found = snapshot.records.get(recordKey(row.topic, row.partition, row.currentOffset))
  if (!found) return 'unknown'
  return found.record === null ? 'none' : { timestamp: found.record.timestamp, exact: found.record.exact }
}

function warningText(r: PartitionLag, warning: LagWarning, snapshot: GroupSnapshot): string {
  const where = `${r.group}: ${r.topic}-${r.partition}`
  switch (warning) {
    case 'below-log-start':
      return `${where}: committed offset ${r.currentOffset} is below the log start offset ${r.logStartOffset}: ${r.logStartOffset! - r.currentOffset!} records were deleted before the group read them (the consumer will restart from its auto.offset.reset position)`
    case 'no-commit':
      return `${where}: no committed offset (assigned to ${r.clientId ?? r.consumerId}; where it starts depends on its auto.offset.reset)`
    case 'offsets-unknown': {
      const reason = snapshot.offsetErrors.get(tpKey(r.topic, r.partition))
      return `${where}: log offsets unknown (${reason === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'the topic or partition no longer exists' : reason}); lag unknown`
    }
  }
}
