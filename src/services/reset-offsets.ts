import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { failureError, KtkError, topicNotFound, withHint, withNeeds } from '../core/errors.js'
import {
  type CommittedOffset,
  type GroupDescription,
  isAuthorizationFailure,
  type LogOffset,
  type TopicPartition,
  tpKey,
  tpName,
} from '../core/group-types.js'
import { type CsvOffset, formatResetCsv, type ParsedResetFile } from '../core/reset-csv.js'
import {
  type GroupPlan,
  type PartitionFacts,
  parseTopicScope,
  planGroupReset,
  type ResetScenario,
} from '../core/reset-plan.js'
import type { AdminGateway, GroupsGateway } from '../kafka/index.js'
import { selectGroups } from './groups.js'

/** --from-file: the parsed CSV (each group's partitions and offsets). */
export interface FileScenario {
  kind: 'from-file'
  file: ParsedResetFile
  path: string
}

export interface ResetOptions {
  groups: readonly string[]
  allGroups: boolean
  /** --all-topics: every partition the group has an offset for. */
  allTopics: boolean
  /** --topic values: "t" or "t:0,1". */
  topics: readonly string[]
  scenario: Exclude<ResetScenario, { kind: 'from-file' }> | FileScenario
  execute: boolean
  /** Where the undo file goes (a folder under the user's state dir). */
  undoDir: string
}

export interface UndoInfo {
  /** The CSV with the offsets before the reset, in Kafka's group,topic,partition,offset format. */
  file: string
  /** The command that puts them back. */
  restore: string
  /** Partitions that had no committed offset before (a CSV cannot say "none"): delete-offsets clears them. */
  withoutPreviousOffset: (TopicPartition & { group: string })[]
}

export interface ResetResult {
  scenario: string
  dryRun: boolean
  groups: GroupPlan[]
  /** Kafka's --export CSV of the new offsets. */
  csv: string
  /** Written when --execute changed offsets. */
  undo: UndoInfo | null
}

/**
 * kafka-consumer-groups --reset-offsets: plans the new offsets (dry run unless `execute`), refuses groups
 * with members (exit 5, naming them), and on --execute writes an undo file before committing.
 */
export async function resetOffsets(
  gateway: AdminGateway & GroupsGateway,
  options: ResetOptions,
): Promise<ResetResult> {
  const fromFile = 'file' in options.scenario ? options.scenario : null
  checkScopeFlags(options, fromFile)
  const ids = await groupsToReset(gateway, options, fromFile)
  const committed = await readResettableGroups(gateway, ids)
  const scopes = await scopesOf(gateway, ids, options, fromFile, committed)
  const facts = await logFacts(gateway, dedupe([...scopes.values()].flat()), options.scenario)
  const plans = ids.map((id) => planGroup(id, options.scenario, fromFile, scopes.get(id)!, committed, facts))

  const newOffsets: CsvOffset[] = plans.flatMap((p) =>
    p.partitions.map((o) => ({
      group: p.group,
      topic: o.topic,
      partition: o.partition,
      offset: o.newOffset,
    })),
  )
  const result: ResetResult = {
    scenario: options.scenario.kind,
    dryRun: !options.execute,
    groups: plans,
    csv: formatResetCsv(newOffsets, options.groups.length !== 1),
    undo: null,
  }
  if (!options.execute || newOffsets.length === 0) return result

  result.undo = writeUndo(plans, options.undoDir)
  await commitPlans(gateway, plans, result.undo)
  return result
}

/** --all-topics or --topic (one of them) unless the offsets come from a file. */
function checkScopeFlags(options: ResetOptions, fromFile: FileScenario | null): void {
  if (!fromFile && !options.allTopics && options.topics.length === 0) {
    throw new KtkError('USAGE', 'one of the reset scopes should be defined: --all-topics, --topic')
  }
  if (options.allTopics && options.topics.length > 0) {
    throw new KtkError('USAGE', '--all-topics and --topic cannot be used together')
  }
}

/** The named groups, every group with --all-groups, or (from a file, none named) the file's groups. */
async function groupsToReset(
  gateway: GroupsGateway,
  options: ResetOptions,
  fromFile: FileScenario | null,
): Promise<string[]> {
  const ids =
    fromFile && options.groups.length === 0 && !options.allGroups
      ? [...fromFile.file.groups.keys()]
      : await selectGroups(gateway, { groups: options.groups, allGroups: options.allGroups })
  if (ids.length === 0) throw new KtkError('USAGE', 'no group to reset')
  return ids
}

