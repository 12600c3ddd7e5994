import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { ifExistsFlag, topicSelectionFlags } from '../../base/flags.js'
import { checked, type Outcome } from '../../base/outcome.js'
import type { HealthFilter } from '../../core/health.js'
import { renderDescribe } from '../../output/topics.js'
import { type DescribeResult, describeTopics } from '../../services/topics.js'

const HEALTH = 'HEALTH FILTERS (exit 3 when anything matches)'

export default class TopicsDescribe extends ClusterCommand<typeof TopicsDescribe> {
  static override summary =
    'Describe topics: partitions, leaders, replicas, ISR, offsets and non-default configs.'
  static override description =
    `Like kafka-topics --describe, plus each partition's earliest and latest offset and the records between them, and each non-default config with its source.

With a health filter only the matching partitions are shown and the command exits 3 when any match, so CI can gate on it. Topic names are arguments; --topic takes kafka-topics' regex.`
  static override strict = false
  static override topicNameArguments = true
  static override examples = [
    '<%= config.bin %> topics describe prod.retail.order_placed.v1',
    "<%= config.bin %> topics describe --topic 'prod\\..*'",
    '<%= config.bin %> topics describe --under-replicated-partitions || echo "cluster unhealthy"',
    '<%= config.bin %> topics describe orders --json | jq ".topics[0].partitions[].leader"',
  ]
  static override flags = {
    ...topicSelectionFlags,
    'if-exists': ifExistsFlag,
    'under-replicated-partitions': Flags.boolean({
      summary: 'Only partitions whose ISR is smaller than their replica set.',
      helpGroup: HEALTH,
    }),
    'under-min-isr-partitions': Flags.boolean({
      summary: 'Only partitions without a leader or with fewer in-sync replicas than min.insync.replicas.',
      helpGroup: HEALTH,
    }),
    'at-min-isr-partitions': Flags.boolean({
      summary: 'Only partitions whose in-sync replicas equal min.insync.replicas.',
      helpGroup: HEALTH,
    }),
    'unavailable-partitions': Flags.boolean({
      summary: 'Only partitions without a live leader.',
      helpGroup: HEALTH,
    }),
    'topics-with-overrides': Flags.boolean({
      summary: 'Only topics with configs that differ from the defaults (no partitions).',
      helpGroup: HEALTH,
    }),
  }

  async run(): Promise<Outcome<DescribeResult>> {
    const healthFilters: HealthFilter[] = []
    if (this.flags['under-replicated-partitions']) healthFilters.push('under-replicated')
    if (this.flags['under-min-isr-partitions']) healthFilters.push('under-min-isr')
    if (this.flags['at-min-isr-partitions']) healthFilters.push('at-min-isr')
    if (this.flags['unavailable-partitions']) healthFilters.push('unavailable')
    const result = await describeTopics(await this.gateway(), {
      names: this.argList,
      patterns: this.flags.topic ?? [],
      excludeInternal: this.flags['exclude-internal'],
      ifExists: this.flags['if-exists'],
      healthFilters,
      topicsWithOverrides: this.flags['topics-with-overrides'],
    })
    const text = renderDescribe(result, this.mode)
    if (text !== '') this.print(text)
    if (result.filters.length > 0 && result.matched > 0) {
      const what = this.flags['topics-with-overrides'] ? 'topic' : 'partition'
      this.note(
        `${result.matched} ${what}${result.matched === 1 ? '' : 's'} matched ${result.filters.join(', ')}`,
      )
      return checked(result, true)
    }
    return checked(result, false)
  }
}
