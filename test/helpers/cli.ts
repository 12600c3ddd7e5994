import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'

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

/** Runs the built CLI (bin/run.js) as a user would, piped (so output is plain) and without a terminal. */
export function ktk(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], { ...options, env: ktkEnv(options.env) })
}

/** Starts the built CLI without waiting, for tests that signal it or feed its stdin over time. */
export function ktkProcess(args: readonly string[], env: RunOptions['env'] = {}) {
  return start(process.execPath, [BIN, ...args], { env: ktkEnv(env), timeoutMs: 180_000 })
}

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

/** A running process: its stdin, what it printed so far, and its result once it ends. */
function start(command: string, args: readonly string[], options: RunOptions) {
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
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
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
