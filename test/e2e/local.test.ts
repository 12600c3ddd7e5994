import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { isAlive } from '../../src/local/processes.js'
import { isolatedState, json, ktk, noStackTrace, uniqueTopic } from '../helpers/cli.js'
import { freePort, testCluster } from '../helpers/clusters.js'

interface StatusJson {
  exists: boolean
  running: boolean
  bootstrap: string | null
  nodes: { id: number; pid: number | null; running: boolean }[]
}

/** The one error line among progress notes on stderr. */
const errorLine = (stderr: string) => {
  const lines = stderr.split('\n').filter((l) => l.startsWith('error: '))
  expect(lines, stderr).toHaveLength(1)
  return lines[0]!
}

describe('ktk local', () => {
  const state = isolatedState()
  const env = { KTK_STATE_DIR: state }
  const port = freePort(0)

  afterAll(async () => {
    await ktk(['local', 'stop', '--delete-data'], { env })
  })

  it('start, use with no flags, stop by pid, and stop again safely (jars from KAFKA_HOME)', async () => {
    // KAFKA_HOME as a user with an unpacked Kafka would have it: <home>/libs/*.jar.
    const kafkaHome = mkdtempSync(join(tmpdir(), 'ktk-kafka-home-'))
    symlinkSync((await testCluster('kafka41')).jarsDir, join(kafkaHome, 'libs'))
    // The jars are 4.1.2's: the version must say so (the default is newer).
    const started = await ktk(['local', 'start', '--kafka-version', '4.1', '--port', String(port)], {
      env: { ...env, KAFKA_HOME: kafkaHome },
    })
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toMatch(new RegExp(`Bootstrap:\\s+127\\.0\\.0\\.1:${port}`))
    expect(started.stderr).toContain(`is ready at 127.0.0.1:${port}`)

    const status = json<StatusJson>(await ktk(['local', 'status', '--json'], { env }))
    expect(status).toMatchObject({ exists: true, running: true, bootstrap: `127.0.0.1:${port}` })
    // start registered the context local, and left the current context alone.
    const contexts = json<{
      current: string | null
      contexts: { name: string; bootstrapServers: string[] }[]
    }>(await ktk(['context', 'list', '--json'], { env }))
    expect(contexts.contexts).toContainEqual(
      expect.objectContaining({ name: 'local', bootstrapServers: [`127.0.0.1:${port}`] }),
    )
    expect(contexts.current).toBeNull()
    const pid = status.nodes[0]!.pid!
    expect(isAlive(pid)).toBe(true)

    // No -b: later commands reach the recorded cluster.
    const topic = uniqueTopic('local')
    expect((await ktk(['topics', 'create', topic], { env })).code).toBe(0)
    expect((await ktk(['topics', 'list'], { env })).stdout.trim().split('\n')).toContain(topic)

    const again = await ktk(['local', 'start', '--port', String(port)], {
      env: { ...env, KAFKA_HOME: kafkaHome },
    })
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/already running/)

    const stopped = await ktk(['local', 'stop'], { env })
    expect(stopped.code, stopped.stderr).toBe(0)
    expect(stopped.stdout).toMatch(/Stopped node 1/)
    expect(isAlive(pid)).toBe(false)

    const twice = await ktk(['local', 'stop'], { env })
    expect(twice.code).toBe(0)
    expect(twice.stdout).toMatch(/No local cluster is running/)

    // A cluster whose nodes all stopped is no running cluster: 4, as when there is none (3 is for some down).
    const after = await ktk(['local', 'status'], { env })
    expect(after.code).toBe(4)
    expect(after.stdout).toMatch(/State:\s+stopped/)
    const unreachable = await ktk(['topics', 'list', '--timeout', '3s'], { env })
    expect(unreachable.code).toBe(7)
    expect(unreachable.stderr).toMatch(/ktk local start/)
  })

  it('status exits 4 when there is no local cluster, and commands say how to get one', async () => {
    const empty = { KTK_STATE_DIR: isolatedState() }
    expect((await ktk(['local', 'status'], { env: empty })).code).toBe(4)
    const none = await ktk(['topics', 'list'], { env: empty })
    expect(none.code).toBe(2)
    expect(none.stderr.split('\n')[0]).toMatch(/no cluster to connect to/)
    expect(none.stderr).toMatch(/ktk local start/)
  })

  it('refuses a port that is taken, in one line, before starting anything', async () => {
    // A port the system hands out is one nobody else holds (a fixed one may be a client's ephemeral port).
    const taken = createServer()
    await new Promise<void>((resolve, reject) => {
      taken.once('error', reject)
      taken.listen(0, '127.0.0.1', resolve)
    })
    const port = (taken.address() as AddressInfo).port
    try {
      const own = { KTK_STATE_DIR: isolatedState() }
      const r = await ktk(['local', 'start', '--port', String(port)], { env: own })
      expect(r.code).toBe(5)
      expect(errorLine(r.stderr)).toBe(`error: port ${port} on 127.0.0.1 is already in use`)
      noStackTrace(r.stderr)
      expect(
        json<StatusJson>(await ktk(['local', 'status', '--json'], { env: own })).nodes.every(
          (n) => n.pid === null,
        ),
      ).toBe(true)
    } finally {
      taken.close()
    }
  })

  it('reports a broker that dies at start with the last lines of its log', async () => {
    const own = { KTK_STATE_DIR: isolatedState(), KTK_LOCAL_JVM_OPTS: '-Xmx1m' }
    const r = await ktk(['local', 'start', '--port', String(freePort(2))], { env: own })
    expect(r.code).toBe(1)
    expect(errorLine(r.stderr)).toBe('error: broker node 1 exited during start-up')
    expect(r.stderr).toMatch(/heap/i)
    noStackTrace(r.stderr)
  })

  it('says in one line when Java is missing', async () => {
    const r = await ktk(['local', 'start', '--port', String(freePort(3))], {
      env: { KTK_STATE_DIR: isolatedState(), JAVA_HOME: '/nonexistent/jdk' },
    })
    expect(r.code).toBe(1)
    expect(errorLine(r.stderr)).toMatch(
      /^error: Java is required to run Kafka, but \/nonexistent\/jdk\/bin\/java could not be started \(ENOENT\)$/,
    )
    noStackTrace(r.stderr)
  })

  it('says in one line when mvn is missing and the jars of a version ktk has no list for are not cached', async () => {
    // A PATH with java but no mvn, and an empty jar cache. (The named versions need no mvn: local-download.test.ts.)
    const bin = mkdtempSync(join(tmpdir(), 'ktk-nomvn-'))
    const javaHome = join(bin, 'jdk')
    mkdirSync(join(javaHome, 'bin'), { recursive: true })
    const { execFileSync } = await import('node:child_process')
    const realJava = execFileSync('sh', ['-c', 'readlink -f "$(command -v java)"'], {
      encoding: 'utf8',
    }).trim()
    symlinkSync(realJava, join(javaHome, 'bin', 'java'))
    const r = await ktk(['local', 'start', '--kafka-version', '3.6.2', '--port', String(freePort(4))], {
      env: {
        KTK_STATE_DIR: isolatedState(),
        KTK_CACHE_DIR: mkdtempSync(join(tmpdir(), 'ktk-cache-')),
        JAVA_HOME: javaHome,
        PATH: bin,
      },
    })
    expect(r.code).toBe(1)
    expect(errorLine(r.stderr)).toMatch(
      /^error: mvn is needed to download Apache Kafka, but it could not be started \(ENOENT\)$/,
    )
    expect(r.stderr).toMatch(/KAFKA_HOME/)
  })
})

