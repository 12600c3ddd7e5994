import { Writable } from 'node:stream'
import { Config } from '@oclif/core'
import type { CommandStreams } from '../../src/base/command.js'

/** What a command run in-process left: its output streams and the exit code the base command set. */
export interface InProcessRun {
  exit: number
  stdout: string
  stderr: string
}

/** A command class of ktk's (a KtkCommand subclass), as the in-process runner needs it. */
interface RunnableCommand {
  new (
    argv: string[],
    config: Config,
  ): { id: string | undefined; runWith(streams: CommandStreams): Promise<unknown> }
}

/** A non-terminal stream that keeps what is written to it (output is plain, as when piped). */
class Sink extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

let config: Promise<Config> | undefined

/**
 * Runs a ktk command in this process, as `ktk <id> <args>` would run it, without spawning the CLI:
 * stdout and stderr go to sinks, the environment is process.env with `env` over it (undefined
 * removes a variable) for the duration of the run, and the exit code is what the base command set.
 * For what needs a process (signals, pipes, the real binary's exit) tests still spawn bin/run.js.
 */
export async function runInProcess(
  command: RunnableCommand,
  id: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<InProcessRun> {
  config ??= Config.load(process.cwd())
  const stdout = new Sink()
  const stderr = new Sink()
  const savedEnv = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]))
  const savedExit = process.exitCode
  setEnv(env)
  process.exitCode = undefined
  try {
    const instance = new command([...args], await config)
    instance.id = id.replaceAll(' ', ':')
    await instance.runWith({ stdout, stderr })
    return { exit: Number(process.exitCode ?? 0), stdout: stdout.text, stderr: stderr.text }
  } finally {
    process.exitCode = savedExit
    setEnv(savedEnv)
  }
}

function setEnv(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
}
