import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { markRefusal, type Refusal, refusalHint } from '../../../src/core/refusal.js'
import { explainRefusal } from '../../../src/services/refusal.js'
import { FakeGateway } from '../../helpers/fake-gateway.js'

const refusal: Refusal = {
  operation: 'WRITE',
  resourceType: 'TOPIC',
  resourceName: 'orders',
  principal: 'User:bob',
}
/** A refusal as the gateway reports it: the generic hint says that a DENY would win. */
const refused = () =>
  markRefusal(
    new KtkError('AUTHORIZATION_FAILED', 'not authorized to WRITE topic "orders"', {
      hints: [refusalHint(refusal), 'other hint'],
    }),
    refusal,
  )

describe('explainRefusal', () => {
  it('names the DENY ACL that applies, with the command that removes it', async () => {
    const gateway = new FakeGateway()
    gateway.acls.push({
      resourceType: 'TOPIC',
      resourceName: 'ord',
      patternType: 'PREFIXED',
      principal: 'User:bob',
      host: '*',
      operation: 'WRITE',
      permission: 'DENY',
    })
    const error = await explainRefusal(gateway, refused(), 1000)
    expect(error.hints).toHaveLength(2)
    expect(error.hints[0]).toMatch(/refuses it, and no ALLOW can override a DENY/)
    expect(error.hints[0]).toContain(
      'ktk acls delete --deny-principal User:bob --operation Write --topic ord --resource-pattern-type prefixed',
    )
    expect(error.hints[1]).toBe('other hint')
  })

  it('no DENY applies: an administrator can allow it', async () => {
    const error = await explainRefusal(new FakeGateway(), refused(), 1000)
    expect(error.hints[0]).toBe(`an administrator can allow it: ${refusalHint(refusal).split(': ').at(-1)}`)
    expect(error).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
  })

  it('ACLs that cannot be read keep the error as it was; other errors pass unchanged', async () => {
    const gateway = new FakeGateway().failNext('describeAcls', new KtkError('AUTHORIZATION_FAILED', 'no'))
    const error = refused()
    expect(await explainRefusal(gateway, error, 1000)).toBe(error)
    const other = new KtkError('TIMEOUT', 'slow')
    expect(await explainRefusal(new FakeGateway(), other, 1000)).toBe(other)
  })

  it('ACLs that do not answer in time keep the error as it was', async () => {
    const gateway = new FakeGateway()
    gateway.describeAcls = () => new Promise(() => {})
    const error = refused()
    expect(await explainRefusal(gateway, error, 1)).toBe(error)
  })
})
