import { Args, Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { intFlag } from '../../base/flags.js'
import { loadPolicy, namingEnv, namingFlags } from '../../base/naming.js'
import { KtkError } from '../../core/errors.js'
import { INT16_MAX, INT32_MAX } from '../../core/flag-values.js'
import { checkTopicName, enforceNaming } from '../../core/naming/index.js'
import { parseConfigAssignments } from '../../core/topic-configs.js'
import { renderCreate } from '../../output/topics.js'
import { type CreateResult, createTopic } from '../../services/topics.js'

export default class TopicsCreate extends ClusterCommand<typeof TopicsCreate> {
  static override summary = 'Create a topic (kafka-topics --create).'
  static override description =
    `Every --config is checked against Kafka's topic configs before anything is sent: an unknown key or a bad value exits 2 naming it. --dry-run asks the broker to validate the whole request without creating the topic.

Without --partitions or --replication-factor the broker's num.partitions and default.replication.factor apply.

The name is checked against the naming policy (ktk.naming.yaml, see ktk topics lint): in enforce mode a name that breaks it exits 2 with the reason and the nearest valid name; --skip-naming-check creates it anyway, with a warning.`
  static override examples = [
    '<%= config.bin %> topics create prod.retail.order_placed.v1 --partitions 12 --replication-factor 3 --config min.insync.replicas=2',
    '<%= config.bin %> topics create dev.shop.cart_updated.v1 --config cleanup.policy=compact --if-not-exists',
    '<%= config.bin %> topics create audit.v1 --replica-assignment 1:2,2:3,3:1 --dry-run',
  ]
  static override args = {
    name: Args.string({ description: 'Topic name (or use --topic).' }),
  }
  static override flags = {
    topic: Flags.string({ summary: 'Topic name, as kafka-topics spells it.' }),
    partitions: intFlag({
      summary: 'Number of partitions.',
      min: 1,
      max: INT32_MAX,
      code: 'INVALID_PARTITIONS',
    }),
    'replication-factor': intFlag({
      summary: 'Replicas of each partition.',
      min: 1,
      max: INT16_MAX,
      code: 'INVALID_REPLICATION_FACTOR',
    }),
    config: Flags.string({ summary: 'Topic config key=value. Repeatable.', multiple: true }),
    'if-not-exists': Flags.boolean({ summary: 'An existing topic is success, not an error.' }),
    'replica-assignment': Flags.string({
      summary: 'Broker ids per partition: partitions separated by commas, replicas by colons (1:2,2:3,3:1).',
    }),
    'dry-run': Flags.boolean({ summary: 'Have the broker validate the request without creating the topic.' }),
    ...namingFlags,
  }

  async run(): Promise<CreateResult> {
    const name = this.args.name ?? this.flags.topic
    if (!name)
      throw new KtkError('USAGE', 'name the topic to create', {
        hints: ['ktk topics create NAME --partitions 6'],
      })
    if (this.args.name && this.flags.topic && this.args.name !== this.flags.topic) {
      throw new KtkError(
        'USAGE',
        `two topic names given: "${this.args.name}" and --topic "${this.flags.topic}"`,
      )
    }
    const policy = loadPolicy(this.flags)
    const naming = enforceNaming([checkTopicName(name, policy, { env: namingEnv(this.flags) })], policy, {
      skip: this.flags['skip-naming-check'],
    })
    const result = await createTopic(await this.gateway(), {
      name,
      partitions: this.flags.partitions,
      replicationFactor: this.flags['replication-factor'],
      replicaAssignment: this.flags['replica-assignment'],
      configs: parseConfigAssignments(this.flags.config ?? []),
      ifNotExists: this.flags['if-not-exists'],
      dryRun: this.flags['dry-run'],
    })
    this.print(renderCreate(result, this.mode))
    for (const warning of naming.warnings) this.warning(warning)
    return result
  }
}
