import { join } from 'node:path'
import { run } from './cli.js'

export interface TerminalStep {
  /** A regex the screen must show (since the previous step's match) before typing. */
  expect: string
  /** What to type: text, '\r' for Enter, KEYS.down for ↓. */
  send?: string
  timeout?: number
}

export const KEYS = { enter: '\r', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f', ctrlC: '\x03' }

export interface TerminalRun {
  /** Everything the terminal showed, without ANSI sequences. */
  transcript: string
  /** What the terminal got, escape sequences included. */
  raw: string
  exit: number
  failed_step: { index: number; expect: string } | null
}

/**
 * Runs the built CLI in a real pseudo-terminal (Python's pty module, test/helpers/pty-drive.py):
 * stdin, stdout and stderr are a terminal, keystrokes go in as a person types them, the screen comes out.
 */
export function ktkInTerminal(
  args: readonly string[],
  steps: readonly TerminalStep[],
  env: Record<string, string | undefined>,
): Promise<TerminalRun> {
  return inTerminal(process.execPath, [join(process.cwd(), 'bin', 'run.js'), ...args], steps, env)
}

/** Runs any program (a shell, say) in a real pseudo-terminal, typing the steps into it. */
export async function inTerminal(
  command: string,
  args: readonly string[],
  steps: readonly TerminalStep[],
  env: Record<string, string | undefined>,
): Promise<TerminalRun> {
  const driver = join(process.cwd(), 'test', 'helpers', 'pty-drive.py')
  const result = await run('python3', [driver, JSON.stringify(steps), '--', command, ...args], {
    // CI=true makes ktk refuse to prompt: this terminal has a person (the script) at it.
    env: { ...env, CI: undefined, TERM: 'xterm-256color' },
    timeoutMs: 170_000,
  })
  if (result.code !== 0) throw new Error(`pty driver failed (exit ${result.code}): ${result.stderr}`)
  return JSON.parse(result.stdout) as TerminalRun
}
