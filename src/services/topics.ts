import {
  type ConfigEntry,
  type CreatedTopic,
  isDefaultConfig,
  type PartitionState,
  type TopicMetadata,
} from '../core/cluster-types.js'
import { KtkError } from '../core/errors.js'
import {
  type HealthFilter,
  matchesHealthFilters,
  type PartitionHealth,
  partitionHealth,
} from '../core/health.js'
import { parseReplicaAssignment } from '../core/replica-assignment.js'
import { validateTopicConfigNames, validateTopicConfigs } from '../core/topic-configs.js'
import { collidingTopics, topicNameProblem } from '../core/topic-name.js'
import type { ConfigChange } from '../core/topics-plan.js'
import type { AclGateway, AdminGateway } from '../kafka/index.js'
import { explainRefusal } from './refusal.js'
import { resolveVisibleTopics, type TopicSelector } from './topic-selection.js'

export interface TopicSummary {
  name: string
  topicId: string | null
  internal: boolean
  partitionCount: number
  replicationFactor: number
}

export function replicationFactorOf(partitions: readonly PartitionState[]): number {
  return partitions[0]?.replicas.length ?? 0
}

export async function listTopics(gateway: AdminGateway, selector: TopicSelector): Promise<TopicSummary[]> {
  const topics = await resolveVisibleTopics(gateway, await gateway.listTopics(), selector)
  return topics.map((t) => ({
    name: t.name,
    topicId: t.topicId,
    internal: t.internal,
    partitionCount: t.partitions.length,
    replicationFactor: replicationFactorOf(t.partitions),
  }))
}

export interface PartitionView extends PartitionState, PartitionHealth {
  earliestOffset: number | null
  latestOffset: number | null
  /** latestOffset - earliestOffset: the offsets in the log (compaction and transaction markers make it an upper bound). */
  records: number | null
}

export interface TopicView extends TopicSummary {
  minInsyncReplicas: number
  /** Configs whose source is not Kafka's default, as kafka-topics --describe shows them. */
  configs: ConfigEntry[]
  partitions: PartitionView[]
}

export interface DescribeOptions extends TopicSelector {
  healthFilters: readonly HealthFilter[]
  topicsWithOverrides: boolean
}

export interface DescribeResult {
  topics: TopicView[]
  /** The health filters given, with --topics-with-overrides as "topics-with-overrides". */
  filters: string[]
  /** Partitions (health filters) or topics (--topics-with-overrides) that matched; 0 without filters. */
  matched: number
}

export async function describeTopics(
  gateway: AdminGateway,
  options: DescribeOptions,
): Promise<DescribeResult> {
  // Topics named exactly need no metadata to ask for their configs: ask at once, alongside it.
  const early =
    options.patterns.length === 0 && options.names.length > 0
      ? gateway.topicConfigs(options.names)
      : undefined
  early?.catch(() => {}) // a missing topic is reported below, as "not found"
  const metadata = await gateway.metadata()
  const topics = await resolveVisibleTopics(gateway, metadata.topics, options)
  const live = new Set(metadata.brokers.map((b) => b.id))
  const [configs, offsets] = await Promise.all([
    early && topics.length === options.names.length ? early : gateway.topicConfigs(topics.map((t) => t.name)),
    options.topicsWithOverrides ? Promise.resolve(new Map()) : gateway.partitionOffsets(topics),
  ])
  const views = topics.map((t) => topicView(t, configs.get(t.name) ?? [], offsets.get(t.name) ?? [], live))
  const filters = [
    ...options.healthFilters,
    ...(options.topicsWithOverrides ? ['topics-with-overrides'] : []),
  ]

  if (options.topicsWithOverrides) {
    const withOverrides = views.filter((v) => v.configs.length > 0).map((v) => ({ ...v, partitions: [] }))
    return { topics: withOverrides, filters, matched: withOverrides.length }
  }
  if (options.healthFilters.length > 0) {
    const filtered = views
      .map((v) => ({
        ...v,
        partitions: v.partitions.filter((p) => matchesHealthFilters(p, options.healthFilters)),
      }))
      .filter((v) => v.partitions.length > 0)
    return { topics: filtered, filters, matched: filtered.reduce((n, v) => n + v.partitions.length, 0) }
  }
  return { topics: views, filters, matched: 0 }
}

function topicView(
  topic: TopicMetadata,
  configs: readonly ConfigEntry[],
  offsets: readonly { partition: number; earliest: number | null; latest: number | null }[],
  live: ReadonlySet<number>,
): TopicView {
  const minIsr = Number(configs.find((c) => c.name === 'min.insync.replicas')?.value ?? 1)
  return {
    name: topic.name,
    topicId: topic.topicId,
    internal: topic.internal,
    partitionCount: topic.partitions.length,
    replicationFactor: replicationFactorOf(topic.partitions),
    minInsyncReplicas: minIsr,
    configs: configs.filter((c) => !isDefaultConfig(c)).sort((a, b) => a.name.localeCompare(b.name)),
    partitions: topic.partitions.map((p) => {
      const o = offsets.find((x) => x.partition === p.partition)
      const earliest = o?.earliest ?? null
      const latest = o?.latest ?? null
      return {
        ...p,
        ...partitionHealth(p, minIsr, live),
        earliestOffset: earliest,
        latestOffset: latest,
        records: earliest !== null && latest !== null ? latest - earliest : null,
      }
    }),
  }
}

