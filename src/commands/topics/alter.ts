import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { ifExistsFlag, intFlag, topicPatternFlag } from '../../base/flags.js'
import { KtkError } from '../../core/errors.js'
import { INT32_MAX } from '../../core/flag-values.js'
import { parseConfigAssignments } from '../../core/topic-configs.js'
import { PARTITION_INCREASE_WARNING } from '../../core/topics-plan.js'
import { renderAlter } from '../../output/topics.js'
import { type AlterResult, alterTopics } from '../../services/topics.js'

export default class TopicsAlter extends ClusterCommand<typeof TopicsAlter> {
  static override summary = 'Add partitions or change topic configs, one key at a time.'
  static override description =
    `Configs change incrementally (Kafka's IncrementalAlterConfigs): only the keys named change, and every other config of the topic, sensitive ones included, stays as it was. --delete-config returns a key to its default.

Adding partitions changes which partition each key maps to; a decrease is refused (exit 5) because Kafka cannot remove partitions.`
  static override strict = false
  static override topicNameArguments = true
  static override examples = [
    '<%= config.bin %> topics alter orders.v1 --partitions 12',
    '<%= config.bin %> topics alter orders.v1 --config retention.ms=86400000 --delete-config segment.ms',
    "<%= config.bin %> topics alter --topic 'dev\\..*' --config retention.ms=3600000 --dry-run",
  ]
  static override flags = {
    topic: topicPatternFlag({
      summary: "Topics to alter, as kafka-topics' --topic regex. Repeatable.",
      multiple: true,
    }),
    partitions: intFlag({
      summary: 'The new, larger, partition count.',
      min: 1,
      max: INT32_MAX,
      code: 'INVALID_PARTITIONS',
    }),
    'replica-assignment': Flags.string({
      summary: 'Replicas for the new partitions (the whole list, as for create).',
    }),
    config: Flags.string({ summary: 'Set a topic config key=value. Repeatable.', multiple: true }),
    'delete-config': Flags.string({
      summary: 'Return a topic config to its default. Repeatable.',
      multiple: true,
    }),
    'if-exists': ifExistsFlag,
    'dry-run': Flags.boolean({ summary: 'Have the broker validate the changes without applying them.' }),
  }

  async run(): Promise<AlterResult> {
    if (this.argList.length === 0 && (this.flags.topic ?? []).length === 0) {
      throw new KtkError('USAGE', 'name the topic to alter', {
        hints: ['ktk topics alter NAME --partitions 12'],
      })
    }
    const result = await alterTopics(await this.gateway(), {
      names: this.argList,
      patterns: this.flags.topic ?? [],
      excludeInternal: false,
      ifExists: this.flags['if-exists'],
      partitions: this.flags.partitions,
      replicaAssignment: this.flags['replica-assignment'],
      set: parseConfigAssignments(this.flags.config ?? []),
      delete: this.flags['delete-config'] ?? [],
      dryRun: this.flags['dry-run'],
    })
    if (result.topics.some((t) => t.partitions)) {
      this.warning(PARTITION_INCREASE_WARNING)
    }
    this.print(renderAlter(result, this.mode))
    return result
  }
}
