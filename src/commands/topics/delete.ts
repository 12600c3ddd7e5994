import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { ifExistsFlag, topicPatternFlag } from '../../base/flags.js'
import { type Outcome, outcome } from '../../base/outcome.js'
import { canPrompt } from '../../base/prompt.js'
import { KtkError } from '../../core/errors.js'
import { renderDelete } from '../../output/topics.js'
import { type DeleteResult, deleteTopics, planDeletion } from '../../services/topics.js'

export default class TopicsDelete extends ClusterCommand<typeof TopicsDelete> {
  static override summary = 'Delete topics by name or by --topic regex.'
  static override description =
    `Shows what it will delete and asks on a terminal; scripts pass --yes. A regex never matches internal topics such as __consumer_offsets: those are deleted only when named exactly.`
  static override strict = false
  static override topicNameArguments = true
  static override examples = [
    '<%= config.bin %> topics delete dev.shop.cart_updated.v1',
    "<%= config.bin %> topics delete --topic 'tmp\\..*' --yes",
    '<%= config.bin %> topics delete old.topic --if-exists --yes --json',
  ]
  static override flags = {
    topic: topicPatternFlag({
      summary: "Topics to delete, as kafka-topics' --topic regex. Repeatable.",
      multiple: true,
    }),
    'if-exists': ifExistsFlag,
    yes: Flags.boolean({ char: 'y', summary: 'Delete without asking (required when not on a terminal).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be deleted and stop.' }),
  }

  async run(): Promise<DeleteResult | Outcome<DeleteResult>> {
    const gateway = await this.gateway()
    const plan = await planDeletion(gateway, {
      names: this.argList,
      patterns: this.flags.topic ?? [],
      ifExists: this.flags['if-exists'],
    })
    if (this.flags['dry-run'] || plan.topics.length === 0) {
      const result = { deleted: plan.topics, failed: [], dryRun: this.flags['dry-run'] }
      this.print(renderDelete(result))
      return result
    }
    if (!this.flags.yes) {
      if (!canPrompt() || this.jsonEnabled()) {
        throw new KtkError(
          'USAGE',
          `refusing to delete ${plan.topics.length} topic(s) without confirmation`,
          {
            hints: ['pass --yes to delete from a script, or --dry-run to see what would go'],
          },
        )
      }
      const about = `About to delete ${plan.topics.length} topic(s):\n  ${plan.topics.join('\n  ')}`
      if (!(await this.confirmShown(about, 'Delete them?'))) {
        this.note('Nothing was deleted.')
        return { deleted: [], failed: [], dryRun: false }
      }
    }
    const result = await deleteTopics(
      gateway,
      plan.topics,
      Math.min((await this.connection()).timeoutMs, 5000),
    )
    // Data on stdout (what was deleted), each refusal an error on stderr; none deleted: the first is the error.
    if (result.deleted.length > 0) this.print(renderDelete(result))
    return outcome(result, this.reportFailures(result.failed, result.deleted.length === 0))
  }
}