export interface CreateOptions {
  name: string
  partitions?: number
  replicationFactor?: number
  replicaAssignment?: string
  configs: Record<string, string>
  ifNotExists: boolean
  dryRun: boolean
}

export interface CreateResult {
  topic: string
  /** false when it already existed (--if-not-exists) or on a dry run. */
  created: boolean
  existed: boolean
  dryRun: boolean
  partitions: number | null
  replicationFactor: number | null
  configs: Record<string, string>
}

/** Validates everything that can be checked without a broker: name, counts, assignment, configs. */
export function validateCreate(options: CreateOptions): number[][] | undefined {
  const problem = topicNameProblem(options.name)
  if (problem) throw new KtkError('INVALID_TOPIC_NAME', problem.message)
  if (options.partitions !== undefined && options.partitions < 1) {
    throw new KtkError('INVALID_PARTITIONS', `--partitions must be at least 1, got ${options.partitions}`)
  }
  if (
    options.replicationFactor !== undefined &&
    (options.replicationFactor < 1 || options.replicationFactor > 32767)
  ) {
    throw new KtkError(
      'INVALID_REPLICATION_FACTOR',
      `--replication-factor must be between 1 and 32767, got ${options.replicationFactor}`,
    )
  }
  let assignment: number[][] | undefined
  if (options.replicaAssignment !== undefined) {
    if (options.partitions !== undefined || options.replicationFactor !== undefined) {
      throw new KtkError(
        'USAGE',
        '--replica-assignment sets partitions and replicas itself; drop --partitions and --replication-factor',
      )
    }
    assignment = parseReplicaAssignment(options.replicaAssignment)
  }
  validateTopicConfigs(options.configs)
  return assignment
}

export async function createTopic(gateway: AdminGateway, options: CreateOptions): Promise<CreateResult> {
  const assignment = validateCreate(options)
  const existing = await gateway.listTopics()
  const base = { topic: options.name, dryRun: options.dryRun, configs: options.configs }
  const same = existing.find((t) => t.name === options.name)
  if (same) {
    if (options.ifNotExists) {
      return {
        ...base,
        created: false,
        existed: true,
        partitions: same.partitions.length,
        replicationFactor: replicationFactorOf(same.partitions),
      }
    }
    throw new KtkError('TOPIC_EXISTS', `topic "${options.name}" already exists`, {
      hints: [
        'use --if-not-exists to treat an existing topic as success',
        `see it with: ktk topics describe ${options.name}`,
      ],
    })
  }
  const collisions = collidingTopics(
    options.name,
    existing.map((t) => t.name),
  )
  if (collisions.length > 0) {
    throw new KtkError(
      'CONFLICT',
      `topic "${options.name}" collides with existing topic "${collisions[0]}": Kafka treats '.' and '_' alike in metric names`,
      {
        hints: ['choose a name that differs by more than "." versus "_"'],
      },
    )
  }
  let created: CreatedTopic | undefined
  try {
    ;[created] = await gateway.createTopics(
      [
        {
          name: options.name,
          partitions: options.partitions,
          replicationFactor: options.replicationFactor,
          replicaAssignment: assignment,
          configs: options.configs,
        },
      ],
      { validateOnly: options.dryRun },
    )
  } catch (error) {
    if (options.ifNotExists && (error as KtkError).code === 'TOPIC_EXISTS') {
      return { ...base, created: false, existed: true, partitions: null, replicationFactor: null }
    }
    throw error
  }
  return {
    ...base,
    created: !options.dryRun,
    existed: false,
    partitions:
      created && created.partitions > 0
        ? created.partitions
        : (assignment?.length ?? options.partitions ?? null),
    replicationFactor:
      created && created.replicationFactor > 0
        ? created.replicationFactor
        : (assignment?.[0]?.length ?? options.replicationFactor ?? null),
  }
}

export interface AlterOptions extends TopicSelector {
  partitions?: number
  replicaAssignment?: string
  set: Record<string, string>
  delete: string[]
  dryRun: boolean
}

export type { ConfigChange } from '../core/topics-plan.js'

export interface TopicAlteration {
  topic: string
  partitions: { from: number; to: number } | null
  configChanges: ConfigChange[]
}

export interface AlterResult {
  dryRun: boolean
  topics: TopicAlteration[]
}

