import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ContextStore } from '../../../src/config/context-store.js'
import { withFileLock } from '../../../src/config/file-lock.js'
import { thrown } from '../../helpers/thrown.js'

const folder = () => mkdtempSync(join(tmpdir(), 'ktk-lock-'))
const holder = (pid: number, host = hostname()) => JSON.stringify({ pid, host })
/** The pid of a process that has exited (and so cannot hold a lock). */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!

describe('withFileLock', () => {
  it('holds the lock while the work runs and removes it afterwards, also when the work throws', () => {
    const lock = join(folder(), 'f.lock')
    const seen = withFileLock(lock, { what: 'f' }, () => JSON.parse(readFileSync(lock, 'utf8')))
    expect(seen).toEqual({ pid: process.pid, host: hostname() })
    expect(existsSync(lock)).toBe(false)
    expect(() =>
      withFileLock(lock, { what: 'f' }, () => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(existsSync(lock)).toBe(false)
  })

  it('a lock held by a live process is waited for, then exit 5 naming the holder; the work never runs', () => {
    const lock = join(folder(), 'f.lock')
    writeFileSync(lock, holder(process.pid))
    let ran = false
    const error = thrown(() =>
      withFileLock(lock, { what: 'the file f', waitMs: 50 }, () => {
        ran = true
      }),
    )
    expect(error.exit).toBe(5)
    expect(error.message).toBe(`the file f is locked by process ${process.pid}; gave up after 0 s`)
    expect(error.hints.join(' ')).toContain(`rm ${lock}`)
    expect(ran).toBe(false)
    expect(readFileSync(lock, 'utf8')).toBe(holder(process.pid)) // another's lock is left alone
  })

  it('a lock left by a process that died is broken', () => {
    const lock = join(folder(), 'f.lock')
    writeFileSync(lock, holder(deadPid()))
    expect(withFileLock(lock, { what: 'f', waitMs: 50 }, () => 'ran')).toBe('ran')
    expect(existsSync(lock)).toBe(false)
  })

  it("another host's lock, or one without a holder, is stale only by its age", () => {
    for (const content of [holder(deadPid(), 'elsewhere.example'), '']) {
      const lock = join(folder(), 'f.lock')
      writeFileSync(lock, content)
      expect(thrown(() => withFileLock(lock, { what: 'f', waitMs: 30 }, () => 'ran')).exit).toBe(5)
      const old = new Date(Date.now() - 60_000)
      utimesSync(lock, old, old)
      expect(withFileLock(lock, { what: 'f', waitMs: 30 }, () => 'ran')).toBe('ran')
    }
  })
})

describe('ContextStore under its lock', () => {
  it('re-reads the file under the lock: a context another process added meanwhile is kept', () => {
    const path = join(folder(), 'contexts.yaml')
    const mine = new ContextStore(path)
    expect(mine.names()).toEqual([]) // read before the other write
    new ContextStore(path).set('theirs', { 'bootstrap-servers': ['t:1'] })
    mine.set('mine', { 'bootstrap-servers': ['m:1'] })
    expect(new ContextStore(path).names()).toEqual(['mine', 'theirs'])
  })

  it('a transaction that fails writes nothing', () => {
    const path = join(folder(), 'contexts.yaml')
    new ContextStore(path).set('a', { 'bootstrap-servers': ['a:1'] })
    const before = readFileSync(path, 'utf8')
    const store = new ContextStore(path)
    expect(() =>
      store.transaction(() => {
        store.set('b', { 'bootstrap-servers': ['b:1'] })
        throw new Error('refused')
      }),
    ).toThrow('refused')
    expect(readFileSync(path, 'utf8')).toBe(before)
    expect(store.names()).toEqual(['a'])
  })

  it('a change while another process holds the lock fails with exit 5 and changes nothing', () => {
    const path = join(folder(), 'contexts.yaml')
    new ContextStore(path).set('a', { 'bootstrap-servers': ['a:1'] })
    const before = readFileSync(path, 'utf8')
    writeFileSync(`${path}.lock`, holder(process.pid))
    const error = thrown(() =>
      new ContextStore(path, { lockWaitMs: 50 }).set('b', { 'bootstrap-servers': ['b:1'] }),
    )
    expect(error.exit).toBe(5)
    expect(error.message).toContain(`the contexts file ${path} is locked by process ${process.pid}`)
    expect(readFileSync(path, 'utf8')).toBe(before)
  })
})
