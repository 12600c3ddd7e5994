import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { ConnectionSettings } from '../core/connection.js'
import { KtkError } from '../core/errors.js'
import { generatedRequest } from '../kafka/protocol/generated-request.js'
import { Metadata } from '../kafka/protocol/messages/metadata.js'
import { KafkaSession } from '../kafka/session.js'
import { ensureKafkaJars } from './jars.js'
import { checkJava, javaBinary } from './java.js'
import type { NodeLayout, ZooKeeperLayout } from './layout.js'
import {
  kafkaClusterId,
  log4j2Properties,
  log4jProperties,
  serverProperties,
  zooCfg,
  zookeeperServerProperties,
} from './node-config.js'
import {
  isAlive,
  isOurProcess,
  portIsFree,
  runToCompletion,
  spawnDetached,
  tailFile,
  terminate,
  zookeeperAnswers,
  zookeeperCommand,
} from './processes.js'
import {
  createTlsMaterial,
  keytoolRunner,
  LOCAL_MECHANISMS,
  makeSecrets,
  type SecureRecord,
  type SecureSecrets,
  scramFormatArgs,
  secureExtraPorts,
  secureRecord,
} from './secure.js'
import {
  type LocalClusterRecord,
  type LocalNodeRecord,
  readRecord,
  writeRecord,
  type ZooKeeperRecord,
} from './state.js'
import { type KafkaMode, kafkaMode, kafkaToolClass } from './versions.js'

export interface StartOptions {
  version: string
  brokers: number
  port: number
  /** Discard existing data and create the cluster anew. */
  fresh: boolean
  waitMs: number
  /** SASL and TLS listeners, users, a CA and ACLs (`ktk local start --secure`). */
  secure?: boolean
}

export interface LocalClusterEnvironment {
  /** <state>/local: cluster.json and one folder per node. */
  root: string
  cacheDir: string
  env: Readonly<Record<string, string | undefined>>
  /** Progress for people: one line per step. */
  progress: (message: string) => void
}

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

/** Controllers listen at port+100.. (KRaft); a ZooKeeper-mode cluster's ZooKeeper takes port+100. */
const CONTROLLER_PORT_OFFSET = 100

