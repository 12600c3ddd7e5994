import {
  type Acl,
  type AclFilter,
  type AclSpec,
  aclMatches,
  aclsToCreate,
  exactFilter,
  type Operation,
  type PatternFilter,
  type Permission,
  type ResourceSelection,
  roleOperations,
  sortAcls,
} from '../core/acl.js'
import { KtkError } from '../core/errors.js'
import type { AclGateway } from '../kafka/index.js'

/** Which ACLs `acls list` and `acls delete` mean: resources, then entries. Empty lists match anything. */
export interface AclSelection {
  resources: readonly ResourceSelection[]
  patternType: PatternFilter
  /** --principal (either permission), --allow-principal (ALLOW), --deny-principal (DENY). */
  principals: readonly { principal: string; permission: Permission | 'ANY' }[]
  operations: readonly Operation[]
  hosts: readonly string[]
}

const ANY_ENTRY = { principal: null, host: null, operation: 'ANY', permission: 'ANY' } as const

/** The broker-side filters: one per resource, or every ACL. Entries are narrowed on ktk's side. */
function resourceFilters(selection: AclSelection): AclFilter[] {
  if (selection.resources.length === 0) {
    return [{ resourceType: 'ANY', resourceName: null, patternType: selection.patternType, ...ANY_ENTRY }]
  }
  return selection.resources.map((r) => ({ ...r, patternType: selection.patternType, ...ANY_ENTRY }))
}

function entryMatches(acl: Acl, selection: AclSelection): boolean {
  const principalOk =
    selection.principals.length === 0 ||
    selection.principals.some((p) => aclMatches(acl, { principal: p.principal, permission: p.permission }))
  const operationOk = selection.operations.length === 0 || selection.operations.includes(acl.operation)
  const hostOk = selection.hosts.length === 0 || selection.hosts.includes(acl.host)
  return principalOk && operationOk && hostOk
}

/** kafka-acls --list: every ACL of the named resources (all ACLs without one), narrowed by entry. */
export async function listAcls(gateway: AclGateway, selection: AclSelection): Promise<{ acls: Acl[] }> {
  const found = (await Promise.all(resourceFilters(selection).map((f) => gateway.describeAcls(f)))).flat()
  const unique = new Map(found.map((a) => [JSON.stringify(a), a]))
  return { acls: sortAcls([...unique.values()].filter((a) => entryMatches(a, selection))) }
}

export interface CreateAclsOptions extends Omit<AclSpec, 'operations'> {
  operations: readonly Operation[]
  producer: boolean
  consumer: boolean
  idempotent: boolean
  dryRun: boolean
}

/** The ACLs kafka-acls --add would create for these flags, including --producer/--consumer. */
export function plannedAcls(options: CreateAclsOptions): Acl[] {
  if (!options.producer && !options.consumer) return aclsToCreate(options)
  if (options.denyPrincipals.length > 0 || options.operations.length > 0) {
    throw new KtkError(
      'USAGE',
      '--producer and --consumer choose the operations and allow only: no --operation or --deny-principal',
    )
  }
  if (
    options.consumer &&
    (!options.resources.some((r) => r.resourceType === 'GROUP') ||
      !options.resources.some((r) => r.resourceType === 'TOPIC'))
  ) {
    throw new KtkError('USAGE', '--consumer needs a --topic and a --group')
  }
  if (options.producer && !options.resources.some((r) => r.resourceType === 'TOPIC')) {
    throw new KtkError('USAGE', '--producer needs a --topic')
  }
  const resources = [
    ...options.resources.filter((r) => r.resourceType !== 'CLUSTER'),
    ...(options.idempotent && options.producer
      ? [{ resourceType: 'CLUSTER' as const, resourceName: 'kafka-cluster' }]
      : []),
  ]
  return sortAcls(
    resources.flatMap((resource) => {
      const operations = roleOperations(resource, options)
      if (operations.length === 0) return []
      // The cluster resource is always literal, whatever pattern the topics use.
      const patternType = resource.resourceType === 'CLUSTER' ? 'LITERAL' : options.patternType
      return aclsToCreate({ ...options, resources: [resource], patternType, operations })
    }),
  )
}

export async function createAcls(
  gateway: AclGateway,
  options: CreateAclsOptions,
): Promise<{ created: Acl[]; dryRun: boolean }> {
  const acls = plannedAcls(options)
  if (!options.dryRun) await gateway.createAcls(acls)
  return { created: acls, dryRun: options.dryRun }
}

/**
 * kafka-acls --remove, planned first: the ACLs that match now. Unlike kafka-acls, an entry flag left
 * out (operation, host) matches any value rather than All and *, so `--allow-principal User:bob
 * --topic t` means all of bob's allow ACLs on t; the plan shows exactly what goes before it goes.
 */
export async function planAclDeletion(gateway: AclGateway, selection: AclSelection): Promise<Acl[]> {
  if (selection.resources.length === 0 && selection.principals.length === 0) {
    throw new KtkError(
      'USAGE',
      'name the ACLs to delete: a resource (--topic, --group, --cluster, …) or a principal',
      {
        hints: ['to see them first: ktk acls list'],
      },
    )
  }
  return (await listAcls(gateway, selection)).acls
}

/** Deletes exactly the planned ACLs (one exact filter each), so nothing added meanwhile goes with them. */
export async function deleteAcls(gateway: AclGateway, acls: readonly Acl[]): Promise<{ deleted: Acl[] }> {
  const deleted = await gateway.deleteAcls(acls.map(exactFilter))
  return { deleted: sortAcls(deleted) }
}
