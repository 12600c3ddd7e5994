import { KtkError } from './errors.js'

/** Kafka's ACL enums, with their wire codes (org.apache.kafka.common.acl / resource). */
export const ResourceTypes = {
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
} as const
export const Operations = {
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
  TWO_PHASE_COMMIT: 15,
} as const
export const PatternTypes = { ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const
export const Permissions = { ANY: 1, DENY: 2, ALLOW: 3 } as const

export type ResourceType = Exclude<keyof typeof ResourceTypes, 'ANY'>
export type Operation = Exclude<keyof typeof Operations, 'ANY'>
export type PatternType = 'LITERAL' | 'PREFIXED'
export type PatternFilter = PatternType | 'ANY' | 'MATCH'
export type Permission = 'ALLOW' | 'DENY'

/** One ACL: a resource pattern and an access control entry, as Kafka's AclBinding. */
export interface Acl {
  resourceType: ResourceType
  resourceName: string
  patternType: PatternType
  principal: string
  host: string
  operation: Operation
  permission: Permission
}

/** A filter over ACLs, as Kafka's AclBindingFilter: null fields match anything. */
export interface AclFilter {
  resourceType: ResourceType | 'ANY'
  resourceName: string | null
  patternType: PatternFilter
  principal: string | null
  host: string | null
  operation: Operation | 'ANY'
  permission: Permission | 'ANY'
}

export const CLUSTER_RESOURCE_NAME = 'kafka-cluster'

/** The operations Kafka accepts per resource type (AclEntry.supportedOperations, Kafka 4.1), plus ALL. */
export const SUPPORTED_OPERATIONS: Record<ResourceType, readonly Operation[]> = {
  TOPIC: ['READ', 'WRITE', 'CREATE', 'DESCRIBE', 'DELETE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['READ', 'DESCRIBE', 'DELETE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  CLUSTER: [
    'CREATE',
    'CLUSTER_ACTION',
    'DESCRIBE_CONFIGS',
    'ALTER_CONFIGS',
    'IDEMPOTENT_WRITE',
    'ALTER',
    'DESCRIBE',
  ],
  TRANSACTIONAL_ID: ['DESCRIBE', 'WRITE', 'TWO_PHASE_COMMIT'],
  DELEGATION_TOKEN: ['DESCRIBE'],
  USER: ['CREATE_TOKENS', 'DESCRIBE_TOKENS'],
}

/**
 * An operation as kafka-acls takes it (SecurityUtils.operation): `Read`, `DescribeConfigs`, and also
 * `READ`, `describe_configs` or `describe-configs`.
 */
export function parseOperation(text: string): Operation {
  const snake = text
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase()
  if (snake !== 'ANY' && snake in Operations) return snake as Operation
  throw new KtkError('USAGE', `--operation "${text}" is not an ACL operation`, {
    hints: [
      `operations: ${Object.keys(Operations)
        .filter((o) => o !== 'ANY')
        .map(operationName)
        .join(', ')}`,
    ],
  })
}

/** Kafka's own spelling of an operation in kafka-acls' help and flags: DESCRIBE_CONFIGS → DescribeConfigs. */
export function operationName(operation: string): string {
  return operation
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
}

/** A principal in Kafka's form `Type:name` (User:alice, User:*, Group:ops). */
export function parsePrincipal(text: string): string {
  const trimmed = text.trim()
  const colon = trimmed.indexOf(':')
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw new KtkError('USAGE', `principal "${text}" is not in the form Type:name`, {
      hints: ['e.g. User:alice, or User:* for every user'],
    })
  }
  return trimmed
}

export function parsePatternType(text: string, allowFilters: boolean): PatternFilter {
  const upper = text.trim().toUpperCase()
  const allowed: PatternFilter[] = allowFilters
    ? ['LITERAL', 'PREFIXED', 'ANY', 'MATCH']
    : ['LITERAL', 'PREFIXED']
  if (allowed.includes(upper as PatternFilter)) return upper as PatternFilter
  throw new KtkError(
    'USAGE',
    `--resource-pattern-type "${text}" is not ${allowed
      .map((a) => a.toLowerCase())
      .join(', ')
      .replace(/, ([^,]*)$/, ' or $1')}`,
    allowFilters
      ? {}
      : { hints: ['any and match select ACLs to list or delete; a new ACL is literal or prefixed'] },
  )
}

/** A resource named on the command line (--topic, --group, --cluster, --transactional-id, …). */
export interface ResourceSelection {
  resourceType: ResourceType
  resourceName: string
}

export interface AclSpec {
  resources: readonly ResourceSelection[]
  patternType: PatternType
  allowPrincipals: readonly string[]
  denyPrincipals: readonly string[]
  /** Hosts for the allow entries and the deny entries; kafka-acls' default is every host (*). */
  allowHosts: readonly string[]
  denyHosts: readonly string[]
  operations: readonly Operation[]
}

/**
 * The ACLs kafka-acls --add would create: every resource × principal × operation × host, ALLOW for
 * --allow-principal and DENY for --deny-principal. Operations a resource type does not support are a
 * usage error, as in AclCommand.validateOperation.
 */
export function aclsToCreate(spec: AclSpec): Acl[] {
  if (spec.resources.length === 0) {
    throw new KtkError(
      'USAGE',
      'name at least one resource: --topic, --group, --cluster or --transactional-id',
    )
  }
  if (spec.allowPrincipals.length === 0 && spec.denyPrincipals.length === 0) {
    throw new KtkError('USAGE', 'give --allow-principal or --deny-principal (or both)')
  }
  const operations = spec.operations.length > 0 ? spec.operations : (['ALL'] as Operation[])
  for (const resource of spec.resources) {
    const supported = SUPPORTED_OPERATIONS[resource.resourceType]
    const unsupported = operations.filter((o) => o !== 'ALL' && !supported.includes(o))
    if (unsupported.length > 0) {
      throw new KtkError(
        'USAGE',
        `a ${resource.resourceType.toLowerCase()} does not take ${unsupported.map(operationName).join(', ')}`,
        {
          hints: [`${resource.resourceType} supports ${['ALL', ...supported].map(operationName).join(', ')}`],
        },
      )
    }
  }
  const acls: Acl[] = []
  const seen = new Set<string>()
  const add = (acl: Acl) => {
    const key = JSON.stringify(acl)
    if (!seen.has(key)) {
      seen.add(key)
      acls.push(acl)
    }
  }
  for (const resource of spec.resources) {
    for (const [permission, principals, hosts] of [
      ['ALLOW', spec.allowPrincipals, spec.allowHosts],
      ['DENY', spec.denyPrincipals, spec.denyHosts],
    ] as const) {
      for (const principal of principals) {
        for (const operation of operations) {
          for (const host of hosts.length > 0 ? hosts : ['*']) {
            add({ ...resource, patternType: spec.patternType, principal, host, operation, permission })
          }
        }
      }
    }
  }
  return acls
}

/** Sorted as people read them: by resource, then principal, permission, operation and host. */
export function sortAcls(acls: readonly Acl[]): Acl[] {
  const key = (a: Acl) =>
    [a.resourceType, a.resourceName, a.patternType, a.principal, a.permission, a.operation, a.host].join(
      '\u0000',
    )
  return [...acls].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** The kafka-acls --allow-principal … command line that grants an operation: for "not authorized" hints. */
export function grantCommand(principal: string, operation: Operation, resource: ResourceSelection): string {
  const target =
    resource.resourceType === 'CLUSTER'
      ? '--cluster'
      : `--${resource.resourceType.toLowerCase().replace('_', '-')} ${resource.resourceName}`
  return `ktk acls create --allow-principal ${principal} --operation ${operationName(operation)} ${target}`
}

/** The resources named by kafka-acls' flags; --cluster is the cluster resource, kafka-cluster. */
export function resourcesOf(flags: {
  topics: readonly string[]
  groups: readonly string[]
  cluster: boolean
  transactionalIds: readonly string[]
  delegationTokens: readonly string[]
  userPrincipals: readonly string[]
}): ResourceSelection[] {
  const named = (resourceType: ResourceType, names: readonly string[]) =>
    names.map((n) => ({ resourceType, resourceName: n.trim() }))
  return [
    ...named('TOPIC', flags.topics),
    ...named('GROUP', flags.groups),
    ...(flags.cluster ? [{ resourceType: 'CLUSTER' as const, resourceName: CLUSTER_RESOURCE_NAME }] : []),
    ...named('TRANSACTIONAL_ID', flags.transactionalIds),
    ...named('DELEGATION_TOKEN', flags.delegationTokens),
    ...named('USER', flags.userPrincipals),
  ]
}

/**
 * kafka-acls --producer / --consumer: Write, Describe and Create on the topics (Write and Describe on
 * transactional ids, IdempotentWrite on the cluster with --idempotent); Read and Describe on the
 * topics and Read on the groups.
 */
export function roleOperations(
  resource: ResourceSelection,
  roles: { producer: boolean; consumer: boolean },
): Operation[] {
  const ops = new Set<Operation>()
  if (roles.producer && resource.resourceType === 'TOPIC')
    for (const o of ['WRITE', 'DESCRIBE', 'CREATE'] as const) ops.add(o)
  if (roles.producer && resource.resourceType === 'TRANSACTIONAL_ID')
    for (const o of ['WRITE', 'DESCRIBE'] as const) ops.add(o)
  if (roles.producer && resource.resourceType === 'CLUSTER') ops.add('IDEMPOTENT_WRITE')
  if (roles.consumer && resource.resourceType === 'TOPIC')
    for (const o of ['READ', 'DESCRIBE'] as const) ops.add(o)
  if (roles.consumer && resource.resourceType === 'GROUP') ops.add('READ')
  return [...ops]
}

/** Does an ACL match a filter (null and ANY match anything; MATCH is left to the broker)? */
export function aclMatches(acl: Acl, filter: Partial<AclFilter>): boolean {
  const eq = <T>(want: T | null | undefined | 'ANY', have: T) =>
    want === undefined || want === null || want === 'ANY' || want === have
  return (
    eq(filter.resourceType, acl.resourceType) &&
    eq(filter.resourceName, acl.resourceName) &&
    (filter.patternType === undefined ||
      filter.patternType === 'ANY' ||
      filter.patternType === 'MATCH' ||
      filter.patternType === acl.patternType) &&
    eq(filter.principal, acl.principal) &&
    eq(filter.host, acl.host) &&
    eq(filter.operation, acl.operation) &&
    eq(filter.permission, acl.permission)
  )
}

/** The filter that matches exactly this ACL and no other. */
export function exactFilter(acl: Acl): AclFilter {
  return { ...acl }
}
