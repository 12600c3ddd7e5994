import {
  type Acl,
  type AclFilter,
  Operations,
  type PatternType,
  PatternTypes,
  type Permission,
  Permissions,
  ResourceTypes,
} from '../../core/acl.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { CreateAcls } from './messages/create-acls.js'
import { DeleteAcls } from './messages/delete-acls.js'
import { DescribeAcls, type DescribeAclsRequest } from './messages/describe-acls.js'

/**
 * DescribeAcls, CreateAcls and DeleteAcls v1-v3 (v1, the first with pattern types, is what Kafka 2.x
 * and 4.x share): ktk's own requests, so that the broker's error messages and every field of each binding
 * come back as sent.
 */
const byCode = <T extends Record<string, number>>(table: T) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k])) as Record<number, keyof T>

const RESOURCE = byCode(ResourceTypes)
const OPERATION = byCode(Operations)
const PATTERN = byCode(PatternTypes)
const PERMISSION = byCode(Permissions)

export interface AclsResult<T> {
  errorCode: number
  errorMessage: string | null
  value: T
}

const filterFields = (f: AclFilter): DescribeAclsRequest => ({
  resourceTypeFilter: ResourceTypes[f.resourceType],
  resourceNameFilter: f.resourceName,
  patternTypeFilter: PatternTypes[f.patternType],
  principalFilter: f.principal,
  hostFilter: f.host,
  operation: Operations[f.operation],
  permissionType: Permissions[f.permission],
})

const toAcl = (
  resource: { resourceType: number; resourceName: string; patternType: number },
  entry: { principal: string; host: string; operation: number; permissionType: number },
): Acl => ({
  resourceType: RESOURCE[resource.resourceType] as Acl['resourceType'],
  resourceName: resource.resourceName,
  patternType: PATTERN[resource.patternType] as PatternType,
  principal: entry.principal,
  host: entry.host,
  operation: OPERATION[entry.operation] as Acl['operation'],
  permission: PERMISSION[entry.permissionType] as Permission,
})

export function describeAclsRequest(filter: AclFilter): VersionedRequest<AclsResult<Acl[]>> {
  return versionedRequest(DescribeAcls, () => ({
    body: filterFields(filter),
    map: (r) => ({
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      value: r.resources.flatMap((res) => res.acls.map((a) => toAcl(res, a))),
    }),
  }))
}

export function createAclsRequest(acls: readonly Acl[]): VersionedRequest<AclsResult<null>[]> {
  return versionedRequest(CreateAcls, () => ({
    body: {
      creations: acls.map((a) => ({
        resourceType: ResourceTypes[a.resourceType],
        resourceName: a.resourceName,
        resourcePatternType: PatternTypes[a.patternType],
        principal: a.principal,
        host: a.host,
        operation: Operations[a.operation],
        permissionType: Permissions[a.permission],
      })),
    },
    map: (r) => r.results.map((x) => ({ errorCode: x.errorCode, errorMessage: x.errorMessage, value: null })),
  }))
}

/** One result per filter: the ACLs it deleted (each with its own error code). */
export function deleteAclsRequest(
  filters: readonly AclFilter[],
): VersionedRequest<AclsResult<AclsResult<Acl>[]>[]> {
  return versionedRequest(DeleteAcls, () => ({
    body: { filters: filters.map(filterFields) },
    map: (r) =>
      r.filterResults.map((x) => ({
        errorCode: x.errorCode,
        errorMessage: x.errorMessage,
        value: x.matchingAcls.map((m) => ({
          errorCode: m.errorCode,
          errorMessage: m.errorMessage,
          value: toAcl(m, m),
        })),
      })),
  }))
}
