import type { Acl, AclFilter } from '../core/acl.js'
import { KtkError } from '../core/errors.js'
import { kafkaErrorType } from './error-codes.js'
import { authorizationError, principalName } from './error-mapping.js'
import { createAclsRequest, deleteAclsRequest, describeAclsRequest } from './protocol/acls-requests.js'
import type { KafkaSession } from './session.js'

/** ACLs through ktk's own DescribeAcls/CreateAcls/DeleteAcls requests (the broker forwards to the controller). */
export async function describeAcls(session: KafkaSession, filter: AclFilter): Promise<Acl[]> {
  const result = await session.send(describeAclsRequest(filter))
  if (result.errorCode !== 0) throw aclError(session, result.errorCode, result.errorMessage, 'DESCRIBE')
  return result.value
}

export async function createAcls(session: KafkaSession, acls: readonly Acl[]): Promise<void> {
  if (acls.length === 0) return
  const results = await session.send(createAclsRequest(acls))
  const failed = results.find((r) => r.errorCode !== 0)
  if (failed) throw aclError(session, failed.errorCode, failed.errorMessage, 'ALTER')
}

/** Deletes every ACL matching any filter; returns the ACLs deleted. */
export async function deleteAcls(session: KafkaSession, filters: readonly AclFilter[]): Promise<Acl[]> {
  if (filters.length === 0) return []
  const results = await session.send(deleteAclsRequest(filters))
  const deleted: Acl[] = []
  for (const result of results) {
    if (result.errorCode !== 0) throw aclError(session, result.errorCode, result.errorMessage, 'ALTER')
    for (const acl of result.value) {
      if (acl.errorCode !== 0) throw aclError(session, acl.errorCode, acl.errorMessage, 'ALTER')
      deleted.push(acl.value)
    }
  }
  return deleted
}

function aclError(
  session: KafkaSession,
  code: number,
  brokerSays: string | null,
  operation: 'DESCRIBE' | 'ALTER',
): KtkError {
  const type = kafkaErrorType(code)
  if (type === 'CLUSTER_AUTHORIZATION_FAILED') {
    return authorizationError({
      operation,
      resourceType: 'CLUSTER',
      resourceName: 'kafka-cluster',
      principal: principalName(session.settings),
    })
  }
  if (type === 'SECURITY_DISABLED') {
    return new KtkError('CONFLICT', 'the cluster has no authorizer, so it keeps no ACLs', {
      hints: ['ACLs need authorizer.class.name on the brokers (StandardAuthorizer in KRaft mode)'],
    })
  }
  const said = brokerSays?.trim()
  return new KtkError(type === 'INVALID_REQUEST' ? 'USAGE' : 'UNEXPECTED', `${said || type}`, {})
}
