import { Flags } from '@oclif/core'
import { aclEntryFlags, aclResourceFlags, aclSelectionFromFlags } from '../../base/acl-flags.js'
import { ClusterCommand } from '../../base/command.js'
import { canPrompt } from '../../base/prompt.js'
import type { Acl } from '../../core/acl.js'
import { KtkError } from '../../core/errors.js'
import { renderAclChange, renderAcls } from '../../output/acls.js'
import { deleteAcls, planAclDeletion } from '../../services/acls.js'

export default class AclsDelete extends ClusterCommand<typeof AclsDelete> {
  static override summary =
    'Delete ACLs (kafka-acls --remove): shows them, asks on a terminal, --yes in scripts.'
  static override description =
    `Selects ACLs by resource (--topic, --group, --cluster, … with --resource-pattern-type) and by entry (--allow-principal, --deny-principal, --principal for either, --operation, --host). Unlike kafka-acls, an entry flag left out matches any value (kafka-acls takes All and *), so --allow-principal User:bob --topic t deletes all of bob's allow ACLs on t. Exactly the ACLs shown are deleted, nothing added meanwhile. Needs Alter on the cluster.`
  static override examples = [
    '<%= config.bin %> acls delete --topic orders --allow-principal User:alice --operation Read --yes',
    '<%= config.bin %> acls delete --topic orders --yes',
    '<%= config.bin %> acls delete --principal User:departed --dry-run',
  ]
  static override flags = {
    ...aclResourceFlags,
    ...aclEntryFlags,
    principal: Flags.string({
      summary: 'ACLs of this principal, allow or deny. Repeatable.',
      multiple: true,
    }),
    yes: Flags.boolean({
      char: 'y',
      summary: 'Delete without asking (required when not on a terminal).',
      aliases: ['force'],
    }),
    'dry-run': Flags.boolean({ summary: 'Show what would be deleted and stop.' }),
  }

  async run(): Promise<{ deleted: Acl[]; dryRun: boolean }> {
    const gateway = await this.gateway()
    const plan = await planAclDeletion(gateway, aclSelectionFromFlags(this.flags))
    if (this.flags['dry-run'] || plan.length === 0) {
      this.print(renderAclChange('Deleted', plan, this.flags['dry-run'], this.mode))
      return { deleted: this.flags['dry-run'] ? plan : [], dryRun: this.flags['dry-run'] }
    }
    if (!this.flags.yes) {
      if (!canPrompt() || this.jsonEnabled()) {
        throw new KtkError('USAGE', `refusing to delete ${plan.length} ACL(s) without confirmation`, {
          hints: ['pass --yes to delete from a script, or --dry-run to see what would go'],
        })
      }
      const about = `About to delete ${plan.length} ACL(s):\n${renderAcls(plan, this.errMode)}`
      if (!(await this.confirmShown(about, 'Delete them?'))) {
        this.note('Nothing was deleted.')
        return { deleted: [], dryRun: false }
      }
    }
    const result = await deleteAcls(gateway, plan)
    this.print(renderAclChange('Deleted', result.deleted, false, this.mode))
    return { ...result, dryRun: false }
  }
}
