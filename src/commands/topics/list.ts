import { Args } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { topicSelectionFlags } from '../../base/flags.js'
import { renderTopicList } from '../../output/topics.js'
import { listTopics, type TopicSummary } from '../../services/topics.js'

export default class TopicsList extends ClusterCommand<typeof TopicsList> {
  static override summary = 'List topics (kafka-topics --list).'
  static override description =
    'Piped, it prints one name per line exactly as kafka-topics --list does; on a terminal, a table with partitions and replication factor. A pattern is a regex that must match the whole name.'
  static override examples = [
    '<%= config.bin %> topics list',
    "<%= config.bin %> topics list --topic 'prod\\..*' --exclude-internal",
    '<%= config.bin %> topics list --json',
  ]
  static override args = {
    pattern: Args.string({ description: 'Regex of topics to list (the same as --topic).' }),
  }
  static override flags = { ...topicSelectionFlags }

  async run(): Promise<{ topics: TopicSummary[] }> {
    const patterns = [...(this.args.pattern ? [this.args.pattern] : []), ...(this.flags.topic ?? [])]
    const topics = await listTopics(await this.gateway(), {
      names: [],
      patterns,
      excludeInternal: this.flags['exclude-internal'],
      ifExists: true,
    })
    const text = renderTopicList(topics, this.mode)
    if (text !== '') this.print(text)
    return { topics }
  }
}