/**
 * A real Apache Kafka cluster in KRaft mode on loopback, one JVM per node, started from Apache Kafka's
 * own jars. `ktk local` and the test suite both run their brokers through this class.
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
    const { progress } = this.environment
    let record = this.record
    const current = this.status()
    if (record && !options.fresh) {
      const sameShape =
        record.version === options.version &&
        record.nodes.length === options.brokers &&
        record.nodes[0]?.port === options.port &&
        Boolean(record.secure) === Boolean(options.secure)
      if (!sameShape) {
        const what = `Kafka ${record.version}, ${record.nodes.length} broker${record.nodes.length === 1 ? '' : 's'}, port ${record.nodes[0]?.port}${record.secure ? ', secure' : ', not secure'}`
        throw new KtkError('CONFLICT', `the local cluster already exists with ${what}`, {
          hints: [
            current.nodes.some((n) => n.running)
              ? 'stop it first (ktk local stop), then start with --fresh to replace it'
              : 'start it as it is (ktk local start with the same flags), or add --fresh to discard its data',
          ],
        })
      }
      if (current.running) {
        // Running processes are not yet an answering cluster (a start a moment ago): the same check.
        await this.waitUntilReady(record, options.waitMs)
        progress(`Local Kafka ${record.version} is already running at ${record.bootstrap}`)
        return this.status()
      }
    }
    if (record && options.fresh) {
      if (current.nodes.some((n) => n.running) || current.zookeeper?.running) {
        throw new KtkError('CONFLICT', 'the local cluster is running; stop it before starting with --fresh', {
          hints: ['ktk local stop'],
        })
      }
      rmSync(this.environment.root, { recursive: true, force: true })
      record = undefined
    }

    checkJava(options.version, this.environment.env)
    const jars = await ensureKafkaJars({
      version: options.version,
      cacheDir: this.environment.cacheDir,
      kafkaHome: this.environment.env.KAFKA_HOME,
      onStart: progress,
      onProgress: ({ downloaded, artifact }) => {
        if (downloaded % 10 === 0) progress(`  downloaded ${downloaded} jars (${artifact})`)
      },
    })

    if (!record) {
      record = await this.create(options, jars.dir)
    }
    const toStart = record.nodes.filter((n) => !isOurProcess(n.pid, configPath(n)))
    await this.assertPortsFree(toStart, Boolean(record.secure))
    if (record.zookeeper) {
      await this.startZooKeeper(record, record.zookeeper, options.waitMs)
      if (record.zookeeper.scramUsersCreated === false) await this.createScramUsers(record, record.zookeeper)
      await this.waitForStaleRegistrations(record.zookeeper, toStart, options.waitMs)
    }
    for (const node of toStart) {
      node.pid = this.spawnNode(node, record)
      // Recorded at once, so `ktk local stop` finds every broker even if this start is interrupted.
      writeRecord(this.environment.root, record)
      progress(`Started node ${node.id} (pid ${node.pid}) on 127.0.0.1:${node.port}`)
    }
    await this.waitUntilReady(record, options.waitMs)
    return this.status()
  }

  /** Starts the ZooKeeper of a ZooKeeper-mode cluster unless it runs, and waits until it answers. */
  private async startZooKeeper(record: LocalClusterRecord, zk: ZooKeeperRecord, waitMs: number) {
    if (isOurProcess(zk.pid, zooCfgPath(zk))) return
    if (!(await portIsFree(zk.port))) throw portTaken(zk.port)
    zk.pid = spawnDetached(
      javaBinary(this.environment.env),
      [
        '-Xms64m',
        '-Xmx256m',
        '-XX:+UseSerialGC',
        '-Djava.awt.headless=true',
        ...logArgs(zk),
        '-cp',
        `${record.jarsDir}/*`,
        kafkaToolClass('zookeeper', record.version),
        zooCfgPath(zk),
      ],
      join(zk.dir, 'logs', 'stdout.log'),
    )
    writeRecord(this.environment.root, record)
    this.environment.progress(`Started ZooKeeper (pid ${zk.pid}) on 127.0.0.1:${zk.port}`)
    const deadline = Date.now() + waitMs
    while (!(await zookeeperAnswers(zk.port))) {
      if (!isAlive(zk.pid)) {
        throw new KtkError('LOCAL_CLUSTER', 'ZooKeeper exited during start-up', {
          details: tailFile(join(zk.dir, 'logs', 'stdout.log'), 10),
          hints: [`full log: ${join(zk.dir, 'logs', 'server.log')}`],
        })
      }
      if (Date.now() > deadline) {
        throw new KtkError(
          'LOCAL_CLUSTER',
          `ZooKeeper did not answer on 127.0.0.1:${zk.port} within ${Math.round(waitMs / 1000)} s`,
          { hints: ['see its log with: ktk local logs --zookeeper', 'stop it with: ktk local stop'] },
        )
      }
      await sleep(200)
    }
  }

  /**
   * A killed ZooKeeper-mode broker stays registered (/brokers/ids/N, an ephemeral node) until its
   * session expires (zookeeper.session.timeout.ms, 6 s for ktk local's brokers); a broker started before that exits at
   * once ("node already exists"). So wait until ZooKeeper lists none of the brokers about to start.
   */
  private async waitForStaleRegistrations(
    zk: ZooKeeperRecord,
    nodes: readonly LocalNodeRecord[],
    waitMs: number,
  ): Promise<void> {
    const deadline = Date.now() + waitMs
    for (let round = 0; ; round++) {
      const registered = new Set(
        (await zookeeperCommand(zk.port, 'dump'))
          .split('\n')
          .map((l) => /^\s*\/brokers\/ids\/(\d+)\s*$/.exec(l)?.[1])
          .filter((id) => id !== undefined)
          .map(Number),
      )
      const stale = nodes.filter((n) => registered.has(n.id)).map((n) => n.id)
      if (stale.length === 0) return
      if (round === 0) {
        this.environment.progress(
          `Waiting for ZooKeeper to end the session of node${stale.length === 1 ? '' : 's'} ${stale.join(', ')}, which stopped without deregistering (up to 6 s)`,
        )
      }
      if (Date.now() > deadline) {
        throw new KtkError(
          'LOCAL_CLUSTER',
          `ZooKeeper still lists node${stale.length === 1 ? '' : 's'} ${stale.join(', ')} after ${Math.round(waitMs / 1000)} s`,
          { hints: ['start again in a moment, or raise --wait'] },
        )
      }
      await sleep(500)
    }
  }

  /**
   * The SCRAM credentials of a secure ZooKeeper-mode cluster, written to ZooKeeper with Kafka's own
   * ConfigCommand (`--zookeeper`, which every ZooKeeper-mode version keeps for exactly this), one JVM per user.
   */
  private async createScramUsers(record: LocalClusterRecord, zk: ZooKeeperRecord): Promise<void> {
    const secure = record.secure!
    this.environment.progress(
      `Creating the SCRAM users ${secure.users.map((u) => u.name).join(', ')} in ZooKeeper`,
    )
    const logFile = join(zk.dir, 'logs', 'scram-users.log')
    await Promise.all(
      secure.users.map(async (user) => {
        const password = readFileSync(user.passwordFile, 'utf8').trim()
        const code = await runToCompletion(
          javaBinary(this.environment.env),
          [
            '-XX:TieredStopAtLevel=1',
            '-XX:+UseSerialGC',
            ...logArgs(zk),
            '-cp',
            `${record.jarsDir}/*`,
            kafkaToolClass('configs', record.version),
            '--zookeeper',
            `127.0.0.1:${zk.port}`,
            '--alter',
            '--entity-type',
            'users',
            '--entity-name',
            user.name,
            '--add-config',
            `SCRAM-SHA-256=[password=${password}],SCRAM-SHA-512=[password=${password}]`,
          ],
          logFile,
        )
        if (code !== 0) {
          throw new KtkError(
            'LOCAL_CLUSTER',
            `creating the SCRAM user ${user.name} in ZooKeeper failed (exit ${code})`,
            {
              details: tailFile(logFile, 10),
            },
          )
        }
      }),
    )
    zk.scramUsersCreated = true
    writeRecord(this.environment.root, record)
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
    return join(node.dir, 'logs', 'server.log')
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
    return join(record.zookeeper.dir, 'logs', 'server.log')
  }

  /** Settings to reach the cluster with ktk's own client (a secure cluster: as admin, SASL PLAIN). */
  connection(timeoutMs = 5000): ConnectionSettings {
    const record = this.record
    if (!record) throw new KtkError('NOT_FOUND', 'there is no local cluster', { hints: ['ktk local start'] })
    const settings: ConnectionSettings = {
      bootstrapServers: record.bootstrap.split(','),
      source: 'local cluster',
      clientId: 'ktk-local',
      timeoutMs,
      securityProtocol: 'PLAINTEXT',
    }
    if (record.secure) {
      const admin = record.secure.users.find((u) => u.superUser)!
      settings.securityProtocol = 'SASL_PLAINTEXT'
      settings.sasl = {
        mechanism: 'PLAIN',
        username: admin.name,
        password: readFileSync(admin.passwordFile, 'utf8').trim(),
      }
    }
    return settings
  }

  private async create(options: StartOptions, jarsDir: string): Promise<LocalClusterRecord> {
    const { root } = this.environment
    // No record means no cluster: whatever an interrupted earlier create left (a formatted node whose
    // cluster id nobody recorded) would make the format fail, so start from nothing.
    rmSync(root, { recursive: true, force: true })
    const kraft = kafkaMode(options.version) === 'kraft'
    const nodes: LocalNodeRecord[] = Array.from({ length: options.brokers }, (_, i) => ({
      id: i + 1,
      port: options.port + i,
      controllerPort: kraft ? options.port + CONTROLLER_PORT_OFFSET + i : null,
      dir: join(root, `node-${i + 1}`),
      pid: null,
    }))
    const secure = options.secure ? secureRecord(root, nodes) : undefined
    await this.assertPortsFree(nodes, Boolean(secure))
    const zookeeperPort = options.port + CONTROLLER_PORT_OFFSET
    if (!kraft && !(await portIsFree(zookeeperPort))) throw portTaken(zookeeperPort)
    const secrets = secure ? makeSecrets(randomBytes) : undefined
    if (secure && secrets) {
      this.environment.progress(
        'Making a CA and certificates with keytool, and passwords for admin, alice and bob',
      )
      mkdirSync(secure.dir, { recursive: true, mode: 0o700 })
      writeFileSync(secure.storePasswordFile, `${secrets.storePassword}\n`, { mode: 0o600 })
      for (const user of secure.users) {
        writeFileSync(user.passwordFile, `${secrets.passwords[user.name]}\n`, { mode: 0o600 })
      }
      const keytool = keytoolRunner(javaBinary(this.environment.env), join(secure.dir, 'keytool.log'))
      await createTlsMaterial(secure, secrets.storePassword, keytool)
    }
    const security = secure && secrets ? { record: secure, secrets } : undefined
    if (!kraft) return this.createZooKeeperMode(options, jarsDir, nodes, zookeeperPort, security)
    const clusterId = kafkaClusterId(randomBytes)
    this.environment.progress(
      `Formatting ${nodes.length} KRaft node${nodes.length === 1 ? '' : 's'} (cluster id ${clusterId})`,
    )
    for (const node of nodes) {
      mkdirSync(join(node.dir, 'logs'), { recursive: true })
      // A secure node's properties hold passwords (PLAIN users, store passwords): owner only.
      writeFileSync(configPath(node), serverProperties(node, nodes, options.version, security), {
        mode: 0o600,
      })
      writeFileSync(join(node.dir, 'log4j2.properties'), log4j2Properties(join(node.dir, 'logs')))
      writeFileSync(join(node.dir, 'log4j.properties'), log4jProperties(join(node.dir, 'logs')))
    }
    const scram = security ? scramFormatArgs(security.record, security.secrets) : []
    await Promise.all(nodes.map((node) => this.format(node, clusterId, jarsDir, options.version, scram)))
    const record: LocalClusterRecord = {
      version: options.version,
      clusterId,
      bootstrap: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
      jarsDir,
      createdAt: new Date().toISOString(),
      nodes,
      ...(secure ? { secure } : {}),
    }
    writeRecord(root, record)
    return record
  }

  /**
   * A ZooKeeper-mode cluster (Kafka 2.8 to 3.6): brokers with broker.id and zookeeper.connect, and one
   * ZooKeeper at port+100. Nothing to format: the first broker to start writes the cluster id to ZooKeeper.
   */
  private async createZooKeeperMode(
    options: StartOptions,
    jarsDir: string,
    nodes: LocalNodeRecord[],
    port: number,
    security: { record: SecureRecord; secrets: SecureSecrets } | undefined,
  ): Promise<LocalClusterRecord> {
    const { root } = this.environment
    const zookeeper: ZooKeeperRecord = {
      port,
      dir: join(root, 'zookeeper'),
      pid: null,
      // SCRAM credentials live in ZooKeeper: created once it runs, before the first broker starts.
      ...(security ? { scramUsersCreated: false } : {}),
    }
    this.environment.progress(
      `Kafka ${options.version} runs in ZooKeeper mode: ${nodes.length} broker${nodes.length === 1 ? '' : 's'} and a ZooKeeper on 127.0.0.1:${zookeeper.port}`,
    )
    for (const dir of [zookeeper.dir, ...nodes.map((n) => n.dir)]) {
      mkdirSync(join(dir, 'logs'), { recursive: true })
      writeFileSync(join(dir, 'log4j2.properties'), log4j2Properties(join(dir, 'logs')))
      writeFileSync(join(dir, 'log4j.properties'), log4jProperties(join(dir, 'logs')))
    }
    writeFileSync(zooCfgPath(zookeeper), zooCfg(zookeeper))
    for (const node of nodes) {
      // A secure broker's properties hold passwords (PLAIN users, store passwords): owner only.
      writeFileSync(configPath(node), zookeeperServerProperties(node, nodes, zookeeper, security), {
        mode: 0o600,
      })
    }
    const record: LocalClusterRecord = {
      version: options.version,
      clusterId: null,
      bootstrap: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
      jarsDir,
      createdAt: new Date().toISOString(),
      nodes,
      zookeeper,
      ...(security ? { secure: security.record } : {}),
    }
    writeRecord(root, record)
    return record
  }

  private async format(
    node: NodeLayout,
    clusterId: string,
    jarsDir: string,
    version: string,
    extraArgs: readonly string[],
  ): Promise<void> {
    const args = [
      ...logArgs(node),
      '-cp',
      `${jarsDir}/*`,
      kafkaToolClass('storage', version),
      'format',
      '-t',
      clusterId,
      '-c',
      configPath(node),
      ...extraArgs,
    ]
    const logFile = join(node.dir, 'logs', 'format.log')
    const code = await runToCompletion(javaBinary(this.environment.env), args, logFile)
    if (code !== 0) {
      throw new KtkError(
        'LOCAL_CLUSTER',
        `formatting the Kafka storage of node ${node.id} failed (exit ${code})`,
        {
          details: tailFile(logFile, 10),
        },
      )
    }
  }

  private spawnNode(node: LocalNodeRecord, record: LocalClusterRecord): number {
    const jvm = (
      this.environment.env.KTK_LOCAL_JVM_OPTS ??
      '-Xms256m -Xmx1g -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError'
    )
      .split(/\s+/)
      .filter(Boolean)
    const args = [
      ...jvm,
      '-Djava.awt.headless=true',
      ...logArgs(node),
      '-cp',
      `${record.jarsDir}/*`,
      kafkaToolClass('broker', record.version),
      configPath(node),
    ]
    return spawnDetached(javaBinary(this.environment.env), args, join(node.dir, 'logs', 'stdout.log'))
  }

  private async assertPortsFree(nodes: readonly NodeLayout[], secure: boolean): Promise<void> {
    for (const node of nodes) {
      const ports = [node.port, node.controllerPort, ...(secure ? secureExtraPorts(node) : [])]
      for (const port of ports) {
        if (port !== null && !(await portIsFree(port))) throw portTaken(port)
      }
    }
  }

  /**
   * Waits until every node answers on its own port with metadata that lists every node: what a fresh
   * start and a restart after nodes were killed both mean by "ready". Asking the cluster as a whole
   * is not enough: a surviving broker answers at once, and still lists a killed broker until its
   * registration times out, while the restarted node's port stays closed.
   */
  private async waitUntilReady(record: LocalClusterRecord, waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs
    const ready = new Set<number>()
    const ids = record.nodes.map((n) => n.id)
    for (let round = 0; ; round++) {
      for (const node of record.nodes) {
        if (node.pid !== null && !isAlive(node.pid)) throw brokerDied(node)
      }
      const zk = record.zookeeper
      if (zk?.pid != null && !isAlive(zk.pid)) {
        throw new KtkError('LOCAL_CLUSTER', 'ZooKeeper exited while the brokers were starting', {
          details: tailFile(join(zk.dir, 'logs', 'server.log'), 10),
        })
      }
      for (const node of record.nodes) {
        if (ready.has(node.id)) continue
        const clusterId = await this.answers(node, ids)
        if (clusterId === undefined) continue
        ready.add(node.id)
        if (record.clusterId === null && clusterId !== null) {
          record.clusterId = clusterId
          writeRecord(this.environment.root, record)
        }
      }
      if (ready.size === record.nodes.length) return
      if (round === 0) {
        this.environment.progress(
          `Waiting for ${record.nodes.length === 1 ? 'the broker' : `all ${record.nodes.length} brokers`} to answer`,
        )
      }
      if (Date.now() > deadline) {
        const silent = record.nodes.filter((n) => !ready.has(n.id)).map((n) => n.id)
        throw new KtkError(
          'LOCAL_CLUSTER',
          `the local cluster did not answer within ${Math.round(waitMs / 1000)} s (node${silent.length === 1 ? '' : 's'} ${silent.join(', ')} not answering)`,
          {
            details: record.nodes.flatMap((n) =>
              tailFile(join(n.dir, 'logs', 'server.log'), 5).map((l) => `node ${n.id}: ${l}`),
            ),
            hints: ['see the logs with: ktk local logs', 'stop it with: ktk local stop'],
          },
        )
      }
      await sleep(500)
    }
  }

  /**
   * The cluster id when this node, asked on its own port, answers with metadata listing every node;
   * undefined while it does not. Metadata goes in the newest version the broker announced (up to 12),
   * so that a Kafka 2.8 broker is asked in words it knows.
   */
  private async answers(node: LocalNodeRecord, ids: readonly number[]): Promise<string | null | undefined> {
    const session = new KafkaSession({
      ...this.connection(2000),
      bootstrapServers: [`127.0.0.1:${node.port}`],
    })
    try {
      const version = Math.min((await session.maxVersion(Metadata.apiKey)) ?? 0, 12)
      const metadata = await session.send(generatedRequest(Metadata, version, { topics: [] }))
      const listed = new Set(metadata.brokers.map((b) => b.nodeId))
      return ids.every((id) => listed.has(id)) ? (metadata.clusterId ?? null) : undefined
    } catch {
      return undefined // not up yet
    } finally {
      await session.close()
    }
  }
}

