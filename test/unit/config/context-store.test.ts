import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ContextStore, writePrivateFile } from '../../../src/config/context-store.js'
import { KtkError } from '../../../src/core/errors.js'

const fresh = () => join(mkdtempSync(join(tmpdir(), 'ktk-ctx-')), 'config', 'contexts.yaml')
const mode = (path: string) => statSync(path).mode & 0o777

describe('ContextStore', () => {
  it('creates the file with mode 0600 (and its folder 0700), whatever the umask', () => {
    const path = fresh()
    const old = process.umask(0o000)
    try {
      new ContextStore(path).set('dev', { 'bootstrap-servers': ['localhost:9092'] })
    } finally {
      process.umask(old)
    }
    expect(mode(path)).toBe(0o600)
    expect(mode(join(path, '..'))).toBe(0o700)
  })

  it('rewrites a file someone made world-readable back to 0600', () => {
    const path = fresh()
    new ContextStore(path).set('a', { 'bootstrap-servers': ['a:1'] })
    writeFileSync(path, readFileSync(path), { mode: 0o644 })
    chmodSync(path, 0o644)
    new ContextStore(path).set('b', { 'bootstrap-servers': ['b:1'] })
    expect(mode(path)).toBe(0o600)
  })

  it('writes atomically: no temporary file is left beside it', () => {
    const path = fresh()
    const store = new ContextStore(path)
    store.set('a', { 'bootstrap-servers': ['a:1'] })
    store.set('b', { 'bootstrap-servers': ['b:1'] })
    expect(readdirSync(join(path, '..'))).toEqual(['contexts.yaml'])
  })

  it("keeps a person's comments and other contexts when it changes one", () => {
    const path = fresh()
    new ContextStore(path).set('keep', { 'bootstrap-servers': ['keep:1'] })
    const text = readFileSync(path, 'utf8').replace('  keep:\n', '  # the cluster under my desk\n  keep:\n')
    writeFileSync(path, text)
    const store = new ContextStore(path)
    store.set('added', { 'bootstrap-servers': ['added:1'], environment: 'dev' })
    store.setCurrent('added')
    const after = readFileSync(path, 'utf8')
    expect(after).toContain('# the cluster under my desk')
    expect(new ContextStore(path).names()).toEqual(['added', 'keep'])
    expect(new ContextStore(path).current).toBe('added')
  })

  it('removing the current context leaves none current', () => {
    const path = fresh()
    const store = new ContextStore(path)
    store.set('a', { 'bootstrap-servers': ['a:1'] })
    store.setCurrent('a')
    store.remove('a')
    const reread = new ContextStore(path)
    expect(reread.names()).toEqual([])
    expect(reread.current).toBeUndefined()
  })

  it('a missing file is an empty set of contexts; an unknown name is exit 4 with a suggestion', () => {
    const store = new ContextStore(fresh())
    expect(store.names()).toEqual([])
    store.set('production', { 'bootstrap-servers': ['p:1'] })
    const error = (() => {
      try {
        store.get('prodution')
      } catch (e) {
        return e as KtkError
      }
    })()!
    expect(error.exit).toBe(4)
    expect(error.hints.join(' ')).toContain('production')
  })

  it.each([
    ['an unknown key', 'contexts:\n  a:\n    bootstrap-servers: [a:1]\n    colour: blue\n', ':4:5', 'colour'],
    [
      'a bad protocol',
      'contexts:\n  a:\n    bootstrap-servers: [a:1]\n    security-protocol: TLS\n',
      ':4:24',
      'security-protocol',
    ],
    ['a bad address', 'contexts:\n  a:\n    bootstrap-servers: [nohost]\n', ':3:24', 'host:port'],
    [
      'SASL without credentials',
      'contexts:\n  a:\n    bootstrap-servers: [a:1]\n    sasl: {mechanism: PLAIN}\n',
      ':4:11',
      'username',
    ],
    [
      'a secret in a wrong shape',
      'contexts:\n  a:\n    bootstrap-servers: [a:1]\n    sasl: {mechanism: PLAIN, username: u, password: hunter2}\n',
      ':4:',
      'sasl.password',
    ],
  ])('an invalid file (%s) is exit 2 naming the file and line', (_, text, where, what) => {
    const path = fresh()
    writePrivateFile(path, text)
    const error = (() => {
      try {
        new ContextStore(path).read()
      } catch (e) {
        return e as KtkError
      }
    })()!
    expect(error).toBeInstanceOf(KtkError)
    expect(error.exit).toBe(2)
    expect(error.message).toContain(`${path}${where}`)
    expect(error.message).toContain(what)
    expect(error.message).not.toContain('hunter2')
  })
})
