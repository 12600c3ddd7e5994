import { failureError, groupNotFound, KtkError, withNeeds } from '../core/errors.js'
import {
  byTopicPartition,
  type GroupDescription,
  isAuthorizationFailure,
  type TopicPartition,
  tpKey,
} from '../core/group-types.js'
import { parseTopicScope } from '../core/reset-plan.js'
import type { AdminGateway, GroupsGateway } from '../kafka/index.js'
import { type GroupSelection, selectGroups } from './groups.js'

export interface DeletePlan {
  /** Groups that will be deleted (no members). */
  deletable: string[]
  /** Groups with members: a named one makes the command exit 5; with --all-groups they are skipped. */
  active: { group: string; state: string; members: string[] }[]
  /** Named groups that do not exist. */
  missing: string[]
}

const memberList = (g: GroupDescription) =>
  g.members.map((m) => `${m.memberId} (client ${m.clientId}, host ${m.host})`)

/** Which groups can be deleted: only those without members (the coordinator refuses the others). */
export async function planGroupDeletion(
  gateway: GroupsGateway,
  selection: GroupSelection,
): Promise<DeletePlan> {
  const ids = await selectGroups(gateway, selection)
  const described = await gateway.describeGroups(ids)
  const plan: DeletePlan = { deletable: [], active: [], missing: [] }
  for (const id of ids) {
    const error = described.errors.get(id)
    if (error) throw withNeeds(error, 'deleting a group needs DESCRIBE and DELETE on the group')
    const g = described.results.get(id)!
    if (g.state === 'Dead') plan.missing.push(id)
    else if (g.state === 'Empty') plan.deletable.push(id)
    else plan.active.push({ group: id, state: g.state, members: memberList(g) })
  }
  return plan
}

export interface DeleteGroupsResult {
  deleted: string[]
  failed: { group: string; code: string; message: string }[]
  /** Groups left alone because they have members. */
  skipped: DeletePlan['active']
  dryRun: boolean
}

export async function deleteGroups(
  gateway: GroupsGateway,
  groups: readonly string[],
): Promise<DeleteGroupsResult> {
  const result: DeleteGroupsResult = { deleted: [], failed: [], skipped: [], dryRun: false }
  if (groups.length === 0) return result
  const outcome = await gateway.deleteGroups(groups)
  for (const id of groups) {
    const failure = outcome.get(id)
    if (failure) result.failed.push({ group: id, code: failure.code, message: failure.message })
    else result.deleted.push(id)
  }
  return result
}

/** A group with members, as an exit-5 error naming them. */
export function activeGroupError(active: DeletePlan['active'], action: string): KtkError {
  const text = active
    .map(
      (g) =>
        `group "${g.group}" is ${g.state} with ${g.members.length} member${g.members.length === 1 ? '' : 's'}: ${g.members.join(', ')}`,
    )
    .join('; ')
  return new KtkError('GROUP_NOT_EMPTY', `cannot ${action}: ${text}`, {
    hints: ['stop the group’s consumers first; a group can only be deleted while it has no members'],
  })
}

export interface DeleteOffsetsResult {
  group: string
  partitions: (TopicPartition & { status: 'deleted' | 'error'; error: string | null; code: string | null })[]
  dryRun: boolean
}

/**
 * The partitions `--topic` names for delete-offsets: "t:0,1" as given; "t" alone means every partition
 * the topic has and every partition of it the group has an offset for (so offsets of a deleted topic can
 * be removed too).
 */
export async function offsetsToDelete(
  gateway: AdminGateway & GroupsGateway,
  group: string,
  topics: readonly string[],
): Promise<TopicPartition[]> {
  const [metadata, committed] = await Promise.all([gateway.listTopics(), gateway.committedOffsets([group])])
  const error = committed.errors.get(group)
  if (error)
    throw withNeeds(error, 'deleting offsets needs DESCRIBE and DELETE on the group and READ on the topic')
  const commits = committed.results.get(group) ?? []
  const out = new Map<string, TopicPartition>()
  for (const value of topics) {
    const { topic, partitions } = parseTopicScope(value)
    const all = partitions ?? [
      ...(metadata.find((t) => t.name === topic)?.partitions.map((p) => p.partition) ?? []),
      ...commits.filter((c) => c.topic === topic).map((c) => c.partition),
    ]
    if (all.length === 0) {
      throw new KtkError(
        'TOPIC_NOT_FOUND',
        `topic "${topic}" does not exist and group "${group}" has no offsets for it`,
      )
    }
    for (const partition of all) out.set(tpKey(topic, partition), { topic, partition })
  }
  return [...out.values()].sort(byTopicPartition)
}

/** OffsetDelete: exit 4 for a missing group, exit 5 when the group is subscribed to a topic (naming members). */
export async function deleteOffsets(
  gateway: GroupsGateway,
  group: string,
  partitions: readonly TopicPartition[],
): Promise<DeleteOffsetsResult> {
  const outcome = await gateway.deleteOffsets(group, partitions)
  if (outcome.error) {
    if (outcome.error.code === 'GROUP_ID_NOT_FOUND') {
      throw groupNotFound([group])
    }
    if (isAuthorizationFailure(outcome.error)) throw failureError(outcome.error)
    if (outcome.error.code !== 'GROUP_SUBSCRIBED_TO_TOPIC') {
      throw new KtkError('UNEXPECTED', `cannot delete offsets of group "${group}": ${outcome.error.message}`)
    }
  }
  const result: DeleteOffsetsResult = {
    group,
    dryRun: false,
    partitions: outcome.partitions
      .map((p) => ({
        topic: p.topic,
        partition: p.partition,
        status: p.error ? ('error' as const) : ('deleted' as const),
        error: p.error?.message ?? null,
        code: p.error?.code ?? null,
      }))
      .sort(byTopicPartition),
  }
  if (result.partitions.some((p) => p.code === 'GROUP_SUBSCRIBED_TO_TOPIC')) {
    const described = await gateway.describeGroups([group])
    const g = described.results.get(group)
    const members = g ? memberList(g) : []
    throw new KtkError(
      'GROUP_NOT_EMPTY',
      `cannot delete offsets of group "${group}": it is subscribed to ${[...new Set(result.partitions.filter((p) => p.code === 'GROUP_SUBSCRIBED_TO_TOPIC').map((p) => p.topic))].join(', ')} and has ${members.length} active member${members.length === 1 ? '' : 's'}${members.length > 0 ? `: ${members.join(', ')}` : ''}`,
      {
        hints: ['stop its consumers (or unsubscribe them from the topic) first'],
        details: result.partitions.map(
          (p) => `${p.topic}-${p.partition}: ${p.status === 'deleted' ? 'deleted' : p.error}`,
        ),
      },
    )
  }
  return result
}
