import { describe, expect, it } from 'vitest'
import {
  aclsToCreate,
  grantCommand,
  operationName,
  parseOperation,
  parsePatternType,
  parsePrincipal,
  sortAcls,
} from '../../../src/core/acl.js'
import { KtkError } from '../../../src/core/errors.js'

describe('parseOperation (kafka-acls spelling and more)', () => {
  it.each([
    ['Read', 'READ'],
    ['READ', 'READ'],
    ['read', 'READ'],
    ['DescribeConfigs', 'DESCRIBE_CONFIGS'],
    ['describe-configs', 'DESCRIBE_CONFIGS'],
    ['IdempotentWrite', 'IDEMPOTENT_WRITE'],
    ['All', 'ALL'],
    ['ClusterAction', 'CLUSTER_ACTION'],
  ])('%s → %s', (text, op) => {
    expect(parseOperation(text)).toBe(op)
  })
  it.each(['Any', 'Reed', ''])('refuses %j listing the operations', (text) => {
    expect(() => parseOperation(text)).toThrow(KtkError)
  })
  it('names operations as kafka-acls prints them', () => {
    expect(operationName('DESCRIBE_CONFIGS')).toBe('DescribeConfigs')
  })
})

describe('parsePrincipal and parsePatternType', () => {
  it('principals are Type:name', () => {
    expect(parsePrincipal(' User:alice ')).toBe('User:alice')
    expect(parsePrincipal('User:*')).toBe('User:*')
    expect(() => parsePrincipal('alice')).toThrow(KtkError)
    expect(() => parsePrincipal('User:')).toThrow(KtkError)
  })
  it('any and match only filter', () => {
    expect(parsePatternType('prefixed', false)).toBe('PREFIXED')
    expect(parsePatternType('match', true)).toBe('MATCH')
    expect(() => parsePatternType('match', false)).toThrow(KtkError)
  })
})

describe('aclsToCreate (kafka-acls --add)', () => {
  const base = {
    resources: [{ resourceType: 'TOPIC' as const, resourceName: 'orders' }],
    patternType: 'LITERAL' as const,
    allowPrincipals: [] as string[],
    denyPrincipals: [] as string[],
    allowHosts: [] as string[],
    denyHosts: [] as string[],
    operations: [] as never[],
  }

  it('every principal × operation × host; the host defaults to *; the operation to All', () => {
    const acls = aclsToCreate({
      ...base,
      allowPrincipals: ['User:alice', 'User:bob'],
      operations: ['READ', 'DESCRIBE'],
    })
    expect(acls).toHaveLength(4)
    expect(acls.every((a) => a.host === '*' && a.permission === 'ALLOW')).toBe(true)
    const all = aclsToCreate({ ...base, denyPrincipals: ['User:eve'], denyHosts: ['10.0.0.9'] })
    expect(all).toEqual([
      {
        resourceType: 'TOPIC',
        resourceName: 'orders',
        patternType: 'LITERAL',
        principal: 'User:eve',
        host: '10.0.0.9',
        operation: 'ALL',
        permission: 'DENY',
      },
    ])
  })

  it('refuses an operation the resource type does not support, as AclCommand does', () => {
    const error = (() => {
      try {
        aclsToCreate({
          ...base,
          resources: [{ resourceType: 'GROUP', resourceName: 'g' }],
          allowPrincipals: ['User:a'],
          operations: ['WRITE'],
        })
      } catch (e) {
        return e as KtkError
      }
    })()!
    expect(error.exit).toBe(2)
    expect(error.message).toContain('Write')
    expect(error.hints[0]).toContain('Read')
  })

  it('needs a resource and a principal', () => {
    expect(() => aclsToCreate({ ...base, allowPrincipals: [] })).toThrow(/principal/)
    expect(() => aclsToCreate({ ...base, resources: [], allowPrincipals: ['User:a'] })).toThrow(/resource/)
  })
})

describe('grantCommand and sortAcls', () => {
  it('prints the ktk acls command that would allow an operation', () => {
    expect(grantCommand('User:alice', 'CREATE', { resourceType: 'TOPIC', resourceName: 'orders' })).toBe(
      'ktk acls create --allow-principal User:alice --operation Create --topic orders',
    )
    expect(
      grantCommand('User:a', 'ALTER', { resourceType: 'CLUSTER', resourceName: 'kafka-cluster' }),
    ).toContain('--cluster')
    expect(
      grantCommand('User:a', 'WRITE', { resourceType: 'TRANSACTIONAL_ID', resourceName: 'tx' }),
    ).toContain('--transactional-id tx')
  })

  it('sorts by resource, then principal', () => {
    const acl = (resourceName: string, principal: string) =>
      ({
        resourceType: 'TOPIC',
        resourceName,
        patternType: 'LITERAL',
        principal,
        host: '*',
        operation: 'READ',
        permission: 'ALLOW',
      }) as const
    expect(
      sortAcls([acl('b', 'User:a'), acl('a', 'User:z'), acl('a', 'User:b')]).map(
        (a) => `${a.resourceName}/${a.principal}`,
      ),
    ).toEqual(['a/User:b', 'a/User:z', 'b/User:a'])
  })
})
