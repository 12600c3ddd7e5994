import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ConnectionSettings } from '../core/connection-settings.js'
import { KtkError } from '../core/errors.js'
import { localClientSettings } from './client-settings.js'
import type { LocalClusterEnvironment, StartOptions } from './cluster-environment.js'
import { createCluster } from './create.js'
import { ensureKafkaJars } from './jars.js'
import { checkJava, javaBinary } from './java.js'
import { configPath, kafkaMainArgs, logsDir, zooCfgPath } from './layout.js'
import { assertPortsFree } from './ports.js'
import { isOurProcess, spawnDetached, terminate } from './processes.js'
import { waitUntilReady } from './readiness.js'
import { LOCAL_MECHANISMS } from './secure.js'
import { type LocalClusterRecord, type LocalNodeRecord, readRecord, writeRecord } from './state.js'
import { type KafkaMode, kafkaMode, kafkaToolClass } from './versions.js'
import { prepareZooKeeper } from './zookeeper.js'

export interface NodeStatus {
  id: number
  port: number
  controllerPort: number | null
  pid: number | null
  running: boolean
  dir: string
}

export interface LocalStatus {
  exists: boolean
  /** Every node (and the ZooKeeper of a ZooKeeper-mode cluster) runs. */
  running: boolean
  version: string | null
  /** KRaft, or ZooKeeper mode for Kafka 2.8 to 3.6; null when there is no cluster. */
  mode: KafkaMode | null
  /** The ZooKeeper of a ZooKeeper-mode cluster. */
  zookeeper: { port: number; pid: number | null; running: boolean; dir: string } | null
  clusterId: string | null
  bootstrap: string | null
  root: string
  nodes: NodeStatus[]
  /** Listeners, users and the CA of a secure cluster (no passwords: they stay in their files). */
  secure: LocalSecurity | null
}

export interface LocalSecurity {
  listeners: { saslPlaintext: string; saslSsl: string; ssl: string }
  caFile: string
  clientKeystore: string
  users: { name: string; superUser: boolean; passwordFile: string }[]
  mechanisms: string[]
}

/**
 * A real Apache Kafka cluster on loopback (KRaft, or ZooKeeper mode for Kafka 2.8 to 3.6), one JVM per
 * node, started from Apache Kafka's own jars. `ktk local` and the test suite both run their brokers
 * through this class. Creating a cluster is in create.ts (kraft.ts, zookeeper.ts), waiting for it in
 * readiness.ts; what it remembers between runs is its record (state.ts).
 */
export class LocalCluster {
  constructor(private readonly environment: LocalClusterEnvironment) {}

  get record(): LocalClusterRecord | undefined {
    return readRecord(this.environment.root)
  }

  status(): LocalStatus {
    const record = this.record
    const nodes = (record?.nodes ?? []).map((n) => ({
      id: n.id,
      port: n.port,
      controllerPort: n.controllerPort,
      pid: n.pid,
      running: isOurProcess(n.pid, configPath(n)),
      dir: n.dir,
    }))
    const zk = record?.zookeeper
    const zookeeper = zk
      ? { port: zk.port, pid: zk.pid, running: isOurProcess(zk.pid, zooCfgPath(zk)), dir: zk.dir }
      : null
    return {
      exists: record !== undefined,
      running: nodes.length > 0 && nodes.every((n) => n.running) && (zookeeper?.running ?? true),
      version: record?.version ?? null,
      mode: record ? kafkaMode(record.version) : null,
      zookeeper,
      clusterId: record?.clusterId ?? null,
      bootstrap: record?.bootstrap ?? null,
      root: this.environment.root,
      nodes,
      secure: record?.secure
        ? {
            listeners: record.secure.listeners,
            caFile: record.secure.caFile,
            clientKeystore: record.secure.clientKeystore,
            users: record.secure.users,
            mechanisms: [...LOCAL_MECHANISMS],
          }
        : null,
    }
  }

