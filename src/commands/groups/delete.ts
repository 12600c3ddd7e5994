import { Flags } from '@oclif/core'
import { ClusterCommand } from '../../base/command.js'
import { groupSelectionFlags } from '../../base/group-flags.js'
import { type Outcome, outcome } from '../../base/outcome.js'
import { canPrompt } from '../../base/prompt.js'
import { exitForFailures, groupNotFound, KtkError } from '../../core/errors.js'
import {
  activeGroupError,
  type DeleteGroupsResult,
  deleteGroups,
  planGroupDeletion,
} from '../../services/group-delete.js'

export default class GroupsDelete extends ClusterCommand<typeof GroupsDelete> {
  static override summary =
    'Delete consumer groups and their committed offsets (kafka-consumer-groups --delete).'
  static override description =
    `Only groups without members can be deleted. A named group that has members is refused (exit 5, naming the members); with --all-groups such groups are skipped and listed. A named group that does not exist exits 4.

Shows what it will delete and asks on a terminal; scripts pass --yes. --dry-run only shows.`
  static override examples = [
    '<%= config.bin %> groups delete --group old-billing',
    '<%= config.bin %> groups delete -g a -g b --yes',
    '<%= config.bin %> groups delete --all-groups --dry-run',
  ]
  static override flags = {
    ...groupSelectionFlags,
    yes: Flags.boolean({ char: 'y', summary: 'Delete without asking (required when not on a terminal).' }),
    'dry-run': Flags.boolean({ summary: 'Show what would be deleted and stop.' }),
  }

  async run(): Promise<DeleteGroupsResult | Outcome<DeleteGroupsResult>> {
    const gateway = await this.gateway()
    const allGroups = this.flags['all-groups']
    const plan = await planGroupDeletion(gateway, { groups: this.flags.group ?? [], allGroups })
    if (plan.missing.length > 0) {
      throw groupNotFound(plan.missing, ['nothing was deleted'])
    }
    if (plan.active.length > 0 && !allGroups) throw activeGroupError(plan.active, 'delete')
    for (const a of plan.active)
      this.note(`Skipping group '${a.group}': it is ${a.state} with ${a.members.length} member(s).`)
    if (this.flags['dry-run'] || plan.deletable.length === 0) {
      if (plan.deletable.length > 0) this.print(plan.deletable.join('\n'))
      else this.note('No group to delete.')
      return { deleted: [], failed: [], skipped: plan.active, dryRun: this.flags['dry-run'] }
    }
    if (!this.flags.yes) {
      if (!canPrompt() || this.jsonEnabled()) {
        throw new KtkError(
          'USAGE',
          `refusing to delete ${plan.deletable.length} group(s) without confirmation`,
          {
            hints: ['pass --yes to delete from a script, or --dry-run to see what would go'],
          },
        )
      }
      const about = `About to delete ${plan.deletable.length} group(s) and their offsets:\n  ${plan.deletable.join('\n  ')}`
      if (!(await this.confirmShown(about, 'Delete them?'))) {
        this.note('Nothing was deleted.')
        return { deleted: [], failed: [], skipped: plan.active, dryRun: false }
      }
    }
    const result = { ...(await deleteGroups(gateway, plan.deletable)), skipped: plan.active }
    if (result.deleted.length > 0) {
      this.print(
        `Deletion of requested consumer groups (${result.deleted.map((g) => `'${g}'`).join(', ')}) was successful.`,
      )
    }
    for (const f of result.failed) this.warning(`group '${f.group}' could not be deleted: ${f.message}`)
    return outcome(
      result,
      result.failed.length > 0 ? exitForFailures(result.failed.map((f) => f.code)) : undefined,
    )
  }
}
