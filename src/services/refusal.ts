import type { KtkError } from '../core/errors.js'
import { denyFilter, matchingDenies, refusalHint, refusalOf, withRefusalHint } from '../core/refusal.js'
import type { AclGateway } from '../kafka/index.js'

/**
 * A refusal by the authorizer, with a hint that can be trusted: ktk asks the broker for the DENY ACLs
 * on the resource (DescribeAcls, which needs Describe on the cluster). One that applies is named
 * (an ALLOW could not override it); none is an honest "an administrator can allow it". When the ACLs
 * cannot be read (refused too, often, for the same principal) or do not answer within `waitMs`, the
 * error keeps its hint, which says that a DENY would win. Any other error passes unchanged.
 */
export async function explainRefusal(
  gateway: Pick<AclGateway, 'describeAcls'>,
  error: KtkError,
  waitMs: number,
): Promise<KtkError> {
  const refusal = refusalOf(error)
  if (!refusal || error.code !== 'AUTHORIZATION_FAILED') return error
  let timer: NodeJS.Timeout | undefined
  const gaveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), waitMs)
  })
  try {
    const acls = await Promise.race([gateway.describeAcls(denyFilter(refusal)), gaveUp])
    if (!acls) return error
    return withRefusalHint(error, refusal, refusalHint(refusal, { denies: matchingDenies(acls, refusal) }))
  } catch {
    return error // the ACLs cannot be read: the hint already says a DENY would win
  } finally {
    clearTimeout(timer)
  }
}
