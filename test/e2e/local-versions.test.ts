import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { isAlive } from '../../src/local/processes.js'
import type { LocalClusterRecord } from '../../src/local/state.js'
import {
  errorLine,
  isolatedState,
  json,
  ktk,
  noStackTrace,
  type RunResult,
  uniqueTopic,
} from '../helpers/cli.js'
import { freePort, type TestCluster } from '../helpers/clusters.js'
import { kafkaTool } from '../helpers/kafka-tools.js'

/**
 * `ktk local start --kafka-version` on the oldest and newest Kafka lines it runs: 2.8.2 and 3.4.1 in
 * ZooKeeper mode (a ZooKeeper from the same jars, started first and stopped last, by pid) and 4.4.0 in
 * KRaft mode. Each a one-node cluster of this file's own, started side by side; Kafka's own tools from
 * the same jars say whether the cluster works, and ktk's own commands work on each.
 */
interface StatusJson {
  exists: boolean
  running: boolean
  version: string
  mode: 'kraft' | 'zookeeper'
  bootstrap: string
  clusterId: string | null
  nodes: { id: number; port: number; controllerPort: number | null; pid: number | null; running: boolean }[]
  zookeeper: { port: number; pid: number | null; running: boolean } | null
}

interface Started {
  version: string
  port: number
  env: Record<string, string>
  start: RunResult
  /** As the helpers for Kafka's tools want it. */
  cluster: TestCluster
}

// Slots 18-23: each cluster takes its port and port + 100 (ZooKeeper, or the KRaft controller).
const SPECS = [
  { version: '2.8', expected: '2.8.2', slot: 18 },
  { version: '3.4', expected: '3.4.1', slot: 20 },
  { version: '4.4', expected: '4.4.0', slot: 22 },
  // --secure adds port+10 and port+20, still inside the slot.
  { version: '3.4', expected: '3.4.1', slot: 24, secure: true },
] as const

async function startOne(spec: (typeof SPECS)[number]): Promise<Started> {
  const state = isolatedState()
  const env = { KTK_STATE_DIR: state, KTK_CONFIG_DIR: join(state, 'config') }
  const port = freePort(spec.slot)
  const secure = 'secure' in spec ? ['--secure'] : []
  const args = ['local', 'start', '--kafka-version', spec.version, '--port', String(port), ...secure]
  const start = await ktk(args, { env, timeoutMs: 600_000 }) // the first run downloads the jars
  const record = JSON.parse(readFileSync(join(state, 'local', 'cluster.json'), 'utf8')) as LocalClusterRecord
  const cluster: TestCluster = {
    name: `kafka-${spec.expected}`,
    version: record.version,
    brokers: 1,
    port,
    bootstrap: record.bootstrap,
    root: join(state, 'local'),
    stateDir: state,
    jarsDir: record.jarsDir,
  }
  const version = 'secure' in spec ? `${spec.expected}-secure` : spec.expected
  return { version, port, env, start, cluster }
}

const status = async (env: Record<string, string>) => {
  const r = await ktk(['local', 'status', '--json'], { env })
  return { code: r.code, doc: json<StatusJson>(r) }
}

