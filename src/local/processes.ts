import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** True when a process with this id exists (signal 0 probes without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The command line of a process, to be sure a recorded pid is still ours before signalling it. */
export function commandLine(pid: number): string | undefined {
  const proc = `/proc/${pid}/cmdline`
  if (existsSync(proc)) {
    try {
      return readFileSync(proc, 'utf8').replaceAll('\0', ' ')
    } catch {
      return undefined
    }
  }
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/** A recorded pid is ours only if it is alive and still runs with our node's config file. */
export function isOurProcess(pid: number | null, marker: string): boolean {
  if (pid === null || !isAlive(pid)) return false
  return commandLine(pid)?.includes(marker) ?? false
}

/** Starts a JVM in its own process group (so Ctrl-C on the caller leaves it running), output to a file. */
export function spawnDetached(command: string, args: readonly string[], outputFile: string): number {
  const out = openSync(outputFile, 'a')
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] })
    if (child.pid === undefined) throw new Error(`could not start ${command}`)
    child.unref()
    return child.pid
  } finally {
    closeSync(out)
  }
}

/** SIGTERM, then SIGKILL after the grace period. Resolves when the process is gone. */
export async function terminate(pid: number, graceMs: number): Promise<'stopped' | 'killed'> {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return 'stopped'
  }
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped'
    await sleep(100)
  }
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
  while (isAlive(pid)) await sleep(50)
  return 'killed'
}

/** Resolves true when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** Runs a command to its end with output appended to a file; resolves its exit code. */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  outputFile: string,
): Promise<number | null> {
  const out = openSync(outputFile, 'a')
  try {
    return await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', out, out] })
      child.on('error', reject)
      child.on('close', resolve)
    })
  } finally {
    closeSync(out)
  }
}

/** The last lines of a file, reading at most its last 256 KiB. */
export function tailFile(path: string, lines: number): string[] {
  if (!existsSync(path)) return []
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const length = Math.min(size, 256 * 1024)
    const buffer = Buffer.alloc(length)
    readSync(fd, buffer, 0, length, size - length)
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-lines)
  } finally {
    closeSync(fd)
  }
}

/** True when a ZooKeeper answers `ruok` with `imok` on 127.0.0.1:port (its four-letter health word). */
export async function zookeeperAnswers(port: number, timeoutMs = 2000): Promise<boolean> {
  return (await zookeeperCommand(port, 'ruok', timeoutMs)) === 'imok'
}

/** Sends one of ZooKeeper's four-letter words and resolves its whole answer ('' when it does not answer). */
export function zookeeperCommand(port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    let answer = ''
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.setTimeout(timeoutMs, () => {
      answer = ''
      socket.destroy()
    })
    socket.once('error', () => socket.destroy())
    socket.once('connect', () => socket.write(word))
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
    })
    socket.once('close', () => resolve(answer))
  })
}
