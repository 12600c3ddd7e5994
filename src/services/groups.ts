import { KtkError } from '../core/errors.js'
import { isConsumerGroup } from '../core/group-filters.js'
import type { GroupDescription, GroupListing, GroupType } from '../core/group-types.js'
import {
  type MemberRow,
  memberRows,
  type OffsetRow,
  offsetRows,
  type StateRow,
  stateNotice,
  stateRow,
} from '../core/group-views.js'
import type { GroupsGateway } from '../kafka/index.js'
import { takeSnapshot } from './group-snapshot.js'

export interface ListGroupsOptions {
  states: readonly string[]
  types: readonly GroupType[]
}

/** Consumer groups (classic and `consumer`), filtered by state and type, sorted by id. */
export async function listGroups(
  gateway: GroupsGateway,
  options: ListGroupsOptions,
): Promise<GroupListing[]> {
  const listed = await gateway.listGroups({ states: options.states, types: options.types })
  return listed.filter(isConsumerGroup).filter((g) => {
    // Brokers filter themselves; this also covers brokers that ignore a filter they do not know.
    if (options.states.length > 0 && g.state !== null && !options.states.includes(g.state)) return false
    if (options.types.length > 0 && g.type !== null && !options.types.includes(g.type)) return false
    return true
  })
}

export interface GroupSelection {
  /** Groups named with --group (repeatable). */
  groups: readonly string[]
  /** --all-groups: every consumer group in the cluster. */
  allGroups: boolean
}

/** The group ids a command acts on: the named ones, or every consumer group with --all-groups. */
export async function selectGroups(gateway: GroupsGateway, selection: GroupSelection): Promise<string[]> {
  if (selection.allGroups && selection.groups.length > 0) {
    throw new KtkError('USAGE', '--group and --all-groups cannot be used together')
  }
  if (selection.allGroups) {
    return (await listGroups(gateway, { states: [], types: [] })).map((g) => g.groupId)
  }
  if (selection.groups.length === 0) {
    throw new KtkError('USAGE', 'name the groups with --group, or use --all-groups', {
      hints: ['list groups with: ktk groups list'],
    })
  }
  return [...new Set(selection.groups)]
}

export type DescribeView = 'offsets' | 'members' | 'state'

export interface DescribedGroup {
  group: string
  type: string
  state: string
  /** Kafka's remark on the state ("has no active members", "is rebalancing"), if any. */
  notice: string | null
  stateRow: StateRow
  /** The offsets view (default); absent for the other views. */
  offsets?: OffsetRow[]
  /** The members view (--members). */
  members?: MemberRow[]
}

export interface DescribeGroupsResult {
  view: DescribeView
  groups: DescribedGroup[]
  /** Named groups that do not exist. */
  missing: string[]
  /** Groups that could not be described, with the reason. */
  failed: { group: string; code: string; message: string; hints: string[] }[]
  /** Partitions whose log end offset is unknown, with Kafka's reason (a deleted topic, no leader). */
  unknownPartitions: { group: string; topic: string; partition: number; reason: string }[]
}

/** kafka-consumer-groups --describe: the offsets, members or state view of each group. */
export async function describeGroups(
  gateway: GroupsGateway,
  selection: GroupSelection,
  view: DescribeView,
): Promise<DescribeGroupsResult> {
  const ids = await selectGroups(gateway, selection)
  const result: DescribeGroupsResult = { view, groups: [], missing: [], failed: [], unknownPartitions: [] }
  if (ids.length === 0) return result

  let groups: Map<string, GroupDescription>
  let errors: Map<string, KtkError>
  let snapshot: Awaited<ReturnType<typeof takeSnapshot>> | undefined
  if (view === 'offsets') {
    snapshot = await takeSnapshot(gateway, ids)
    groups = snapshot.groups
    errors = snapshot.errors
  } else {
    const described = await gateway.describeGroups(ids)
    groups = described.results
    errors = described.errors
  }

  for (const id of [...ids].sort()) {
    const error = errors.get(id)
    if (error) {
      result.failed.push({ group: id, code: error.code, message: error.message, hints: error.hints })
      continue
    }
    const group = groups.get(id)!
    if (group.state === 'Dead') {
      if (!selection.allGroups) result.missing.push(id)
      continue
    }
    const described: DescribedGroup = {
      group: id,
      type: group.type,
      state: group.state,
      notice: stateNotice(id, group.state),
      stateRow: stateRow(group),
    }
    if (snapshot) {
      described.offsets = offsetRows(group, snapshot.committed.get(id) ?? [], snapshot.logEnd)
      for (const row of described.offsets) {
        const reason = snapshot.offsetErrors.get(`${row.topic}\u0000${row.partition}`)
        if (reason)
          result.unknownPartitions.push({ group: id, topic: row.topic, partition: row.partition, reason })
      }
    }
    if (view === 'members') described.members = memberRows(group)
    result.groups.push(described)
  }
  return result
}
