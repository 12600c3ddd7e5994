import { writeFileSync } from 'node:fs'
import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { topicPatternFlag } from '../../base/flags.js'
import { renderTopicSpec } from '../../config/topic-spec.js'
import type { SpecTopic } from '../../core/topics-plan.js'
import { exportSpec } from '../../services/topics-as-code.js'

export default class TopicsExport extends ClusterCommand<typeof TopicsExport> {
  static override summary = "Write a spec file from the cluster's topics (for topics plan/apply/check)."
  static override description =
    "Each topic with its partition count, replication factor and topic-level overrides (configs whose source is DYNAMIC_TOPIC_CONFIG; broker defaults are not copied). Internal topics are left out. Names are arguments; --topic takes kafka-topics' regex."
  static override strict = false
  static override topicNameArguments = true
  static override examples = [
    '<%= config.bin %> topics export > topics.yaml',
    "<%= config.bin %> topics export --topic 'prod\\..*' --output prod-topics.yaml",
  ]
  static override flags = {
    topic: topicPatternFlag({
      summary: "Topics to export, as kafka-topics' --topic regex. Repeatable.",
      multiple: true,
    }),
    output: Flags.string({ char: 'o', summary: 'Write the spec to this file instead of stdout.' }),
  }

  async run(): Promise<{ topics: SpecTopic[] }> {
    const topics = await exportSpec(await this.gateway(), {
      names: this.argList,
      patterns: this.flags.topic ?? [],
      excludeInternal: true,
      ifExists: false,
    })
    const text = renderTopicSpec(
      topics,
      ' Topics exported by ktk topics export. Apply with: ktk topics apply -f FILE',
    )
    if (this.flags.output) {
      writeFileSync(this.flags.output, text)
      this.note(`Wrote ${topics.length} topic(s) to ${this.flags.output}.`)
    } else this.print(text)
    return { topics }
  }
}
