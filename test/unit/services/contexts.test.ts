import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ContextStore } from '../../../src/config/context-store.js'
import { registerContexts } from '../../../src/services/contexts.js'

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
