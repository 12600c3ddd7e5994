import type { ConfigEntry } from '../core/cluster-types.js'
import { KtkError } from '../core/errors.js'
import {
  checkTopicName,
  enforceNaming,
  type LintReport,
  lintNames,
  type NamingPolicy,
  nextFreeVersion,
  policyTemplate,
  versionedName,
} from '../core/naming/index.js'
import type { AdminGateway } from '../kafka/index.js'
import { resolveTopics, type TopicSelector } from './topic-selection.js'
import { type CreateResult, createTopic, replicationFactorOf } from './topics.js'

/** Lints the cluster's topics (all, or those the selector picks). */
export async function lintCluster(
  gateway: AdminGateway,
  policy: NamingPolicy,
  options: TopicSelector & { env?: string; all: boolean },
): Promise<LintReport> {
  const all = await gateway.listTopics()
  const selected = resolveTopics(all, options)
  return lintNames(
    selected.map((t) => ({ name: t.name })),
    policy,
    { env: options.env, all: options.all, existing: all.map((t) => t.name) },
  )
}

/** The topic-level overrides of a topic (source DYNAMIC_TOPIC_CONFIG), sorted: what a copy must carry. */
export function topicOverrides(entries: readonly ConfigEntry[]): Record<string, string> {
  const own = entries
    .filter((c) => c.source === 'DYNAMIC_TOPIC_CONFIG' && c.value !== null)
    .sort((a, b) => a.name.localeCompare(b.name))
  return Object.fromEntries(own.map((c) => [c.name, c.value!]))
}

export interface BumpPlan {
  from: string
  to: string
  fromVersion: number
  toVersion: number
  /** Versions between from and to that already exist (so the next free one was taken). */
  skipped: string[]
  partitions: number
  replicationFactor: number
  configs: Record<string, string>
}

export interface BumpResult extends BumpPlan {
  executed: boolean
  created: CreateResult | null
  /** Naming warnings (warn mode or --skip-naming-check) about the new name. */
  warnings: string[]
}

/** Plans the next version of a topic: same partitions, replication factor and topic-level configs. */
export async function planBump(gateway: AdminGateway, name: string, policy: NamingPolicy): Promise<BumpPlan> {
  const all = await gateway.listTopics()
  const [topic] = resolveTopics(all, { names: [name], patterns: [], excludeInternal: false, ifExists: false })
  const versioned = versionedName(name, policy)
  if (!versioned) {
    throw new KtkError('USAGE', `topic "${name}" has no version to bump`, {
      hints: [
        `a version is the policy's version segment (${policyTemplate(policy)}) or a trailing v<N>`,
        'create the new topic by name with: ktk topics create NAME',
      ],
    })
  }
  const names = all.map((t) => t.name)
  const next = nextFreeVersion(versioned, names)
  const skipped: string[] = []
  for (let v = versioned.version + 1; v < next; v++) {
    if (names.includes(versioned.withVersion(v))) skipped.push(versioned.withVersion(v))
  }
  const configs = (await gateway.topicConfigs([name])).get(name) ?? []
  return {
    from: name,
    to: versioned.withVersion(next),
    fromVersion: versioned.version,
    toVersion: next,
    skipped,
    partitions: topic!.partitions.length,
    replicationFactor: replicationFactorOf(topic!.partitions),
    configs: topicOverrides(configs),
  }
}

/** Checks the new name against the policy, then creates it when asked. */
export async function bumpTopic(
  gateway: AdminGateway,
  name: string,
  policy: NamingPolicy,
  options: { execute: boolean; skipNamingCheck: boolean; env?: string },
): Promise<BumpResult> {
  const plan = await planBump(gateway, name, policy)
  const naming = enforceNaming([checkTopicName(plan.to, policy, { env: options.env })], policy, {
    skip: options.skipNamingCheck,
  })
  if (!options.execute) return { ...plan, executed: false, created: null, warnings: naming.warnings }
  const created = await createTopic(gateway, {
    name: plan.to,
    partitions: plan.partitions,
    replicationFactor: plan.replicationFactor,
    configs: plan.configs,
    ifNotExists: false,
    dryRun: false,
  })
  return { ...plan, executed: true, created, warnings: naming.warnings }
}
