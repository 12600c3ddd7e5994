import { KtkError } from '../core/errors.js'
import { checkTopicName, enforceNaming, type NamingPolicy } from '../core/naming/index.js'
import {
  type LiveTopic,
  type PlanAction,
  planTopics,
  type SpecTopic,
  type TopicsPlan,
} from '../core/topics-plan.js'
import type { AdminGateway } from '../kafka/index.js'
import { topicOverrides } from './naming.js'
import { resolveTopics, type TopicSelector } from './topic-selection.js'
import { replicationFactorOf } from './topics.js'

/** The cluster's side of the spec's topics (and of the topics --prune names), configs as overrides. */
async function liveTopics(gateway: AdminGateway, names: readonly string[]): Promise<Map<string, LiveTopic>> {
  const all = await gateway.listTopics()
  const wanted = new Set(names)
  const present = all.filter((t) => wanted.has(t.name))
  const configs = await gateway.topicConfigs(present.map((t) => t.name))
  const live = new Map<string, LiveTopic>()
  for (const t of all) {
    live.set(t.name, {
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: replicationFactorOf(t.partitions),
      configs: wanted.has(t.name) ? topicOverrides(configs.get(t.name) ?? []) : {},
    })
  }
  return live
}

export interface PlanResult extends TopicsPlan {
  /** Naming warnings about topics the plan creates (warn mode, or --skip-naming-check). */
  warnings: string[]
}

/**
 * The plan that makes the cluster match the spec. The names it would create are checked against the
 * naming policy (enforce mode refuses, exit 2), with '.'/'_' collisions against the cluster and the spec.
 */
export async function planSpec(
  gateway: AdminGateway,
  spec: readonly SpecTopic[],
  /** Without a policy (check) names are not looked at. */
  options: { prune: readonly string[]; policy?: NamingPolicy; skipNamingCheck?: boolean; env?: string },
): Promise<PlanResult> {
  const live = await liveTopics(gateway, [...spec.map((t) => t.name), ...options.prune])
  const plan = planTopics(spec, live, { prune: options.prune })
  const policy = options.policy
  if (!policy) return { ...plan, warnings: [] }
  const existing = [...live.keys(), ...spec.map((t) => t.name)]
  const checks = plan.actions
    .filter((a) => a.action === 'create')
    .map((a) => checkTopicName(a.topic, policy, { env: options.env, existing }))
  const naming = enforceNaming(checks, policy, { skip: options.skipNamingCheck ?? false, verb: 'apply it' })
  return { ...plan, warnings: naming.warnings }
}

export interface AppliedStep {
  action: PlanAction['action']
  topic: string
  status: 'done' | 'failed' | 'not-run'
  error?: { code: string; exit: number; message: string }
}

export interface ApplyResult {
  dryRun: boolean
  plan: PlanResult
  steps: AppliedStep[]
}

/**
 * Runs a plan one topic at a time, in the plan's order (the spec's, deletions last); an update adds
 * partitions, then changes configs incrementally, so keys the plan does not name stay as they are.
 * Stops at the first
 * failure; the result says what was done and what was not. With dryRun the broker validates each
 * step and nothing changes.
 */
export async function applyPlan(
  gateway: AdminGateway,
  plan: PlanResult,
  options: {
    dryRun: boolean
    onStep?: (index: number, total: number, action: PlanAction) => void
    interrupted?: () => boolean
  },
): Promise<ApplyResult> {
  const steps: AppliedStep[] = plan.actions.map((a) => ({
    action: a.action,
    topic: a.topic,
    status: 'not-run',
  }))
  const validateOnly = options.dryRun
  for (const [i, action] of plan.actions.entries()) {
    if (options.interrupted?.()) break
    options.onStep?.(i, plan.actions.length, action)
    try {
      if (action.action === 'create') {
        await gateway.createTopics(
          [
            {
              name: action.topic,
              partitions: action.partitions,
              ...(action.replicationFactor !== null ? { replicationFactor: action.replicationFactor } : {}),
              configs: action.configs,
            },
          ],
          { validateOnly },
        )
      } else if (action.action === 'update') {
        if (action.partitions) {
          await gateway.createPartitions(action.topic, action.partitions.to, null, { validateOnly })
        }
        if (action.configs.length > 0) {
          await gateway.alterTopicConfigs(
            action.topic,
            action.configs.map((c) =>
              c.op === 'set' ? { op: 'set', name: c.name, value: c.to! } : { op: 'delete', name: c.name },
            ),
            { validateOnly },
          )
        }
      } else if (!validateOnly) {
        const [failure] = await gateway.deleteTopics([action.topic])
        if (failure) throw failure.error
      }
      steps[i]!.status = 'done'
    } catch (error) {
      const e = error instanceof KtkError ? error : new KtkError('UNEXPECTED', (error as Error).message)
      steps[i]!.status = 'failed'
      steps[i]!.error = { code: e.code, exit: e.exit, message: e.message }
      break
    }
  }
  return { dryRun: options.dryRun, plan, steps }
}

/** The cluster's topics as a spec: partitions, replication factor and topic-level overrides. */
export async function exportSpec(gateway: AdminGateway, selector: TopicSelector): Promise<SpecTopic[]> {
  const topics = resolveTopics(await gateway.listTopics(), selector).filter((t) => !t.internal)
  const configs = await gateway.topicConfigs(topics.map((t) => t.name))
  return topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.length,
    replicationFactor: replicationFactorOf(t.partitions),
    configs: topicOverrides(configs.get(t.name) ?? []),
  }))
}