describe('ktk local after a crash, and two local clusters', () => {
  // One contexts file, two state folders: two users' (or two checkouts') clusters on one machine.
  const config = join(isolatedState(), 'config')
  const first = { KTK_STATE_DIR: isolatedState(), KTK_CONFIG_DIR: config }
  const second = { KTK_STATE_DIR: isolatedState(), KTK_CONFIG_DIR: config }
  // Each single-node cluster also takes its port + 100 (the controller): the next slot.
  const firstPort = freePort(5)
  const secondPort = freePort(7)

  afterAll(async () => {
    await ktk(['local', 'stop', '--delete-data'], { env: first })
    await ktk(['local', 'stop', '--delete-data'], { env: second })
  })

  it('start after the broker was SIGKILLed says ready only once the node answers', async () => {
    const started = await ktk(['local', 'start', '--port', String(firstPort)], { env: first })
    expect(started.code, started.stderr).toBe(0)
    const pid = json<StatusJson>(await ktk(['local', 'status', '--json'], { env: first })).nodes[0]!.pid!
    process.kill(pid, 'SIGKILL')
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 30_000, interval: 100 })
    expect((await ktk(['local', 'status'], { env: first })).code).toBe(4) // its only node is down

    const restarted = await ktk(['local', 'start', '--port', String(firstPort)], { env: first })
    expect(restarted.code, restarted.stderr).toBe(0)
    expect(restarted.stderr).toContain(`is ready at 127.0.0.1:${firstPort}`)
    // Right after "ready", with a short timeout: the node answers.
    const listed = await ktk(['topics', 'list', '-b', `127.0.0.1:${firstPort}`, '--timeout', '2s'], {
      env: first,
    })
    expect(listed.code, listed.stderr).toBe(0)
    const status = json<StatusJson>(await ktk(['local', 'status', '--json'], { env: first }))
    expect(status.running).toBe(true)
    expect(status.nodes[0]!.pid).not.toBe(pid)
  })

  it('a second cluster in another state folder takes the local context over, and says so on stderr', async () => {
    expect((await ktk(['local', 'stop'], { env: first })).code).toBe(0) // one JVM at a time is enough
    const started = await ktk(['local', 'start', '--port', String(secondPort)], { env: second })
    expect(started.code, started.stderr).toBe(0)
    expect(started.stderr).toContain(
      `warning: context local now points to this cluster, 127.0.0.1:${secondPort}, instead of 127.0.0.1:${firstPort}`,
    )
    expect(started.stdout).not.toContain('warning')
    const contexts = json<{ contexts: { name: string; bootstrapServers: string[] }[] }>(
      await ktk(['context', 'list', '--json'], { env: second }),
    )
    expect(contexts.contexts).toEqual([
      expect.objectContaining({ name: 'local', bootstrapServers: [`127.0.0.1:${secondPort}`] }),
    ])
    // Started again, the same cluster: nothing to say.
    const again = await ktk(['local', 'start', '--port', String(secondPort)], { env: second })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).not.toContain('now points to')
  })
})