function configPath(node: NodeLayout): string {
  return join(node.dir, 'server.properties')
}

function zooCfgPath(zookeeper: ZooKeeperLayout): string {
  return join(zookeeper.dir, 'zoo.cfg')
}

function logArgs(process: { dir: string }): string[] {
  return [
    `-Dlog4j2.configurationFile=${join(process.dir, 'log4j2.properties')}`,
    `-Dlog4j.configuration=file:${join(process.dir, 'log4j.properties')}`,
    `-Dkafka.logs.dir=${join(process.dir, 'logs')}`,
  ]
}

function portTaken(port: number): KtkError {
  return new KtkError('CONFLICT', `port ${port} on 127.0.0.1 is already in use`, {
    hints: [
      'another Kafka may be running there; choose other ports with --port (brokers use port..port+2, controllers (or ZooKeeper) port+100..port+102; --secure adds port+10.. and port+20..)',
    ],
  })
}

function brokerDied(node: LocalNodeRecord): KtkError {
  const logs = join(node.dir, 'logs')
  const lines = [
    ...tailFile(join(logs, 'stdout.log'), 10),
    ...tailFile(join(logs, 'server.log'), 40)
      .filter((l) => /ERROR|FATAL|Exception/.test(l))
      .slice(-10),
  ]
  return new KtkError('LOCAL_CLUSTER', `broker node ${node.id} exited during start-up`, {
    details: lines,
    hints: [`full logs: ${join(logs, 'server.log')} and ${join(logs, 'stdout.log')}`],
  })
}