  /** Starts the cluster (creating it if needed) and waits until every broker answers. */
  async start(options: StartOptions): Promise<LocalStatus> {
    const existing = await this.existingToStart(options)
    if (existing === 'running') return this.status()
    const jarsDir = await this.fetchJars(options.version)
    const record = existing ?? (await createCluster(this.environment, options, jarsDir))
    await this.launch(record, options.waitMs)
    await waitUntilReady(this.environment, record, options.waitMs)
    return this.status()
  }

  /**
   * The recorded cluster a start goes on with: undefined when there is none (or --fresh discarded it),
   * 'running' when it already runs and answers. A cluster of another shape, or --fresh while it
   * runs, is a CONFLICT.
   */
  private async existingToStart(options: StartOptions): Promise<LocalClusterRecord | 'running' | undefined> {
    const record = this.record
    if (!record) return undefined
    const current = this.status()
    if (options.fresh) {
      if (current.nodes.some((n) => n.running) || current.zookeeper?.running) {
        throw new KtkError('CONFLICT', 'the local cluster is running; stop it before starting with --fresh', {
          hints: ['ktk local stop'],
        })
      }
      rmSync(this.environment.root, { recursive: true, force: true })
      return undefined
    }
    if (!sameShape(record, options)) {
      const what = `Kafka ${record.version}, ${record.nodes.length} broker${record.nodes.length === 1 ? '' : 's'}, port ${record.nodes[0]?.port}${record.secure ? ', secure' : ', not secure'}`
      throw new KtkError('CONFLICT', `the local cluster already exists with ${what}`, {
        hints: [
          current.nodes.some((n) => n.running)
            ? 'stop it first (ktk local stop), then start with --fresh to replace it'
            : 'start it as it is (ktk local start with the same flags), or add --fresh to discard its data',
        ],
      })
    }
    if (!current.running) return record
    // Running processes are not yet an answering cluster (a start a moment ago): the same check.
    await waitUntilReady(this.environment, record, options.waitMs)
    this.environment.progress(`Local Kafka ${record.version} is already running at ${record.bootstrap}`)
    return 'running'
  }

  /** Checks Java and returns the folder of Apache Kafka's jars, downloading them the first time. */
  private async fetchJars(version: string): Promise<string> {
    const { progress } = this.environment
    checkJava(version, this.environment.env)
    const jars = await ensureKafkaJars({
      version,
      cacheDir: this.environment.cacheDir,
      kafkaHome: this.environment.env.KAFKA_HOME,
      onStart: progress,
      env: this.environment.env,
      onProgress: ({ downloaded, artifact, total, bytes, totalBytes }) => {
        if (total === undefined || bytes === undefined || totalBytes === undefined) {
          if (downloaded % 10 === 0) progress(`  downloaded ${downloaded} jars (${artifact})`)
        } else if (downloaded % 10 === 0 || downloaded === total) {
          const mb = (n: number) => (n / 1e6).toFixed(1)
          progress(`  downloaded ${downloaded}/${total} jars, ${mb(bytes)} of ${mb(totalBytes)} MB`)
        }
      },
    })
    return jars.dir
  }

  /** Starts the nodes that do not run (after a ZooKeeper-mode cluster's ZooKeeper), recording each pid. */
  private async launch(record: LocalClusterRecord, waitMs: number): Promise<void> {
    const toStart = record.nodes.filter((n) => !isOurProcess(n.pid, configPath(n)))
    await assertPortsFree(toStart, Boolean(record.secure))
    if (record.zookeeper) await prepareZooKeeper(this.environment, record, record.zookeeper, toStart, waitMs)
    for (const node of toStart) {
      node.pid = this.spawnBroker(node, record)
      // Recorded at once, so `ktk local stop` finds every broker even if this start is interrupted.
      writeRecord(this.environment.root, record)
      this.environment.progress(`Started node ${node.id} (pid ${node.pid}) on 127.0.0.1:${node.port}`)
    }
  }

