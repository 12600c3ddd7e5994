import {
  type Acl,
  type AclFilter,
  grantCommand,
  type Operation,
  operationName,
  type ResourceType,
} from './acl.js'
import { KtkError } from './errors.js'

/** What the authorizer refused: an operation on a resource, for a principal when ktk knows it. */
export interface Refusal {
  operation: Operation
  resourceType: ResourceType
  /** Ignored for the cluster resource. */
  resourceName: string
  /** `User:alice`, when ktk knows who it connected as. */
  principal?: string
}

/**
 * The refusal behind an error, kept beside it (an error carries only text): whatever wraps the error
 * later (withHint keeps it as the cause) still leads back to it.
 */
const refusals = new WeakMap<Error, Refusal>()

export function markRefusal<E extends Error>(error: E, refusal: Refusal): E {
  refusals.set(error, refusal)
  return error
}

export function refusalOf(error: unknown): Refusal | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    const found = refusals.get(e)
    if (found) return found
  }
  return undefined
}

/**
 * The ACLs that could be the ones refusing: DENY entries for the resource (literal, prefixed or the
 * wildcard: the broker's MATCH filter), any principal (filtered below), any host.
 */
export function denyFilter(refusal: Refusal): AclFilter {
  return {
    resourceType: refusal.resourceType,
    resourceName: refusal.resourceType === 'CLUSTER' ? 'kafka-cluster' : refusal.resourceName,
    patternType: 'MATCH',
    principal: null,
    host: null,
    operation: 'ANY',
    permission: 'DENY',
  }
}

/**
 * The DENY ACLs that apply, as Kafka's authorizer decides: the principal or User:*, the operation or
 * All (a DENY is never implied by another operation, unlike an ALLOW of Read implying Describe). The
 * host is not checked: ktk does not know the address the broker sees. Without a known principal,
 * every principal's DENY is a candidate.
 */
export function matchingDenies(acls: readonly Acl[], refusal: Refusal): Acl[] {
  return acls.filter(
    (acl) =>
      acl.permission === 'DENY' &&
      acl.resourceType === refusal.resourceType &&
      (acl.operation === refusal.operation || acl.operation === 'ALL') &&
      (refusal.principal === undefined ||
        acl.principal === refusal.principal ||
        acl.principal === 'User:*') &&
      (refusal.resourceType === 'CLUSTER' ||
        acl.resourceName === '*' ||
        (acl.patternType === 'LITERAL' && acl.resourceName === refusal.resourceName) ||
        (acl.patternType === 'PREFIXED' && refusal.resourceName.startsWith(acl.resourceName))),
  )
}

const resourceFlag = (acl: Pick<Acl, 'resourceType' | 'resourceName'>) =>
  acl.resourceType === 'CLUSTER'
    ? '--cluster'
    : `--${acl.resourceType.toLowerCase().replace('_', '-')} ${acl.resourceName === '*' ? "'*'" : acl.resourceName}`

/** The ktk acls delete command that removes exactly this ACL. */
export function revokeCommand(acl: Acl): string {
  return [
    `ktk acls delete --deny-principal ${acl.principal === 'User:*' ? "'User:*'" : acl.principal}`,
    `--operation ${operationName(acl.operation)}`,
    resourceFlag(acl),
    acl.patternType === 'PREFIXED' ? '--resource-pattern-type prefixed' : '',
    acl.host === '*' ? '' : `--host ${acl.host}`,
  ]
    .filter(Boolean)
    .join(' ')
}

/** A DENY ACL in words: `DENY User:bob Describe on topic "t" (prefixed, host 10.0.0.1)`. */
export function describeDeny(acl: Acl): string {
  const resource =
    acl.resourceType === 'CLUSTER'
      ? 'the cluster'
      : `${acl.resourceType.toLowerCase().replace('_', ' ')} ${acl.resourceName === '*' ? '* (every one)' : `"${acl.resourceName}"`}`
  const notes = [acl.patternType === 'PREFIXED' ? 'prefixed' : '', acl.host === '*' ? '' : `host ${acl.host}`]
    .filter(Boolean)
    .join(', ')
  return `DENY ${acl.principal} ${operationName(acl.operation)} on ${resource}${notes ? ` (${notes})` : ''}`
}

/**
 * The hint of a refusal. An ALLOW cannot override a DENY, so "add an ALLOW" is said plainly only when
 * ktk has read the ACLs and none denies; when it could not read them, the hint says a DENY would win;
 * when a DENY applies, the hint names it (and how to remove it) instead.
 */
export function refusalHint(
  refusal: Refusal,
  known: { denies: readonly Acl[] } | 'unknown' = 'unknown',
): string {
  const grant = grantCommand(refusal.principal ?? 'User:<you>', refusal.operation, refusal)
  if (known === 'unknown') {
    return `an administrator can allow it, unless a DENY ACL matches (a DENY wins over any ALLOW): ${grant}`
  }
  const denies = known.denies
  if (denies.length === 0) return `an administrator can allow it: ${grant}`
  const first = denies[0]!
  const more =
    denies.length > 1 ? ` (and ${denies.length - 1} more DENY ACL${denies.length > 2 ? 's' : ''})` : ''
  const who =
    refusal.principal === undefined
      ? ' may apply (ktk does not know the principal this connection maps to)'
      : ' refuses it'
  return `${describeDeny(first)}${more}${who}, and no ALLOW can override a DENY; an administrator can remove it: ${revokeCommand(first)}`
}

/** The error with its refusal hint replaced by what the ACLs say (other hints kept). */
export function withRefusalHint(error: KtkError, refusal: Refusal, hint: string): KtkError {
  const generic = refusalHint(refusal)
  const hints = error.hints.includes(generic)
    ? error.hints.map((h) => (h === generic ? hint : h))
    : [hint, ...error.hints]
  return markRefusal(
    new KtkError(error.code, error.message, {
      hints,
      exit: error.exit,
      details: error.details,
      cause: error,
    }),
    refusal,
  )
}
