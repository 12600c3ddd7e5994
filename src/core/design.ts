import { KtkError } from './errors.js'
import { type NamingPolicy, nextFreeVersion, versionedName } from './naming/index.js'
import { type SizingAnswers, type SizingPlan, sizeTopic } from './sizing.js'

/** Everything the design wizard asks, however it was answered (prompts, flags or an answers file). */
export interface DesignAnswers extends SizingAnswers {
  /** Values of the policy's segments other than the version (env, domain, event). */
  segments: Record<string, string>
  /** The version number; omitted: the next one free in the cluster. */
  version?: number
}

export interface DesignPlan extends SizingPlan {
  name: string
  version: number | null
  brokers: number
  answers: DesignAnswers
  /** The same topic as command lines: ktk's and Kafka's own. */
  commands: { ktk: string; kafkaTopics: string }
}

/** The topic's name from the segment answers; the version is the next free one among `existing`. */
export function designName(
  policy: NamingPolicy,
  segments: Record<string, string>,
  version: number | undefined,
  existing: readonly string[],
): { name: string; version: number | null } {
  const vRule = policy.segments.find((s) => s.kind === 'version')
  const build = (v: number) =>
    policy.segments
      .map((s) => (s.kind === 'version' ? `${s.prefix}${v}` : (segments[s.name] ?? '')))
      .join(policy.separator)
  if (!vRule) return { name: build(0), version: null }
  if (version !== undefined) return { name: build(version), version }
  const first = versionedName(build(1), policy)!
  const taken = existing.includes(build(1))
  const next = taken ? nextFreeVersion(first, existing) : 1
  return { name: build(next), version: next }
}

const quote = (s: string) => (/^[a-zA-Z0-9._\-=,:/@]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`)

/** `ktk topics create …` and `kafka-topics.sh --create …` for the plan. */
export function designCommands(
  plan: Pick<DesignPlan, 'name' | 'partitions' | 'replicationFactor' | 'configs'>,
  bootstrap: string,
): DesignPlan['commands'] {
  const configs = Object.entries(plan.configs).flatMap(([k, v]) => ['--config', quote(`${k}=${v}`)])
  const shape = [
    '--partitions',
    String(plan.partitions),
    '--replication-factor',
    String(plan.replicationFactor),
  ]
  return {
    ktk: ['ktk', 'topics', 'create', quote(plan.name), ...shape, ...configs].join(' '),
    kafkaTopics: [
      'kafka-topics.sh',
      '--bootstrap-server',
      quote(bootstrap),
      '--create',
      '--topic',
      quote(plan.name),
      ...shape,
      ...configs,
    ].join(' '),
  }
}

/** The whole design: name, sizing with its reasons, and the equivalent commands. */
export function designTopic(
  answers: DesignAnswers,
  policy: NamingPolicy,
  cluster: { brokers: number; topics: readonly string[]; bootstrap: string },
): DesignPlan {
  if (cluster.brokers < 1) throw new KtkError('USAGE', 'the cluster has no brokers to size the topic for')
  const { name, version } = designName(policy, answers.segments, answers.version, cluster.topics)
  const sizing = sizeTopic(answers, cluster.brokers)
  const plan = { name, version, brokers: cluster.brokers, answers, ...sizing }
  return { ...plan, commands: designCommands(plan, cluster.bootstrap) }
}