export async function alterTopics(gateway: AdminGateway, options: AlterOptions): Promise<AlterResult> {
  if (
    options.partitions === undefined &&
    Object.keys(options.set).length === 0 &&
    options.delete.length === 0
  ) {
    throw new KtkError('USAGE', 'nothing to change', {
      hints: ['give --partitions N, --config key=value or --delete-config key'],
    })
  }
  validateTopicConfigs(options.set)
  validateTopicConfigNames(options.delete)
  const both = options.delete.filter((k) => k in options.set)
  if (both.length > 0) throw new KtkError('USAGE', `config "${both[0]}" is both set and deleted`)
  if (options.partitions !== undefined && options.partitions < 1) {
    throw new KtkError('INVALID_PARTITIONS', `--partitions must be at least 1, got ${options.partitions}`)
  }
  const assignment = options.replicaAssignment ? parseReplicaAssignment(options.replicaAssignment) : null

  const topics = await resolveVisibleTopics(gateway, await gateway.listTopics(), options)
  // Refuse every decrease before changing anything, so a partial alter never happens.
  for (const t of topics) {
    if (options.partitions !== undefined && options.partitions < t.partitions.length) {
      throw new KtkError(
        'PARTITION_DECREASE',
        `topic "${t.name}" has ${t.partitions.length} partitions; Kafka cannot reduce it to ${options.partitions}`,
        { hints: ['create a new topic with fewer partitions and move the data (see ktk topics bump)'] },
      )
    }
  }
  const touchesConfigs = Object.keys(options.set).length > 0 || options.delete.length > 0
  const before = touchesConfigs
    ? await gateway.topicConfigs(topics.map((t) => t.name))
    : new Map<string, ConfigEntry[]>()
  const result: AlterResult = { dryRun: options.dryRun, topics: [] }
  for (const t of topics) {
    const alteration: TopicAlteration = { topic: t.name, partitions: null, configChanges: [] }
    if (options.partitions !== undefined && options.partitions > t.partitions.length) {
      const newAssignments = assignment ? assignment.slice(t.partitions.length) : null
      await gateway.createPartitions(t.name, options.partitions, newAssignments, {
        validateOnly: options.dryRun,
      })
      alteration.partitions = { from: t.partitions.length, to: options.partitions }
    }
    if (touchesConfigs) {
      const own = (name: string) => {
        const entry = before.get(t.name)?.find((c) => c.name === name)
        return entry && entry.source === 'DYNAMIC_TOPIC_CONFIG' ? entry.value : null
      }
      const operations = [
        ...Object.entries(options.set).map(([name, value]) => ({ op: 'set' as const, name, value })),
        ...options.delete.map((name) => ({ op: 'delete' as const, name })),
      ]
      await gateway.alterTopicConfigs(t.name, operations, { validateOnly: options.dryRun })
      alteration.configChanges = operations.map((o) => ({
        name: o.name,
        op: o.op,
        from: own(o.name),
        to: o.op === 'set' ? o.value : null,
      }))
    }
    result.topics.push(alteration)
  }
  return result
}

export interface DeleteOptions {
  names: readonly string[]
  patterns: readonly string[]
  ifExists: boolean
}

export interface DeletePlan {
  topics: string[]
}

/** Which topics a delete would remove. Patterns never match internal topics; names may name them. */
export async function planDeletion(gateway: AdminGateway, options: DeleteOptions): Promise<DeletePlan> {
  if (options.names.length === 0 && options.patterns.length === 0) {
    throw new KtkError('USAGE', 'name the topics to delete', {
      hints: ['ktk topics delete NAME [NAME...], or --topic REGEX'],
    })
  }
  const topics = await resolveVisibleTopics(gateway, await gateway.listTopics(), {
    names: options.names,
    patterns: options.patterns,
    excludeInternal: true,
    ifExists: options.ifExists,
  })
  return { topics: topics.map((t) => t.name) }
}

export interface DeleteResult {
  deleted: string[]
  failed: { topic: string; code: string; exit: number; message: string; hints: string[] }[]
  dryRun: boolean
}

/**
 * Deletes the topics; each refusal comes back as a failure (with what the ACLs say about it, when
 * ktk can read them: services/refusal.ts), the rest as deleted.
 */
export async function deleteTopics(
  gateway: AdminGateway & Pick<AclGateway, 'describeAcls'>,
  topics: readonly string[],
  refusalWaitMs = 5000,
): Promise<DeleteResult> {
  if (topics.length === 0) return { deleted: [], failed: [], dryRun: false }
  const failures = await gateway.deleteTopics(topics)
  const failedNames = new Set(failures.map((f) => f.topic))
  const failed = await Promise.all(
    failures.map(async (f) => {
      const error =
        f.error instanceof KtkError ? await explainRefusal(gateway, f.error, refusalWaitMs) : undefined
      return {
        topic: f.topic,
        code: error?.code ?? 'UNEXPECTED',
        exit: error?.exit ?? 1,
        message: f.error.message,
        hints: error?.hints ?? [],
      }
    }),
  )
  return { deleted: topics.filter((t) => !failedNames.has(t)), failed, dryRun: false }
}
