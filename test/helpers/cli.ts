import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { parseDuration, TIMER_MAX_MS } from '../../src/core/duration.js'

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
  /** Wall time in milliseconds. */
  ms: number
}

const BIN = join(process.cwd(), 'bin', 'run.js')

/** An isolated home for ktk's per-user folders, so tests never see the user's own local cluster. */
export const isolatedState = () => mkdtempSync(join(tmpdir(), 'ktk-e2e-state-'))

const defaultState = isolatedState()

export interface RunOptions {
  env?: Record<string, string | undefined>
  input?: string | Buffer
  /**
   * The most the process may run. For ktk, past it the process is killed and the run FAILS as a hang
   * (the default is its --timeout plus a margin, see ktkBudget: give one where a command waits longer
   * by design); for other programs it is killed and the run ends with code null.
   */
  timeoutMs?: number
  /** Working folder (default: this process's), e.g. a folder holding a ktk.naming.yaml. */
  cwd?: string
}

const ktkEnv = (env: RunOptions['env']) => ({
  KTK_STATE_DIR: defaultState,
  KTK_CONFIG_DIR: join(defaultState, 'config'),
  NO_COLOR: '1',
  ...env,
})

/**
 * Runs the built CLI (bin/run.js) as a user would, piped (so output is plain) and without a terminal.
 * A watchdog fails the run as a hang when ktk outlives its budget (options.timeoutMs, else ktkBudget).
 */
export function ktk(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const budget = options.timeoutMs ?? ktkBudget(args, options.env)
  const started = start(process.execPath, [BIN, ...args], {
    ...options,
    env: ktkEnv(options.env),
    timeoutMs: budget,
    hang: `ktk ${describeArgs(args)}`,
  })
  started.child.stdin.end(options.input)
  return started.done
}

/**
 * Starts the built CLI without waiting, for tests that signal it or feed its stdin over time. Its
 * `done` fails as a hang when the process outlives budgetMs (default 180 s: these run until told).
 */
export function ktkProcess(args: readonly string[], env: RunOptions['env'] = {}, budgetMs = 180_000) {
  return start(process.execPath, [BIN, ...args], {
    env: ktkEnv(env),
    timeoutMs: budgetMs,
    hang: `ktk ${describeArgs(args)}`,
  })
}

/** What ktk may take beyond its --timeout: slow starts on a busy machine, a few sequential requests. */
export const HANG_MARGIN_MS = 30_000
/** Commands that wait by design for a time no flag gives (follow mode, --watch) get this, as before. */
const OPEN_ENDED_MS = 120_000

/**
 * How long a ktk run may take before the watchdog calls it a hang: its --timeout (else KTK_TIMEOUT,
 * else ktk's 15 s) plus HANG_MARGIN_MS, plus what the command waits for by design (local start's
 * --wait, groups lag's --sample × --interval, consume's --idle-timeout). Follow-mode consume and
 * --watch have no end of their own: OPEN_ENDED_MS, unless the caller gives a budget.
 */
export function ktkBudget(args: readonly string[], env: RunOptions['env'] = {}): number {
  const flag = (name: string) => {
    for (let i = 0; i < args.length; i++) {
      if (args[i] === name) return args[i + 1]
      if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1)
    }
    return undefined
  }
  const has = (...names: string[]) => names.some((n) => flag(n) !== undefined || args.includes(n))
  const duration = (raw: string | undefined, fallback: number) => {
    try {
      const ms = raw === undefined ? fallback : parseDuration(raw)
      // Longer than a timer holds: ktk refuses it at once (exit 2), and the watchdog's own timer must not overflow.
      return ms > TIMER_MAX_MS ? fallback : ms
    } catch {
      return fallback // a test of a bad duration: ktk exits 2 at once
    }
  }
  const timeout = duration(flag('--timeout') ?? env?.KTK_TIMEOUT ?? process.env.KTK_TIMEOUT, 15_000)
  const base = timeout + HANG_MARGIN_MS
  const [command, sub] = args
  if (command === 'local') return base + duration(flag('--wait'), 120_000)
  if (command === 'groups' && sub === 'lag') {
    if (has('--watch')) return OPEN_ENDED_MS
    const samples = Number(flag('--sample') ?? 0)
    return base + (Number.isFinite(samples) ? samples : 0) * duration(flag('--interval'), 5_000)
  }
  if (command === 'consume') {
    if (has('--idle-timeout')) return base + duration(flag('--idle-timeout'), 0)
    if (!has('-e', '--exit-at-end', '-n', '--max-messages', '--to-time')) return OPEN_ENDED_MS
  }
  return base
}

/** The command line as a test failure names it, with long arguments shortened. */
const describeArgs = (args: readonly string[]) =>
  args.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(' ')

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = start(command, args, options)
  started.child.stdin.end(options.input)
  return started.done
}

/** Like run, keeping stdout as bytes (for binary comparisons, e.g. with kcat). */
export async function runRaw(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<Omit<RunResult, 'stdout'> & { stdout: Buffer }> {
  const started = start(command, args, options)
  started.child.stdin.end(options.input)
  return { ...(await started.done), stdout: started.stdout() }
}

/**
 * A running process: its stdin, what it printed so far, and its result once it ends. With `hang`, a
 * process still running after timeoutMs is killed and `done` rejects, naming it, as a hang.
 */
function start(command: string, args: readonly string[], options: RunOptions & { hang?: string }) {
  const started = Date.now()
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v
  delete env.KTK_BOOTSTRAP_SERVER
  if (options.env?.KTK_BOOTSTRAP_SERVER) env.KTK_BOOTSTRAP_SERVER = options.env.KTK_BOOTSTRAP_SERVER
  const child = spawn(command, args, { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (c) => out.push(c))
  child.stderr.on('data', (c) => err.push(c))
  const budget = options.timeoutMs ?? 120_000
  let hung = false
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      hung = true
      child.kill('SIGKILL')
    }, budget)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (hung && options.hang) {
        const said = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' | ')
        reject(
          new Error(
            `hang: \`${options.hang}\` was still running after ${budget} ms and was killed${said ? ` (stderr: ${said.slice(0, 500)})` : ''}`,
          ),
        )
        return
      }
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      })
    })
  })
  return { child, done, stdout: () => Buffer.concat(out), stderr: () => Buffer.concat(err).toString('utf8') }
}

/** The error document a failing --json run prints (README, "JSON output"). */
export interface ErrorJson {
  error: { code: string; message: string; exit: number; hints: string[] }
}

/** Parses the single JSON document a --json run prints on stdout. */
export function json<T = unknown>(result: RunResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(
      `stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    )
  }
}

/** The first `error: ` line of a run's stderr ('' when there is none). */
export const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('error: ')) ?? ''

/** Fails when the text holds a stack-trace line (none without --debug). */
export const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
}
