import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { intFlag } from '../../base/flags.js'
import { loadPolicy, namingEnv, namingFlags } from '../../base/naming.js'
import { canPrompt, terminalPrompter } from '../../base/prompt.js'
import { parseAnswersFile } from '../../config/design-answers.js'
import { appendToSpec } from '../../config/topic-spec.js'
import { type DesignPlan, designTopic } from '../../core/design.js'
import { missingAnswers, parseAnswers, type RawAnswers } from '../../core/design-answers.js'
import { KtkError } from '../../core/errors.js'
import { INT32_MAX } from '../../core/flag-values.js'
import { checkTopicName, enforceNaming } from '../../core/naming/index.js'
import { renderDesign } from '../../output/design.js'
import { renderCreate } from '../../output/topics.js'
import { type CreateResult, createTopic } from '../../services/topics.js'

const ANSWERS = 'ANSWERS (asked on a terminal when not given)'

export interface DesignResult {
  plan: DesignPlan
  action: 'create' | 'append' | 'print'
  created: CreateResult | null
  appendedTo: string | null
  warnings: string[]
}

export default class TopicsDesign extends ClusterCommand<typeof TopicsDesign> {
  static override summary = 'Design a topic: name, partitions, replication and retention from its needs.'
  static override description =
    `On a terminal it asks, checking each answer as it is typed: the name's segments (env, domain, event, following the naming policy), the version (the next free one in the cluster), peak throughput and average record size, consumers reading in parallel, the ordering key, retention (time, size, compacted, forever) and durability (development or production). It then recommends the topic with its reasons — partitions from throughput (5 MiB/s per partition; doubled for keyed topics, which should not add partitions later) and from parallelism, rounded up to spread evenly over the brokers; replication min(3, brokers) and min.insync.replicas for production; the retention configs; producer acks — and offers to create it, append it to a spec file, or print the equivalent ktk and kafka-topics.sh commands.

Every answer can also come from a flag or from --answers FILE (YAML: env, domain, event, segments, version, throughput, recordSize, consumers, key, retention, durability); the same answers give the same plan. Without a terminal nothing is asked: missing answers exit 2, listing them. Without --create or --append a non-interactive run only prints the plan. --brokers sizes for a cluster without connecting to one.`
  static override examples = [
    '<%= config.bin %> topics design',
    '<%= config.bin %> topics design --env prod --domain retail --event order_placed --throughput 5k --record-size 1KiB --consumers 6 --key order_id --retention 7d --durability production',
    '<%= config.bin %> topics design --answers order-placed.yaml --append topics.yaml',
    '<%= config.bin %> topics design --answers order-placed.yaml --brokers 3 --json',
  ]
  static override flags = {
    ...namingFlags,
    domain: Flags.string({ summary: 'The domain segment (e.g. retail).', helpGroup: ANSWERS }),
    event: Flags.string({ summary: 'The event segment (e.g. order_placed).', helpGroup: ANSWERS }),
    segment: Flags.string({
      summary: 'Another segment of the naming policy: name=value. Repeatable.',
      multiple: true,
      helpGroup: ANSWERS,
    }),
    'topic-version': intFlag({
      min: 1,
      max: INT32_MAX,
      summary: 'The version number (default: the next free one in the cluster).',
      helpGroup: ANSWERS,
    }),
    throughput: Flags.string({ summary: 'Peak records per second (5000, 5k).', helpGroup: ANSWERS }),
    'record-size': Flags.string({ summary: 'Average record size (512B, 1KiB).', helpGroup: ANSWERS }),
    consumers: Flags.string({ summary: 'Consumers reading in parallel.', helpGroup: ANSWERS }),
    key: Flags.string({ summary: 'The field records are keyed by, or "none".', helpGroup: ANSWERS }),
    retention: Flags.string({
      summary: 'A time (7d), a total size (50GiB), compact, or forever.',
      helpGroup: ANSWERS,
    }),
    durability: Flags.string({ summary: 'production or development.', helpGroup: ANSWERS }),
    answers: Flags.string({
      summary: 'A YAML or JSON file of answers (flags override it).',
      helpGroup: ANSWERS,
    }),
    brokers: intFlag({
      summary: 'Size for this many brokers instead of asking the cluster.',
      min: 1,
      max: INT32_MAX,
    }),
    create: Flags.boolean({ summary: 'Create the topic on the cluster.', exclusive: ['append'] }),
    append: Flags.string({ summary: 'Append the topic to this spec file (created if missing).' }),
  }

