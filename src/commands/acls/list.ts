import { Flags } from '@oclif/core'
import { aclEntryFlags, aclResourceFlags, aclSelectionFromFlags } from '../../base/acl-flags.js'
import { ClusterCommand } from '../../base/command.js'
import type { Acl } from '../../core/acl.js'
import { renderAcls } from '../../output/acls.js'
import { listAcls } from '../../services/acls.js'

export default class AclsList extends ClusterCommand<typeof AclsList> {
  static override summary = 'List ACLs, all or those of the named resources (kafka-acls --list).'
  static override description =
    `Without a resource flag, every ACL of the cluster; with --topic, --group, --cluster, … those of these resources (literal patterns unless --resource-pattern-type says prefixed, any, or match: every ACL that affects the resource, prefixed and wildcard ones included). --principal, --operation and --host narrow the entries. Needs Describe on the cluster.`
  static override examples = [
    '<%= config.bin %> acls list',
    '<%= config.bin %> acls list --topic orders',
    '<%= config.bin %> acls list --topic orders --resource-pattern-type match',
    '<%= config.bin %> acls list --principal User:alice --json',
  ]
  static override flags = {
    ...aclResourceFlags,
    principal: Flags.string({
      summary: 'Only the ACLs of this principal, Type:name. Repeatable.',
      multiple: true,
    }),
    operation: aclEntryFlags.operation,
    host: aclEntryFlags.host,
  }

  async run(): Promise<{ acls: Acl[] }> {
    const result = await listAcls(await this.gateway(), aclSelectionFromFlags(this.flags))
    this.print(result.acls.length === 0 ? 'No ACLs match.' : renderAcls(result.acls, this.mode))
    return result
  }
}