/** Describes the groups and reads their offsets; refuses (exit 5) when one has members. */
async function readResettableGroups(
  gateway: GroupsGateway,
  ids: readonly string[],
): Promise<Map<string, CommittedOffset[]>> {
  const [described, committed] = await Promise.all([
    gateway.describeGroups(ids),
    gateway.committedOffsets(ids),
  ])
  for (const id of ids) {
    const error = described.errors.get(id) ?? committed.errors.get(id)
    if (error)
      throw withNeeds(error, 'resetting offsets needs DESCRIBE and READ on the group and READ on its topics')
  }
  refuseActive(ids.map((id) => described.results.get(id)!))
  return committed.results
}

/** The partitions in scope for each group: the file's, the group's committed ones, or --topic's. */
async function scopesOf(
  gateway: AdminGateway,
  ids: readonly string[],
  options: ResetOptions,
  fromFile: FileScenario | null,
  committed: ReadonlyMap<string, CommittedOffset[]>,
): Promise<Map<string, TopicPartition[]>> {
  const scopes = new Map<string, TopicPartition[]>()
  const explicit = fromFile ? null : await resolveTopicScope(gateway, options.topics)
  for (const id of ids) {
    if (fromFile) scopes.set(id, fromFile.file.partitions.get(id) ?? [])
    else if (options.allTopics)
      scopes.set(
        id,
        (committed.get(id) ?? []).map((c) => ({ topic: c.topic, partition: c.partition })),
      )
    else scopes.set(id, explicit!)
  }
  if (fromFile) await ensurePartitionsExist(gateway, [...scopes.values()].flat())
  return scopes
}

type LogFacts = {
  startOf: Map<string, number | null>
  endOf: Map<string, number | null>
  timeOf: Map<string, number | null>
}

/** Log start and end offsets of the partitions, and (--to-datetime, --by-duration) the offsets by time. */
async function logFacts(
  gateway: GroupsGateway,
  partitions: readonly TopicPartition[],
  scenario: ResetOptions['scenario'],
): Promise<LogFacts> {
  const [starts, ends, byTime] = await Promise.all([
    gateway.logOffsets(partitions, 'earliest'),
    gateway.logOffsets(partitions, 'latest'),
    scenario.kind === 'to-datetime' || scenario.kind === 'by-duration'
      ? gateway.logOffsets(partitions, { timestamp: scenario.timestamp })
      : Promise.resolve([]),
  ])
  const byKey = (offsets: readonly LogOffset[]) =>
    new Map(offsets.map((o) => [tpKey(o.topic, o.partition), o.offset]))
  return { startOf: byKey(starts), endOf: byKey(ends), timeOf: byKey(byTime) }
}

/** One group's new offsets, from what is known about each partition in its scope. */
function planGroup(
  id: string,
  scenario: ResetOptions['scenario'],
  fromFile: FileScenario | null,
  scope: readonly TopicPartition[],
  committed: ReadonlyMap<string, CommittedOffset[]>,
  { startOf, endOf, timeOf }: LogFacts,
): GroupPlan {
  const facts = new Map<string, PartitionFacts>()
  const commits = new Map((committed.get(id) ?? []).map((c) => [tpKey(c.topic, c.partition), c.offset]))
  for (const tp of scope) {
    const key = tpKey(tp.topic, tp.partition)
    facts.set(key, {
      committed: commits.get(key) ?? null,
      logStart: startOf.get(key) ?? null,
      logEnd: endOf.get(key) ?? null,
      offsetForTime: timeOf.get(key) ?? null,
    })
  }
  const groupScenario: ResetScenario = fromFile
    ? { kind: 'from-file', offsets: fromFile.file.groups.get(id) ?? new Map() }
    : (scenario as Exclude<ResetScenario, { kind: 'from-file' }>)
  const plan = planGroupReset(id, groupScenario, scope, facts)
  if (fromFile && !fromFile.file.groups.has(id)) plan.warnings.push(`No reset plan for group ${id} found`)
  return plan
}