describe('ktk local start --kafka-version: Kafka 2.8.2 and 3.4.1 (ZooKeeper mode, 3.4.1 also --secure), 4.4.0 (KRaft)', () => {
  const clusters = new Map<string, Started>()
  const get = (version: string) => {
    const c = clusters.get(version)
    if (!c) throw new Error(`Kafka ${version} was not started`)
    return c
  }

  beforeAll(async () => {
    for (const started of await Promise.all(SPECS.map(startOne))) clusters.set(started.version, started)
  })

  afterAll(async () => {
    await Promise.all(
      [...clusters.values()].map((c) => ktk(['local', 'stop', '--delete-data'], { env: c.env })),
    )
  })

  const OPEN = SPECS.filter((s) => !('secure' in s))

  it.each(OPEN.map((s) => [s.expected, s.version === '4.4' ? 'kraft' : 'zookeeper'] as const))(
    '%s starts in %s mode and says it is ready',
    async (version, mode) => {
      const c = get(version)
      expect(c.start.code, c.start.stderr).toBe(0)
      expect(c.start.stderr).toContain(`Kafka ${version} is ready at 127.0.0.1:${c.port}`)
      const { code, doc } = await status(c.env)
      expect(code).toBe(0)
      expect(doc).toMatchObject({ exists: true, running: true, version, mode })
      expect(doc.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(doc.nodes).toEqual([expect.objectContaining({ id: 1, port: c.port, running: true })])
      if (mode === 'zookeeper') {
        expect(c.start.stderr).toContain(
          `Started ZooKeeper (pid ${doc.zookeeper?.pid}) on 127.0.0.1:${c.port + 100}`,
        )
        expect(doc.zookeeper).toMatchObject({ port: c.port + 100, running: true })
        expect(doc.nodes[0]!.controllerPort).toBeNull()
        expect((await ktk(['local', 'status'], { env: c.env })).stdout).toMatch(
          new RegExp(`Mode:\\s+ZooKeeper mode; ZooKeeper 127\\.0\\.0\\.1:${c.port + 100} running`),
        )
      } else {
        expect(doc.zookeeper).toBeNull()
        expect(doc.nodes[0]!.controllerPort).toBe(c.port + 100)
      }
    },
  )

  it.each(OPEN.map((s) => s.expected))(
    "%s: Kafka's own tools from the same jars create, list, produce to and consume a topic",
    async (version) => {
      const c = get(version)
      const topic = uniqueTopic(`v${version.replaceAll('.', '')}`)
      const b = ['--bootstrap-server', c.cluster.bootstrap]
      const created = await kafkaTool(c.cluster, 'topics', [
        ...b,
        '--create',
        '--topic',
        topic,
        '--partitions',
        '2',
      ])
      expect(created.code, created.stderr).toBe(0)
      const listed = await kafkaTool(c.cluster, 'topics', [...b, '--list'])
      expect(listed.stdout.split('\n')).toContain(topic)
      const producer = version.startsWith('2.') ? '--broker-list' : '--bootstrap-server'
      const produced = await kafkaTool(
        c.cluster,
        'console-producer',
        [producer, c.cluster.bootstrap, '--topic', topic],
        'one\ntwo\nthree\n',
      )
      expect(produced.code, produced.stderr).toBe(0)
      const consumed = await kafkaTool(c.cluster, 'console-consumer', [
        ...b,
        '--topic',
        topic,
        '--from-beginning',
        '--max-messages',
        '3',
        '--timeout-ms',
        '30000',
      ])
      expect(consumed.stdout.trim().split('\n').sort()).toEqual(['one', 'three', 'two'])
    },
  )

  it.each(['2.8.2', '3.4.1', '4.4.0'])(
    '%s: ktk topics create, list, produce and consume',
    async (version) => {
      const c = get(version)
      const topic = uniqueTopic(`ktk${version.replaceAll('.', '')}`)
      const created = await ktk(['topics', 'create', topic, '--partitions', '3'], { env: c.env })
      expect(created.code, created.stderr).toBe(0)
      const listed = await ktk(['topics', 'list'], { env: c.env })
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.stdout.trim().split('\n')).toContain(topic)
      const theirs = await kafkaTool(c.cluster, 'topics', [
        '--bootstrap-server',
        c.cluster.bootstrap,
        '--list',
      ])
      expect(theirs.stdout.split('\n')).toContain(topic)
      const produced = await ktk(['produce', topic, '--key-separator', ':'], {
        env: c.env,
        input: 'a:1\nb:2\nc:3\nd:4\n',
      })
      expect(produced.code, produced.stderr).toBe(0)
      const consumed = await ktk(['consume', topic, '--from-beginning', '-e'], { env: c.env })
      expect(consumed.code, consumed.stderr).toBe(0)
      expect(consumed.stdout.trim().split('\n').sort()).toEqual(['1', '2', '3', '4'])
    },
  )

  it('4.4.0 has share groups on (share.version finalized), as a new user wants to try them', async () => {
    const c = get('4.4.0')
    const r = await kafkaTool(c.cluster, 'features', ['--bootstrap-server', c.cluster.bootstrap, 'describe'])
    expect(r.code, r.stderr).toBe(0)
    const share = /Feature: share\.version\s.*FinalizedVersionLevel: (\d+)/.exec(r.stdout)
    expect(share, r.stdout).not.toBeNull()
    expect(Number(share![1])).toBeGreaterThanOrEqual(1)
  })

  it("local logs --zookeeper prints the ZooKeeper's log; on a KRaft cluster it says there is none (exit 2)", async () => {
    const zk = await ktk(['local', 'logs', '--zookeeper', '-n', '200'], { env: get('2.8.2').env })
    expect(zk.code, zk.stderr).toBe(0)
    expect(zk.stdout).toMatch(/\(org\.apache\.zookeeper\./)
    expect(zk.stdout).not.toMatch(/\(kafka\.server\./)
    const none = await ktk(['local', 'logs', '--zookeeper'], { env: get('4.4.0').env })
    expect(none.code).toBe(2)
    expect(errorLine(none.stderr)).toBe(
      'error: the local cluster runs Kafka 4.4.0 in KRaft mode: it has no ZooKeeper',
    )
    noStackTrace(none.stderr)
  })

  it('2.8.2: stop --node 1 leaves ZooKeeper up (status 3); stop ends ZooKeeper last (status 4); start brings back the data', async () => {
    const c = get('2.8.2')
    const before = (await status(c.env)).doc
    const brokerPid = before.nodes[0]!.pid!
    const zkPid = before.zookeeper!.pid!
    const topic = uniqueTopic('v282kept')
    const b = ['--bootstrap-server', c.cluster.bootstrap]
    expect((await kafkaTool(c.cluster, 'topics', [...b, '--create', '--topic', topic])).code).toBe(0)

    const one = await ktk(['local', 'stop', '--node', '1'], { env: c.env })
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout.trim()).toBe('Stopped node 1.')
    expect(isAlive(brokerPid)).toBe(false)
    expect(isAlive(zkPid)).toBe(true)
    const degraded = await status(c.env)
    expect(degraded.code).toBe(3)
    expect(degraded.doc).toMatchObject({ running: false, zookeeper: { running: true } })

    const all = await ktk(['local', 'stop'], { env: c.env })
    expect(all.code, all.stderr).toBe(0)
    expect(all.stdout.trim()).toBe('Stopped ZooKeeper.')
    expect(isAlive(zkPid)).toBe(false)
    const stopped = await ktk(['local', 'status'], { env: c.env })
    expect(stopped.code).toBe(4)
    expect(stopped.stdout).toMatch(/State:\s+stopped/)

    const again = await ktk(['local', 'start', '--port', String(c.port)], { env: c.env })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(`Kafka 2.8.2 is ready at 127.0.0.1:${c.port}`)
    const after = await status(c.env)
    expect(after.code).toBe(0)
    expect(after.doc.clusterId).toBe(before.clusterId)
    expect((await kafkaTool(c.cluster, 'topics', [...b, '--list'])).stdout.split('\n')).toContain(topic)
  })

  it('2.8.2: start after the broker was SIGKILLed waits for ZooKeeper to drop its registration, then starts it', async () => {
    const c = get('2.8.2')
    const pid = (await status(c.env)).doc.nodes[0]!.pid!
    process.kill(pid, 'SIGKILL')
    await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 30_000, interval: 100 })
    const degraded = await status(c.env)
    expect(degraded.code).toBe(3) // ZooKeeper still runs
    expect(degraded.doc.zookeeper?.running).toBe(true)

    const again = await ktk(['local', 'start', '--port', String(c.port)], { env: c.env })
    expect(again.code, again.stderr).toBe(0)
    // Without the wait the new broker exits at once: "/brokers/ids/1, node already exists".
    expect(again.stderr).toContain('Waiting for ZooKeeper to end the session of node 1')
    expect(again.stderr).toContain(`Kafka 2.8.2 is ready at 127.0.0.1:${c.port}`)
    const listed = await kafkaTool(c.cluster, 'topics', ['--bootstrap-server', c.cluster.bootstrap, '--list'])
    expect(listed.code, listed.stderr).toBe(0)
    expect((await status(c.env)).code).toBe(0)
  })

  it('3.4.1 --secure in ZooKeeper mode: SCRAM users in ZooKeeper, TLS, and ACLs enforced by AclAuthorizer', async () => {
    const c = get('3.4.1-secure')
    expect(c.start.code, c.start.stderr).toBe(0)
    expect(c.start.stderr).toContain('Creating the SCRAM users admin, alice, bob in ZooKeeper')
    const { code, doc } = await status(c.env)
    expect(code).toBe(0)
    expect(doc).toMatchObject({ running: true, mode: 'zookeeper', version: '3.4.1' })
    expect(readFileSync(join(c.cluster.root, 'node-1', 'server.properties'), 'utf8')).toContain(
      'authorizer.class.name=kafka.security.authorizer.AclAuthorizer',
    )
    // local: admin by SCRAM-SHA-512 over SASL_SSL (a credential only ZooKeeper holds).
    const topic = uniqueTopic('secure34')
    const created = await ktk(['topics', 'create', topic, '--context', 'local'], { env: c.env })
    expect(created.code, created.stderr).toBe(0)
    const denied = await ktk(['topics', 'create', `${topic}.x`, '--context', 'local-alice'], { env: c.env })
    expect(denied.code).toBe(6)
    expect(errorLine(denied.stderr)).toBe(`error: User:alice is not authorized to CREATE topic "${topic}.x"`)
    noStackTrace(denied.stderr)
    const listed = await ktk(['topics', 'list', '--context', 'local'], { env: c.env })
    expect(listed.stdout.trim().split('\n')).toEqual([topic])
    // alice by client certificate on the SSL listener: authenticated, and sees no topic without an ACL.
    const mtls = await ktk(['topics', 'list', '--context', 'local-mtls'], { env: c.env })
    expect(mtls.code, mtls.stderr).toBe(0)
    expect(mtls.stdout.trim()).toBe('')
  })

  it('a Kafka older than 2.8 is refused in one line (exit 2)', async () => {
    const r = await ktk(['local', 'start', '--kafka-version', '2.7.2'], {
      env: { KTK_STATE_DIR: isolatedState() },
    })
    expect(r.code).toBe(2)
    expect(errorLine(r.stderr)).toBe(
      'error: Kafka 2.7.2 is too old for ktk local (it runs Kafka 2.8 and newer)',
    )
  })
})
