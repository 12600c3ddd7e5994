import { Flags } from '@oclif/core'
import {
  type Operation,
  type PatternFilter,
  parseOperation,
  parsePatternType,
  parsePrincipal,
  type ResourceSelection,
  resourcesOf,
} from '../core/acl.js'
import type { AclSelection } from '../services/acls.js'

const RESOURCE = 'RESOURCE'
const ENTRY = 'ACL ENTRY'

/** kafka-acls' resource flags, spelled as it spells them. */
export const aclResourceFlags = {
  topic: Flags.string({
    summary: "Topic (repeatable); '*' is every topic.",
    multiple: true,
    helpGroup: RESOURCE,
  }),
  group: Flags.string({
    summary: "Consumer group (repeatable); '*' is every group.",
    multiple: true,
    helpGroup: RESOURCE,
  }),
  cluster: Flags.boolean({ summary: 'The cluster resource.', helpGroup: RESOURCE }),
  'transactional-id': Flags.string({
    summary: 'Transactional id (repeatable).',
    multiple: true,
    helpGroup: RESOURCE,
  }),
  'delegation-token': Flags.string({
    summary: 'Delegation token id (repeatable).',
    multiple: true,
    helpGroup: RESOURCE,
  }),
  'user-principal': Flags.string({
    summary: 'A user principal as the resource (for CreateTokens/DescribeTokens; repeatable).',
    multiple: true,
    helpGroup: RESOURCE,
  }),
  'resource-pattern-type': Flags.string({
    summary:
      'literal or prefixed (list and delete also take any, and match: every ACL that affects the named resources). Default: literal, or any when no resource is named.',
    helpGroup: RESOURCE,
  }),
}

/** kafka-acls' entry flags. */
export const aclEntryFlags = {
  'allow-principal': Flags.string({
    summary: "Principal to allow, Type:name (User:alice; User:'*' is everyone). Repeatable.",
    multiple: true,
    helpGroup: ENTRY,
  }),
  'deny-principal': Flags.string({
    summary: 'Principal to deny, Type:name. Deny beats allow. Repeatable.',
    multiple: true,
    helpGroup: ENTRY,
  }),
  operation: Flags.string({
    summary:
      'Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit or All. Repeatable.',
    multiple: true,
    helpGroup: ENTRY,
  }),
  'allow-host': Flags.string({
    summary: 'Host the allow entries apply to (default *). Repeatable.',
    multiple: true,
    helpGroup: ENTRY,
  }),
  'deny-host': Flags.string({
    summary: 'Host the deny entries apply to (default *). Repeatable.',
    multiple: true,
    helpGroup: ENTRY,
  }),
  host: Flags.string({
    summary: 'Host for both allow and deny entries (or, for list and delete, the host to match). Repeatable.',
    multiple: true,
    helpGroup: ENTRY,
  }),
}

type ResourceFlagValues = {
  topic?: string[]
  group?: string[]
  cluster?: boolean
  'transactional-id'?: string[]
  'delegation-token'?: string[]
  'user-principal'?: string[]
  'resource-pattern-type'?: string
}

export function resourcesFromFlags(f: ResourceFlagValues): ResourceSelection[] {
  return resourcesOf({
    topics: f.topic ?? [],
    groups: f.group ?? [],
    cluster: f.cluster ?? false,
    transactionalIds: f['transactional-id'] ?? [],
    delegationTokens: f['delegation-token'] ?? [],
    userPrincipals: f['user-principal'] ?? [],
  })
}

export const operationsFromFlags = (f: { operation?: string[] }): Operation[] => [
  ...new Set((f.operation ?? []).flatMap((o) => o.split(',')).map(parseOperation)),
]

/** list and delete: which ACLs the flags select. */
export function aclSelectionFromFlags(
  f: ResourceFlagValues & {
    principal?: string[]
    'allow-principal'?: string[]
    'deny-principal'?: string[]
    operation?: string[]
    host?: string[]
    'allow-host'?: string[]
    'deny-host'?: string[]
  },
): AclSelection {
  const resources = resourcesFromFlags(f)
  const patternType: PatternFilter = f['resource-pattern-type']
    ? parsePatternType(f['resource-pattern-type'], true)
    : resources.length > 0
      ? 'LITERAL'
      : 'ANY'
  return {
    resources,
    patternType,
    principals: [
      ...(f.principal ?? []).map((p) => ({ principal: parsePrincipal(p), permission: 'ANY' as const })),
      ...(f['allow-principal'] ?? []).map((p) => ({
        principal: parsePrincipal(p),
        permission: 'ALLOW' as const,
      })),
      ...(f['deny-principal'] ?? []).map((p) => ({
        principal: parsePrincipal(p),
        permission: 'DENY' as const,
      })),
    ],
    operations: operationsFromFlags(f),
    hosts: [...(f.host ?? []), ...(f['allow-host'] ?? []), ...(f['deny-host'] ?? [])].map((h) => h.trim()),
  }
}
