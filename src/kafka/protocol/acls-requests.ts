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
import { ApiKey } from './api-keys.js'
import type { RawRequest, Reader, Writer } from './codec.js'

/**
 * DescribeAcls, CreateAcls and DeleteAcls v3 (flexible; v1-v3 on Kafka 4.x, v0-v3 on 3.x): ktk's own
 * requests, so that the broker's error messages and every field of each binding come back as sent.
 */
const VERSION = 3

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

function writeFilter(w: Writer, f: AclFilter): void {
  w.int8(ResourceTypes[f.resourceType])
    .compactString(f.resourceName)
    .int8(PatternTypes[f.patternType])
    .compactString(f.principal)
    .compactString(f.host)
    .int8(Operations[f.operation])
    .int8(Permissions[f.permission])
}

function readEntry(r: Reader, resource: Pick<Acl, 'resourceType' | 'resourceName' | 'patternType'>): Acl {
  const principal = r.compactString() ?? ''
  const host = r.compactString() ?? ''
  const operation = OPERATION[r.int8()] as Acl['operation']
  const permission = PERMISSION[r.int8()] as Permission
  r.tags()
  return { ...resource, principal, host, operation, permission }
}

export function describeAclsRequest(filter: AclFilter): RawRequest<AclsResult<Acl[]>> {
  return {
    apiKey: ApiKey.DescribeAcls,
    apiVersion: VERSION,
    apiName: 'DescribeAcls',
    flexible: true,
    body: (w) => {
      writeFilter(w, filter)
      w.tags()
    },
    decode: (r) => {
      r.int32()
      const errorCode = r.int16()
      const errorMessage = r.compactString()
      const acls = r
        .compactArray((x) => {
          const resourceType = RESOURCE[x.int8()] as Acl['resourceType']
          const resourceName = x.compactString() ?? ''
          const patternType = PATTERN[x.int8()] as PatternType
          const entries = x.compactArray((y) => readEntry(y, { resourceType, resourceName, patternType }))
          x.tags()
          return entries
        })
        .flat()
      r.tags()
      return { errorCode, errorMessage, value: acls }
    },
  }
}

export function createAclsRequest(acls: readonly Acl[]): RawRequest<AclsResult<null>[]> {
  return {
    apiKey: ApiKey.CreateAcls,
    apiVersion: VERSION,
    apiName: 'CreateAcls',
    flexible: true,
    body: (w) =>
      w
        .compactArray(acls, (x, a) => {
          // An ACL is written as a filter whose every field is a specific value.
          writeFilter(x, a)
          x.tags()
        })
        .tags(),
    decode: (r) => {
      r.int32()
      const results = r.compactArray((x) => {
        const result = { errorCode: x.int16(), errorMessage: x.compactString(), value: null }
        x.tags()
        return result
      })
      r.tags()
      return results
    },
  }
}

/** One result per filter: the ACLs it deleted (each with its own error code). */
export function deleteAclsRequest(
  filters: readonly AclFilter[],
): RawRequest<AclsResult<AclsResult<Acl>[]>[]> {
  return {
    apiKey: ApiKey.DeleteAcls,
    apiVersion: VERSION,
    apiName: 'DeleteAcls',
    flexible: true,
    body: (w) =>
      w
        .compactArray(filters, (x, f) => {
          writeFilter(x, f)
          x.tags()
        })
        .tags(),
    decode: (r) => {
      r.int32()
      const results = r.compactArray((x) => {
        const errorCode = x.int16()
        const errorMessage = x.compactString()
        const matching = x.compactArray((y) => {
          const aclError = y.int16()
          const aclMessage = y.compactString()
          const resourceType = RESOURCE[y.int8()] as Acl['resourceType']
          const resourceName = y.compactString() ?? ''
          const patternType = PATTERN[y.int8()] as PatternType
          const acl = readEntry(y, { resourceType, resourceName, patternType })
          return { errorCode: aclError, errorMessage: aclMessage, value: acl }
        })
        x.tags()
        return { errorCode, errorMessage, value: matching }
      })
      r.tags()
      return results
    },
  }
}
