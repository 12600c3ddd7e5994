import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { KtkError } from '../core/errors.js'
import { fileErrorReason } from './security.js'

export interface LockOptions {
  /** How long to wait for another holder before giving up (default 10 s). */
  waitMs?: number
  /** A lock older than this is stale whoever holds it (default 30 s; holders keep it for milliseconds). */
  staleMs?: number
  /** What the lock protects, for the error ("the contexts file /home/me/.config/ktk/contexts.yaml"). */
  what: string
}

interface Holder {
  pid: number
  host: string
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))
/** Synchronous sleep: the stores that lock are synchronous, and so is every caller of theirs. */
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms)

/**
 * Runs `work` holding an exclusive lock file (created with O_EXCL, so only one process can create it),
 * waiting a bounded time for another holder. A lock left by a process that died (its pid is gone on
 * this host, or it is older than staleMs) is broken. Failing to get the lock is an error (exit 5):
 * never a write without it.
 */
export function withFileLock<T>(lockPath: string, options: LockOptions, work: () => T): T {
  const waitMs = options.waitMs ?? 10_000
  const staleMs = options.staleMs ?? 30_000
  mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 })
  const deadline = Date.now() + waitMs
  let pause = 2
  let holder: Holder | undefined
  for (;;) {
    if (tryHold(lockPath)) break
    holder = readHolder(lockPath)
    if (isStale(lockPath, holder, staleMs) && breakStale(lockPath, staleMs)) continue
    if (Date.now() >= deadline) {
      const by = holder
        ? ` by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}`
        : ''
      throw new KtkError(
        'CONFLICT',
        `${options.what} is locked${by}; gave up after ${Math.round(waitMs / 1000)} s`,
        { hints: [`if no ktk is running, remove the lock file: rm ${lockPath}`] },
      )
    }
    sleep(pause + Math.floor(Math.random() * pause))
    pause = Math.min(pause * 2, 100)
  }
  try {
    return work()
  } finally {
    rmSync(lockPath, { force: true })
  }
}

/** Creates the lock file with O_EXCL and writes this process into it; false when it exists. */
function tryHold(path: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new KtkError('UNEXPECTED', `cannot create the lock file ${path}: ${fileErrorReason(error)}`)
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }))
  } finally {
    closeSync(fd)
  }
  return true
}

function readHolder(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host }
      : undefined
  } catch {
    return undefined // gone meanwhile, or being written: judged by its age
  }
}

function ageMs(path: string): number | undefined {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

function isStale(path: string, holder: Holder | undefined, staleMs: number): boolean {
  const age = ageMs(path)
  if (age === undefined) return false // released meanwhile: try again
  if (age > staleMs) return true
  if (holder === undefined || holder.host !== hostname()) return false
  return !isAlive(holder.pid)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // exists, someone else's
  }
}

/**
 * Removes a stale lock without removing a live one that replaced it meanwhile: under a second lock,
 * the lock is judged again and removed only if still stale. True when it was removed.
 */
function breakStale(lockPath: string, staleMs: number): boolean {
  const breaker = `${lockPath}.break`
  if (!tryHold(breaker)) {
    // Another process is breaking it; its break lock is stale only if that process died doing so.
    if (isStale(breaker, readHolder(breaker), staleMs)) rmSync(breaker, { force: true })
    return false
  }
  try {
    if (!isStale(lockPath, readHolder(lockPath), staleMs)) return false
    rmSync(lockPath, { force: true })
    return true
  } finally {
    rmSync(breaker, { force: true })
  }
}
