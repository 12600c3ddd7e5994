import { describe, expect, it } from 'vitest'
import type { Acl } from '../../../src/core/acl.js'
import { KtkError } from '../../../src/core/errors.js'
import {
  type AclSelection,
  type CreateAclsOptions,
  createAcls,
  deleteAcls,
  listAcls,
  planAclDeletion,
  plannedAcls,
} from '../../../src/services/acls.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'

const acl = (over: Partial<Acl>): Acl => ({
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  principal: 'User:alice',
  host: '*',
  operation: 'READ',
  permission: 'ALLOW',
  ...over,
})

function cluster() {
  const gateway = new FakeGateway()
  gateway.acls.push(
    acl({}),
    acl({ principal: 'User:bob', operation: 'WRITE' }),
    acl({ resourceType: 'GROUP', resourceName: 'billing' }),
    acl({ resourceName: 'payments', permission: 'DENY', principal: 'User:bob' }),
  )
  return gateway
}

const selection = (over: Partial<AclSelection> = {}): AclSelection => ({
  resources: [],
  patternType: 'ANY',
  principals: [],
  operations: [],
  hosts: [],
  ...over,
})

const create = (over: Partial<CreateAclsOptions>): CreateAclsOptions => ({
  resources: [{ resourceType: 'TOPIC', resourceName: 'orders' }],
  patternType: 'LITERAL',
  allowPrincipals: ['User:carol'],
  denyPrincipals: [],
  allowHosts: [],
  denyHosts: [],
  operations: [],
  producer: false,
  consumer: false,
  idempotent: false,
  dryRun: false,
  ...over,
})

describe('listAcls', () => {
  it('every ACL without a resource; narrowed by principal and operation on ktk’s side', async () => {
    const gateway = cluster()
    expect((await listAcls(gateway, selection())).acls).toHaveLength(4)
    const bob = await listAcls(
      gateway,
      selection({ principals: [{ principal: 'User:bob', permission: 'ALLOW' }] }),
    )
    expect(bob.acls).toEqual([acl({ principal: 'User:bob', operation: 'WRITE' })])
    const reads = await listAcls(
      gateway,
      selection({ resources: [{ resourceType: 'TOPIC', resourceName: 'orders' }], operations: ['READ'] }),
    )
    expect(reads.acls).toEqual([acl({})])
  })

  it('one request per resource, an ACL found twice listed once', async () => {
    const gateway = cluster()
    const twice = { resourceType: 'TOPIC' as const, resourceName: 'orders' }
    const result = await listAcls(gateway, selection({ resources: [twice, twice] }))
    expect(gateway.callsOf('describeAcls')).toHaveLength(2)
    expect(result.acls).toHaveLength(2)
  })

  it('a refused DescribeAcls fails the call', async () => {
    const gateway = cluster()
    gateway.failNext(
      'describeAcls',
      new KtkError('AUTHORIZATION_FAILED', 'not authorized to DESCRIBE the cluster'),
    )
    expect(await rejected(listAcls(gateway, selection()))).toMatchObject({ exit: 6 })
  })
})

describe('createAcls', () => {
  it('--producer: WRITE, DESCRIBE, CREATE on the topic, and IDEMPOTENT_WRITE on the cluster when idempotent', async () => {
    const planned = plannedAcls(create({ producer: true, idempotent: true }))
    expect(planned.map((a) => [a.resourceType, a.operation])).toEqual(
      expect.arrayContaining([
        ['TOPIC', 'WRITE'],
        ['TOPIC', 'DESCRIBE'],
        ['TOPIC', 'CREATE'],
        ['CLUSTER', 'IDEMPOTENT_WRITE'],
      ]),
    )
  })

  it('--consumer needs a topic and a group; roles choose the operations', () => {
    expect(() => plannedAcls(create({ consumer: true }))).toThrow('--consumer needs a --topic and a --group')
    expect(() => plannedAcls(create({ producer: true, operations: ['READ'] }))).toThrow(KtkError)
  })

  it('creates the planned ACLs, or nothing on a dry run', async () => {
    const gateway = new FakeGateway()
    const dry = await createAcls(gateway, create({ operations: ['READ'], dryRun: true }))
    expect(dry.created).toEqual([acl({ principal: 'User:carol' })])
    expect(gateway.acls).toEqual([])
    await createAcls(gateway, create({ operations: ['READ'] }))
    expect(gateway.acls).toEqual([acl({ principal: 'User:carol' })])
  })
})

describe('planAclDeletion and deleteAcls', () => {
  it('needs a resource or a principal', async () => {
    expect(await rejected(planAclDeletion(cluster(), selection()))).toMatchObject({ code: 'USAGE' })
  })

  it('deletes exactly the planned ACLs, not one added meanwhile', async () => {
    const gateway = cluster()
    const plan = await planAclDeletion(
      gateway,
      selection({ principals: [{ principal: 'User:bob', permission: 'ANY' }] }),
    )
    expect(plan).toHaveLength(2)
    gateway.acls.push(acl({ principal: 'User:bob', operation: 'DESCRIBE' }))
    const { deleted } = await deleteAcls(gateway, plan)
    expect(deleted).toHaveLength(2)
    expect(gateway.acls.filter((a) => a.principal === 'User:bob')).toEqual([
      acl({ principal: 'User:bob', operation: 'DESCRIBE' }),
    ])
  })
})