  async run(): Promise<DesignResult> {
    const policy = loadPolicy(this.flags)
    const env = namingEnv(this.flags)
    const raw = this.rawAnswers()
    const interactive = canPrompt() && !this.jsonEnabled()
    const cluster = await this.cluster()

    const missing = missingAnswers(raw, policy, env)
    let complete = raw
    if (missing.length > 0) {
      if (!interactive) {
        throw new KtkError('USAGE', `missing answers: ${missing.join(', ')}`, {
          hints: ['give them as flags or in --answers FILE, or run on a terminal to be asked'],
        })
      }
      const { askDesignAnswers } = await import('../../wizard/design.js')
      complete = await askDesignAnswers(this.prompter(), {
        policy,
        given: raw,
        env,
        existing: cluster.topics,
      })
    }
    const plan = designTopic(parseAnswers(complete, policy, env), policy, cluster)
    const naming = enforceNaming(
      [checkTopicName(plan.name, policy, { env, existing: cluster.topics })],
      policy,
      {
        skip: this.flags['skip-naming-check'],
      },
    )
    this.print(renderDesign(plan, this.mode))

    let action: DesignResult['action'] = this.flags.create ? 'create' : this.flags.append ? 'append' : 'print'
    let file = this.flags.append
    if (interactive && !this.flags.create && !this.flags.append) {
      const { askAction } = await import('../../wizard/design.js')
      ;({ action, file } = await askAction(this.prompter(), 'topics.yaml'))
    }
    const result: DesignResult = { plan, action, created: null, appendedTo: null, warnings: naming.warnings }
    if (action === 'create') {
      result.created = await createTopic(await this.gateway(), {
        name: plan.name,
        partitions: plan.partitions,
        replicationFactor: plan.replicationFactor,
        configs: plan.configs,
        ifNotExists: false,
        dryRun: false,
      })
      this.print(`\n${renderCreate(result.created, this.mode)}`)
    } else if (action === 'append') {
      const text = existsSync(file!) ? readFileSync(file!, 'utf8') : undefined
      writeFileSync(
        file!,
        appendToSpec(file!, text, {
          name: plan.name,
          partitions: plan.partitions,
          replicationFactor: plan.replicationFactor,
          configs: plan.configs,
        }),
      )
      result.appendedTo = file!
      this.print(`\nAppended ${plan.name} to ${file}; apply it with: ktk topics apply -f ${file}`)
    }
    for (const warning of naming.warnings) this.warning(warning)
    return result
  }

  private prompter() {
    return terminalPrompter('design interrupted; nothing was created')
  }

  /** Answers from --answers FILE, then flags over them. */
  private rawAnswers(): RawAnswers {
    const f = this.flags
    const fromFile = f.answers ? parseAnswersFile(f.answers, this.readAnswers(f.answers)) : { segments: {} }
    const segments: Record<string, string> = { ...fromFile.segments }
    for (const pair of f.segment ?? []) {
      const eq = pair.indexOf('=')
      if (eq <= 0) throw new KtkError('USAGE', `--segment "${pair}" is not name=value`)
      segments[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
    if (f.domain !== undefined) segments.domain = f.domain
    if (f.event !== undefined) segments.event = f.event
    const pick = <T>(flag: T | undefined, file: T | undefined) => flag ?? file
    const answers: RawAnswers = { ...fromFile, segments }
    const set = <K extends keyof RawAnswers>(key: K, value: RawAnswers[K] | undefined) => {
      if (value !== undefined) answers[key] = value
    }
    set('version', pick(f['topic-version'], fromFile.version))
    set('throughput', pick(f.throughput, fromFile.throughput))
    set('recordSize', pick(f['record-size'], fromFile.recordSize))
    set('consumers', pick(f.consumers, fromFile.consumers))
    set('key', pick(f.key, fromFile.key))
    set('retention', pick(f.retention, fromFile.retention))
    set('durability', pick(f.durability, fromFile.durability))
    return answers
  }

  private readAnswers(path: string): string {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      throw new KtkError('USAGE', `cannot read answers file ${path}`)
    }
  }

  /** Broker count and topics: from the cluster, or --brokers alone for an offline design. */
  private async cluster(): Promise<{ brokers: number; topics: string[]; bootstrap: string }> {
    if (this.flags.brokers !== undefined && !this.flags.create) {
      let bootstrap = 'HOST:9092'
      try {
        bootstrap = (await this.connection()).bootstrapServers.join(',')
      } catch {}
      return { brokers: this.flags.brokers, topics: [], bootstrap }
    }
    const metadata = await (await this.gateway()).metadata()
    return {
      brokers: this.flags.brokers ?? metadata.brokers.length,
      topics: metadata.topics.map((t) => t.name),
      bootstrap: (await this.connection()).bootstrapServers.join(','),
    }
  }
}
