import { Args, Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { loadPolicy, namingEnv, namingFlags } from '../../base/naming.js'
import { renderBump } from '../../output/naming.js'
import { type BumpResult, bumpTopic } from '../../services/naming.js'

export default class TopicsBump extends ClusterCommand<typeof TopicsBump> {
  static override summary = 'Plan (and with --execute create) the next version of a topic: v1 -> v2.'
  static override description =
    `The new topic gets the same partition count, replication factor and topic-level configs (those set on the topic, source DYNAMIC_TOPIC_CONFIG). The version is the naming policy's version segment, or a trailing v<N>; the new version is the next one that does not exist yet.

Without --execute it only shows the plan. The new name is checked against the naming policy like any created topic.`
  static override examples = [
    '<%= config.bin %> topics bump prod.retail.order_placed.v1',
    '<%= config.bin %> topics bump prod.retail.order_placed.v1 --execute',
  ]
  static override args = { name: Args.string({ description: 'The topic to bump.', required: true }) }
  static override flags = {
    execute: Flags.boolean({ summary: 'Create the new topic (default: show the plan only).' }),
    ...namingFlags,
  }

  async run(): Promise<BumpResult> {
    const result = await bumpTopic(await this.gateway(), this.args.name, loadPolicy(this.flags), {
      execute: this.flags.execute,
      skipNamingCheck: this.flags['skip-naming-check'],
      env: namingEnv(this.flags),
    })
    this.print(renderBump(result, this.mode))
    for (const warning of result.warnings) this.warning(warning)
    return result
  }
}
