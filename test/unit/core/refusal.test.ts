import { describe, expect, it, vi } from 'vitest'
import type { Acl } from '../../../src/core/acl.js'
import { KtkError, withHint } from '../../../src/core/errors.js'
import {
  denyFilter,
  matchingDenies,
  type Refusal,
  refusalHint,
  refusalOf,
  revokeCommand,
} from '../../../src/core/refusal.js'
import { authorizationError } from '../../../src/kafka/error-mapping.js'
import { explainRefusal } from '../../../src/services/refusal.js'

const refusal: Refusal = {
  operation: 'READ',
  resourceType: 'TOPIC',
  resourceName: 'orders',
  principal: 'User:bob',
}
const acl = (over: Partial<Acl>): Acl => ({
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  principal: 'User:bob',
  host: '*',
  operation: 'READ',
  permission: 'DENY',
  ...over,
})
const GRANT = 'ktk acls create --allow-principal User:bob --operation Read --topic orders'

describe('matchingDenies: the DENY ACLs Kafka would apply', () => {
  it.each<[string, Partial<Acl>, boolean]>([
    ['literal, same principal and operation', {}, true],
    ['every user (User:*)', { principal: 'User:*' }, true],
    ['operation All', { operation: 'ALL' }, true],
    ['prefixed on a prefix of the name', { patternType: 'PREFIXED', resourceName: 'ord' }, true],
    ['the wildcard resource', { resourceName: '*' }, true],
    ['another principal', { principal: 'User:alice' }, false],
    ['another operation (a DENY is never implied)', { operation: 'WRITE' }, false],
    ['Describe, which Read would imply for an ALLOW', { operation: 'DESCRIBE' }, false],
    ['an ALLOW', { permission: 'ALLOW' }, false],
    ['another topic', { resourceName: 'payments' }, false],
    ['a prefixed pattern that is not a prefix', { patternType: 'PREFIXED', resourceName: 'orders.x' }, false],
    ['a group of the same name', { resourceType: 'GROUP' }, false],
  ])('%s: %s', (_, over, applies) => {
    expect(matchingDenies([acl(over)], refusal)).toHaveLength(applies ? 1 : 0)
  })

  it('without a known principal, every principal is a candidate', () => {
    const unknown = { ...refusal, principal: undefined }
    expect(matchingDenies([acl({ principal: 'User:alice' })], unknown)).toHaveLength(1)
  })

  it('asks the broker for the DENY ACLs that match the resource, any principal', () => {
    expect(denyFilter(refusal)).toEqual({
      resourceType: 'TOPIC',
      resourceName: 'orders',
      patternType: 'MATCH',
      principal: null,
      host: null,
      operation: 'ANY',
      permission: 'DENY',
    })
  })
})

describe('refusalHint', () => {
  it('without reading the ACLs: an ALLOW is needed unless a DENY matches, which wins', () => {
    expect(refusalHint(refusal)).toBe(
      `an administrator can allow it, unless a DENY ACL matches (a DENY wins over any ALLOW): ${GRANT}`,
    )
  })

  it('ACLs read and no DENY applies: add an ALLOW', () => {
    expect(refusalHint(refusal, { denies: [] })).toBe(`an administrator can allow it: ${GRANT}`)
  })

  it('a DENY applies: it is named, with the command that removes it, and no ALLOW is suggested', () => {
    const hint = refusalHint(refusal, { denies: [acl({ patternType: 'PREFIXED', resourceName: 'ord' })] })
    expect(hint).toBe(
      'DENY User:bob Read on topic "ord" (prefixed) refuses it, and no ALLOW can override a DENY; an administrator can remove it: ktk acls delete --deny-principal User:bob --operation Read --topic ord --resource-pattern-type prefixed',
    )
    expect(hint).not.toContain('--allow-principal')
  })

  it('the wildcard and User:* are quoted for the shell', () => {
    expect(revokeCommand(acl({ principal: 'User:*', resourceName: '*', host: '10.0.0.1' }))).toBe(
      "ktk acls delete --deny-principal 'User:*' --operation Read --topic '*' --host 10.0.0.1",
    )
  })
})

describe('explainRefusal', () => {
  const refused = () => withHint(authorizationError(refusal), 'resetting offsets needs READ on the topic')

  it('the refusal travels with the error, also when wrapped', () => {
    expect(refusalOf(refused())).toEqual(refusal)
    expect(refusalOf(new KtkError('AUTHORIZATION_FAILED', 'x'))).toBeUndefined()
  })

  it('a matching DENY replaces the ALLOW hint; other hints, code and exit stay', async () => {
    const gateway = { describeAcls: vi.fn(async () => [acl({}), acl({ principal: 'User:alice' })]) }
    const error = await explainRefusal(gateway, refused(), 1000)
    expect(gateway.describeAcls).toHaveBeenCalledWith(denyFilter(refusal))
    expect(error.exit).toBe(6)
    expect(error.message).toBe('User:bob is not authorized to READ topic "orders"')
    expect(error.hints[0]).toMatch(/^DENY User:bob Read on topic "orders" refuses it/)
    expect(error.hints[1]).toBe('resetting offsets needs READ on the topic')
    expect(error.hints.join(' ')).not.toContain('--allow-principal')
  })

  it('no DENY: a plain "allow it"', async () => {
    const error = await explainRefusal({ describeAcls: async () => [] }, refused(), 1000)
    expect(error.hints[0]).toBe(`an administrator can allow it: ${GRANT}`)
  })

  it('the ACLs cannot be read (refused too) or do not answer: the hint keeps saying a DENY would win', async () => {
    const denied = async () => {
      throw authorizationError({
        operation: 'DESCRIBE',
        resourceType: 'CLUSTER',
        resourceName: 'kafka-cluster',
      })
    }
    for (const describeAcls of [denied, () => new Promise<Acl[]>(() => {})]) {
      const error = await explainRefusal({ describeAcls }, refused(), 20)
      expect(error.hints[0]).toBe(refusalHint(refusal))
    }
  })
})