  private spawnBroker(node: LocalNodeRecord, record: LocalClusterRecord): number {
    const jvm = (
      this.environment.env.KTK_LOCAL_JVM_OPTS ??
      '-Xms256m -Xmx1g -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError'
    )
      .split(/\s+/)
      .filter(Boolean)
    const args = [
      ...jvm,
      '-Djava.awt.headless=true',
      ...kafkaMainArgs(node, record.jarsDir, kafkaToolClass('broker', record.version)),
      configPath(node),
    ]
    return spawnDetached(javaBinary(this.environment.env), args, join(logsDir(node), 'stdout.log'))
  }

  /** Stops the whole cluster or one node, by the pids it recorded; safe to run when nothing runs. */
  async stop(
    options: { node?: number; deleteData?: boolean } = {},
  ): Promise<{ stopped: number[]; killed: number[]; zookeeper: 'stopped' | 'killed' | null }> {
    const record = this.record
    const stopped: number[] = []
    const killed: number[] = []
    let zookeeper: 'stopped' | 'killed' | null = null
    if (!record) return { stopped, killed, zookeeper }
    if (options.node !== undefined && !record.nodes.some((n) => n.id === options.node)) {
      throw new KtkError('NOT_FOUND', `the local cluster has no node ${options.node}`, {
        hints: [`its nodes are ${record.nodes.map((n) => n.id).join(', ')}`],
      })
    }
    const targets = record.nodes.filter((n) => options.node === undefined || n.id === options.node)
    await Promise.all(
      targets.map(async (node) => {
        if (node.pid !== null && isOurProcess(node.pid, configPath(node))) {
          const how = await terminate(node.pid, 30_000)
          ;(how === 'killed' ? killed : stopped).push(node.id)
        }
        node.pid = null
      }),
    )
    // After the brokers, whose controlled shutdown still needs it; a single node leaves it running.
    const zk = record.zookeeper
    if (zk && options.node === undefined) {
      if (zk.pid !== null && isOurProcess(zk.pid, zooCfgPath(zk))) zookeeper = await terminate(zk.pid, 30_000)
      zk.pid = null
    }
    if (options.deleteData && options.node === undefined) {
      rmSync(this.environment.root, { recursive: true, force: true })
    } else {
      writeRecord(this.environment.root, record)
    }
    return { stopped: stopped.sort(), killed: killed.sort(), zookeeper }
  }

  logFile(nodeId: number): string {
    const node = this.record?.nodes.find((n) => n.id === nodeId)
    if (!node) throw new KtkError('NOT_FOUND', `the local cluster has no node ${nodeId}`)
    return join(logsDir(node), 'server.log')
  }

  /** The log of a ZooKeeper-mode cluster's ZooKeeper. */
  zookeeperLogFile(): string {
    const record = this.record
    if (!record) throw new KtkError('NOT_FOUND', 'there is no local cluster', { hints: ['ktk local start'] })
    if (!record.zookeeper) {
      throw new KtkError(
        'USAGE',
        `the local cluster runs Kafka ${record.version} in KRaft mode: it has no ZooKeeper`,
      )
    }
    return join(logsDir(record.zookeeper), 'server.log')
  }

  /** Settings to reach the cluster with ktk's own client (a secure cluster: as admin, SASL PLAIN). */
  connection(timeoutMs = 5000): ConnectionSettings {
    const record = this.record
    if (!record) throw new KtkError('NOT_FOUND', 'there is no local cluster', { hints: ['ktk local start'] })
    return localClientSettings(record, timeoutMs)
  }
}

/** The recorded cluster is the one these options ask for: version, broker count, port and security. */
function sameShape(record: LocalClusterRecord, options: StartOptions): boolean {
  return (
    record.version === options.version &&
    record.nodes.length === options.brokers &&
    record.nodes[0]?.port === options.port &&
    Boolean(record.secure) === Boolean(options.secure)
  )
}
