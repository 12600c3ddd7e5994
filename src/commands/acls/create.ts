import { Flags } from '@oclif/core'
import {
  aclEntryFlags,
  aclResourceFlags,
  operationsFromFlags,
  resourcesFromFlags,
} from '../../base/acl-flags.js'
import { ClusterCommand } from '../../base/command.js'
import { type Acl, type PatternType, parsePatternType, parsePrincipal } from '../../core/acl.js'
import { renderAclChange } from '../../output/acls.js'
import { createAcls } from '../../services/acls.js'

export default class AclsCreate extends ClusterCommand<typeof AclsCreate> {
  static override summary = 'Create ACLs (kafka-acls --add), with its flags.'
  static override description =
    `One ACL per resource × principal × operation × host: --allow-principal makes ALLOW entries, --deny-principal DENY entries (deny beats allow). --operation defaults to All and the host to * (any). --producer (Write, Describe, Create on the topics; with --idempotent, IdempotentWrite on the cluster) and --consumer (Read, Describe on the topics, Read on the groups) pick the operations for you. Creating an ACL that exists is not an error. Needs Alter on the cluster.`
  static override examples = [
    '<%= config.bin %> acls create --allow-principal User:alice --operation Read --operation Describe --topic orders',
    '<%= config.bin %> acls create --allow-principal User:alice --operation All --topic dev. --resource-pattern-type prefixed',
    "<%= config.bin %> acls create --allow-principal 'User:*' --deny-principal User:mallory --operation Read --topic payments",
    '<%= config.bin %> acls create --allow-principal User:orders-app --producer --idempotent --topic orders',
    '<%= config.bin %> acls create --allow-principal User:billing --consumer --topic orders --group billing',
  ]
  static override flags = {
    ...aclResourceFlags,
    ...aclEntryFlags,
    producer: Flags.boolean({ summary: 'The ACLs a producer needs on the topics (and transactional ids).' }),
    consumer: Flags.boolean({ summary: 'The ACLs a consumer needs on the topics and groups.' }),
    idempotent: Flags.boolean({
      summary: 'With --producer: IdempotentWrite on the cluster.',
      dependsOn: ['producer'],
    }),
    'dry-run': Flags.boolean({ summary: 'Show the ACLs and create nothing.' }),
  }

  async run(): Promise<{ created: Acl[]; dryRun: boolean }> {
    const f = this.flags
    const host = f.host ?? []
    const result = await createAcls(await this.gateway(), {
      resources: resourcesFromFlags(f),
      patternType: parsePatternType(f['resource-pattern-type'] ?? 'literal', false) as PatternType,
      allowPrincipals: (f['allow-principal'] ?? []).map(parsePrincipal),
      denyPrincipals: (f['deny-principal'] ?? []).map(parsePrincipal),
      allowHosts: [...(f['allow-host'] ?? []), ...host].map((h) => h.trim()),
      denyHosts: [...(f['deny-host'] ?? []), ...host].map((h) => h.trim()),
      operations: operationsFromFlags(f),
      producer: f.producer,
      consumer: f.consumer,
      idempotent: f.idempotent,
      dryRun: f['dry-run'],
    })
    this.print(renderAclChange('Created', result.created, result.dryRun, this.mode))
    return result
  }
}