/** Commits each group's new offsets; the first refused partition fails the reset, naming the undo file. */
async function commitPlans(
  gateway: GroupsGateway,
  plans: readonly GroupPlan[],
  undo: UndoInfo,
): Promise<void> {
  for (const plan of plans) {
    if (plan.partitions.length === 0) continue
    const outcome = await gateway.commitOffsets(
      plan.group,
      plan.partitions.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.newOffset })),
    )
    const failed = outcome.find((o) => o.error !== null)
    if (failed) {
      const error = failed.error!
      const undoHint = `offsets before the reset are in ${undo.file}`
      if (isAuthorizationFailure(error)) throw withHint(failureError(error), undoHint)
      const active = /active members|rebalancing/.test(error.message)
      throw new KtkError(
        active ? 'GROUP_NOT_EMPTY' : 'UNEXPECTED',
        `cannot reset the offsets of group "${plan.group}" (${tpName(failed)}): ${error.message}`,
        { hints: [undoHint] },
      )
    }
  }
}

/** Kafka resets only Empty (or Dead) groups; ktk refuses the others with exit 5 and names their members. */
function refuseActive(groups: readonly GroupDescription[]): void {
  const active = groups.filter((g) => g.state !== 'Empty' && g.state !== 'Dead')
  if (active.length === 0) return
  const describe = (g: GroupDescription) => {
    const members = g.members.map((m) => `${m.memberId} (client ${m.clientId}, host ${m.host})`)
    return `group "${g.groupId}" is ${g.state} with ${g.members.length} member${g.members.length === 1 ? '' : 's'}${members.length > 0 ? `: ${members.join(', ')}` : ''}`
  }
  throw new KtkError('GROUP_NOT_EMPTY', `refusing to reset offsets: ${active.map(describe).join('; ')}`, {
    hints: [
      'offsets can only be reset while a group has no members: stop its consumers first',
      'nothing was changed',
    ],
  })
}

/** --topic values to partitions: a topic alone means all its partitions; every partition must exist. */
async function resolveTopicScope(
  gateway: AdminGateway,
  values: readonly string[],
): Promise<TopicPartition[]> {
  const topics = await gateway.listTopics()
  const byName = new Map(topics.map((t) => [t.name, t]))
  const out: TopicPartition[] = []
  for (const value of values) {
    const { topic, partitions } = parseTopicScope(value)
    const meta = byName.get(topic)
    if (!meta) throw topicNotFound([topic])
    const known = new Set(meta.partitions.map((p) => p.partition))
    for (const partition of partitions ?? [...known].sort((a, b) => a - b)) {
      if (!known.has(partition)) {
        throw new KtkError(
          'NOT_FOUND',
          `partition ${topic}-${partition} does not exist (the topic has ${known.size})`,
        )
      }
      out.push({ topic, partition })
    }
  }
  return dedupe(out)
}

async function ensurePartitionsExist(
  gateway: AdminGateway,
  partitions: readonly TopicPartition[],
): Promise<void> {
  const topics = new Map(
    (await gateway.listTopics()).map((t) => [t.name, new Set(t.partitions.map((p) => p.partition))]),
  )
  const missing = partitions.filter((tp) => !topics.get(tp.topic)?.has(tp.partition))
  if (missing.length > 0) {
    throw new KtkError(
      'NOT_FOUND',
      `the reset file names partitions that do not exist: ${missing.slice(0, 5).map(tpName).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    )
  }
}

function dedupe(partitions: readonly TopicPartition[]): TopicPartition[] {
  const seen = new Map<string, TopicPartition>()
  for (const tp of partitions) seen.set(tpKey(tp.topic, tp.partition), tp)
  return [...seen.values()]
}

/** The offsets before the reset, as a --from-file CSV (with the group column, so it restores every group). */
function writeUndo(plans: readonly GroupPlan[], dir: string): UndoInfo {
  const previous: CsvOffset[] = []
  const withoutPreviousOffset: UndoInfo['withoutPreviousOffset'] = []
  for (const plan of plans) {
    for (const o of plan.partitions) {
      if (o.currentOffset === null)
        withoutPreviousOffset.push({ group: plan.group, topic: o.topic, partition: o.partition })
      else
        previous.push({ group: plan.group, topic: o.topic, partition: o.partition, offset: o.currentOffset })
    }
  }
  mkdirSync(dir, { recursive: true })
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '')
  const name = plans[0]!.group.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)
  const file = join(dir, `reset-${stamp}-${name}${plans.length > 1 ? `+${plans.length - 1}` : ''}.csv`)
  writeFileSync(file, formatResetCsv(previous, true), { flag: 'wx' })
  return {
    file,
    restore: `ktk groups reset-offsets --from-file ${shellQuote(file)} --execute`,
    withoutPreviousOffset,
  }
}

function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`
}
