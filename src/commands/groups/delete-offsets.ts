import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { kafkaIdFlag } from '../../base/flags.js'
import { type Outcome, outcome } from '../../base/outcome.js'
import { canPrompt } from '../../base/prompt.js'
import { exitForFailures, KtkError } from '../../core/errors.js'
import { renderTable } from '../../output/table.js'
import { type DeleteOffsetsResult, deleteOffsets, offsetsToDelete } from '../../services/group-delete.js'

export default class GroupsDeleteOffsets extends ClusterCommand<typeof GroupsDeleteOffsets> {
  static override summary =
    "Delete a group's committed offsets for some topics (kafka-consumer-groups --delete-offsets)."
  static override description =
    `Kafka's OffsetDelete. --topic t deletes the offsets of every partition of t (and of partitions the group has offsets for, so a deleted topic's offsets can be cleaned up); --topic t:0,1 only those. A group still subscribed to the topic with active members is refused (exit 5, naming the members); a group that does not exist exits 4.

Shows what it will delete and asks on a terminal; scripts pass --yes. --dry-run only shows.`
  static override examples = [
    '<%= config.bin %> groups delete-offsets --group billing --topic old.orders --yes',
    '<%= config.bin %> groups delete-offsets -g billing --topic orders:0,1 --dry-run',
  ]
  static override flags = {
    group: kafkaIdFlag({ char: 'g', summary: 'The consumer group.', required: true }),
    topic: Flags.string({
      summary: 'A topic, or some of its partitions (orders:0,1). Repeatable.',
      multiple: true,
      required: true,
    }),
    yes: Flags.boolean({ char: 'y', summary: 'Delete without asking (required when not on a terminal).' }),
    'dry-run': Flags.boolean({ summary: 'Show which offsets would be deleted and stop.' }),
  }

  async run(): Promise<DeleteOffsetsResult | Outcome<DeleteOffsetsResult>> {
    const gateway = await this.gateway()
    const group = this.flags.group
    const partitions = await offsetsToDelete(gateway, group, this.flags.topic)
    const listing = partitions.map((p) => `${p.topic}-${p.partition}`)
    if (this.flags['dry-run']) {
      this.print(listing.join('\n'))
      return {
        group,
        dryRun: true,
        partitions: partitions.map((p) => ({ ...p, status: 'deleted', error: null, code: null })),
      }
    }
    if (!this.flags.yes) {
      if (!canPrompt() || this.jsonEnabled()) {
        throw new KtkError(
          'USAGE',
          `refusing to delete ${partitions.length} offset(s) without confirmation`,
          {
            hints: ['pass --yes to delete from a script, or --dry-run to see what would go'],
          },
        )
      }
      const about = `About to delete the offsets of group '${group}' for:\n  ${listing.join('\n  ')}`
      if (!(await this.confirmShown(about, 'Delete them?'))) {
        this.note('Nothing was deleted.')
        return { group, dryRun: false, partitions: [] }
      }
    }
    const result = await deleteOffsets(gateway, group, partitions)
    const failed = result.partitions.filter((p) => p.status === 'error')
    if (failed.length === 0) this.note(`Request succeeded for deleting offsets from group ${group}.`)
    this.print(
      renderTable(
        [{ header: 'TOPIC' }, { header: 'PARTITION', align: 'right' }, { header: 'STATUS' }],
        result.partitions.map((p) => [p.topic, p.partition, p.error ? `Error: ${p.error}` : 'Successful']),
        this.mode,
      ),
    )
    return outcome(result, failed.length > 0 ? exitForFailures(failed.map((p) => p.code ?? '')) : undefined)
  }
}
