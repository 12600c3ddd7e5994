import { KtkError } from './errors.js'

export const PARTITION_INCREASE_WARNING =
  'adding partitions changes which partition a key maps to: new records for a key may land on another partition than its older records, so per-key ordering across the change is lost'

/** One topic as a spec file declares it. */
export interface SpecTopic {
  name: string
  partitions: number
  /** Omitted: the broker's default.replication.factor when created, and never compared. */
  replicationFactor?: number
  /** The topic-level overrides the topic must have, exactly: a key missing here returns to its default. */
  configs: Record<string, string>
  /** `file:line` of the entry, for messages. */
  location?: string
}

/** One topic as the cluster has it: its shape and its own overrides (source DYNAMIC_TOPIC_CONFIG). */
export interface LiveTopic {
  name: string
  partitions: number
  replicationFactor: number
  configs: Record<string, string>
}

export interface ConfigChange {
  name: string
  op: 'set' | 'delete'
  /** The value before, when the topic had its own (non-default) value; null otherwise. */
  from: string | null
  to: string | null
}

export type PlanAction =
  | {
      action: 'create'
      topic: string
      partitions: number
      replicationFactor: number | null
      configs: Record<string, string>
      location?: string
    }
  | {
      action: 'update'
      topic: string
      partitions: { from: number; to: number } | null
      configs: ConfigChange[]
      location?: string
    }
  | { action: 'delete'; topic: string }

/** A difference apply does not change (replication factor needs a partition reassignment). */
export interface PlanDifference {
  topic: string
  kind: 'replication-factor'
  cluster: number
  spec: number
  location?: string
}

export interface TopicsPlan {
  actions: PlanAction[]
  differences: PlanDifference[]
  /** Spec topics the cluster already matches. */
  unchanged: string[]
  /** Topics on the cluster that the spec does not list and --prune does not name: left alone. */
  unmanaged: number
}

const at = (t: SpecTopic) => (t.location ? ` (${t.location})` : '')

/**
 * The changes that make the cluster match the spec: creations, partition increases, config changes
 * (set and return-to-default, one key at a time), and deletions only of the topics `prune` names.
 * A partition decrease is refused (exit 5): Kafka cannot remove partitions.
 */
export function planTopics(
  spec: readonly SpecTopic[],
  live: ReadonlyMap<string, LiveTopic>,
  options: { prune?: readonly string[] } = {},
): TopicsPlan {
  const plan: TopicsPlan = { actions: [], differences: [], unchanged: [], unmanaged: 0 }
  const decreases: string[] = []
  for (const want of spec) {
    const have = live.get(want.name)
    if (!have) {
      plan.actions.push({
        action: 'create',
        topic: want.name,
        partitions: want.partitions,
        replicationFactor: want.replicationFactor ?? null,
        configs: sortedConfigs(want.configs),
        ...(want.location ? { location: want.location } : {}),
      })
      continue
    }
    if (want.partitions < have.partitions) {
      decreases.push(
        `topic "${want.name}"${at(want)} has ${have.partitions} partitions; the spec asks for ${want.partitions} and Kafka cannot remove partitions`,
      )
      continue
    }
    const partitions =
      want.partitions > have.partitions ? { from: have.partitions, to: want.partitions } : null
    const configs = configChanges(have.configs, want.configs)
    if (partitions || configs.length > 0) {
      plan.actions.push({
        action: 'update',
        topic: want.name,
        partitions,
        configs,
        ...(want.location ? { location: want.location } : {}),
      })
    }
    if (want.replicationFactor !== undefined && want.replicationFactor !== have.replicationFactor) {
      plan.differences.push({
        topic: want.name,
        kind: 'replication-factor',
        cluster: have.replicationFactor,
        spec: want.replicationFactor,
        ...(want.location ? { location: want.location } : {}),
      })
    }
    if (!partitions && configs.length === 0 && plan.differences.at(-1)?.topic !== want.name) {
      plan.unchanged.push(want.name)
    }
  }
  if (decreases.length > 0) {
    throw new KtkError('PARTITION_DECREASE', decreases[0]!, {
      details: decreases.slice(1),
      hints: [
        'set the spec to at least the current partition count',
        'for fewer partitions, create a new version and move the data: ktk topics bump NAME',
      ],
    })
  }

  const declared = new Set(spec.map((t) => t.name))
  for (const name of options.prune ?? []) {
    if (declared.has(name)) {
      throw new KtkError('USAGE', `--prune names "${name}", which the spec declares`, {
        hints: ['remove it from the spec first, or drop it from --prune'],
      })
    }
    if (!live.has(name)) {
      throw new KtkError('TOPIC_NOT_FOUND', `--prune names "${name}", which does not exist`, {
        hints: ['list topics with: ktk topics list'],
      })
    }
    plan.actions.push({ action: 'delete', topic: name })
  }
  const pruned = new Set(options.prune ?? [])
  plan.unmanaged = [...live.keys()].filter((n) => !declared.has(n) && !pruned.has(n)).length
  return plan
}

function configChanges(have: Record<string, string>, want: Record<string, string>): ConfigChange[] {
  const changes: ConfigChange[] = []
  for (const name of [...new Set([...Object.keys(have), ...Object.keys(want)])].sort()) {
    const from = have[name] ?? null
    const to = want[name] ?? null
    if (from === to) continue
    changes.push(to === null ? { name, op: 'delete', from, to: null } : { name, op: 'set', from, to })
  }
  return changes
}

const sortedConfigs = (configs: Record<string, string>) =>
  Object.fromEntries(Object.entries(configs).sort(([a], [b]) => a.localeCompare(b)))

/** True when the cluster differs from the spec in anything the plan reports. */
export function hasDrift(plan: TopicsPlan): boolean {
  return plan.actions.length > 0 || plan.differences.length > 0
}
