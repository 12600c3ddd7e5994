import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ContextStore } from '../../../src/config/context-store.js'
import {
  addContext,
  effectiveContext,
  listContexts,
  registerContexts,
  removeContexts,
  unregisterContexts,
} from '../../../src/services/contexts.js'

const store = () => new ContextStore(join(mkdtempSync(join(tmpdir(), 'ktk-reg-')), 'contexts.yaml'))

describe('registerContexts (ktk local start)', () => {
  it('says which contexts now point at another cluster, and from where', () => {
    const s = store()
    expect(registerContexts(s, { local: { 'bootstrap-servers': ['127.0.0.1:9092'] } }).repointed).toEqual([])
    // The same cluster again: nothing to say.
    expect(registerContexts(s, { local: { 'bootstrap-servers': ['127.0.0.1:9092'] } }).repointed).toEqual([])
    const second = registerContexts(s, { local: { 'bootstrap-servers': ['127.0.0.1:19092'] } })
    expect(second.repointed).toEqual([{ name: 'local', from: ['127.0.0.1:9092'], to: ['127.0.0.1:19092'] }])
    expect(s.get('local')['bootstrap-servers']).toEqual(['127.0.0.1:19092'])
  })
})

describe('addContext, listContexts, removeContexts', () => {
  const prod = {
    'bootstrap-servers': ['kafka:9093'],
    sasl: { mechanism: 'SCRAM-SHA-512' as const, username: 'app', password: { env: 'PW' } },
  }

  it('adds a context, refuses to replace it without --force (exit 5), and lists secrets by their source', () => {
    const s = store()
    expect(addContext(s, 'prod', prod, { force: false, use: true })).toMatchObject({
      replaced: false,
      current: true,
    })
    expect(() => addContext(s, 'prod', prod, { force: false, use: false })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', exit: 5, message: 'context prod already exists' }),
    )
    expect(addContext(s, 'prod', prod, { force: true, use: false })).toMatchObject({
      replaced: true,
      current: true,
    })
    const list = listContexts(s, {})
    expect(list.current).toBe('prod')
    expect(list.contexts[0]).toMatchObject({
      name: 'prod',
      current: true,
      bootstrapServers: ['kafka:9093'],
      securityProtocol: 'SASL_SSL', // SASL without a protocol implies TLS
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: 'env:PW', tokenCommand: null },
      storesSecret: false,
    })
  })

  it('KTK_CONTEXT names the context in effect before the file’s current one', () => {
    const s = store()
    addContext(s, 'a', prod, { force: false, use: true })
    addContext(s, 'b', prod, { force: false, use: false })
    expect(effectiveContext(s, { KTK_CONTEXT: 'b' })).toEqual({ name: 'b', source: 'environment' })
    expect(effectiveContext(s, {})).toEqual({ name: 'a', source: 'file' })
    expect(listContexts(s, { KTK_CONTEXT: 'b' }).contexts.map((c) => [c.name, c.current])).toEqual([
      ['a', false],
      ['b', true],
    ])
  })

  it('removes nothing when one name does not exist (exit 4); removing the current one unsets it', () => {
    const s = store()
    addContext(s, 'a', prod, { force: false, use: true })
    addContext(s, 'b', prod, { force: false, use: false })
    expect(() => removeContexts(s, ['b', 'nope'])).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', exit: 4, message: 'there is no context "nope"' }),
    )
    expect(s.names()).toEqual(['a', 'b'])
    expect(removeContexts(s, ['a'])).toEqual({ removed: ['a'], current: null, unsetCurrent: true })
  })
})

describe('unregisterContexts (ktk local stop --delete-data)', () => {
  it('removes only the contexts still exactly as registered', () => {
    const s = store()
    const local = { 'bootstrap-servers': ['127.0.0.1:9092'] }
    const admin = { 'bootstrap-servers': ['127.0.0.1:9094'] }
    registerContexts(s, { local, admin })
    addContext(s, 'admin', { ...admin, 'client-id': 'edited' }, { force: true, use: false })
    expect(unregisterContexts(s, { local, admin })).toEqual(['local'])
    expect(s.names()).toEqual(['admin'])
  })
})
