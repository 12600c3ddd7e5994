import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../core/errors.js'
import type { LocalClusterEnvironment, StartOptions } from './cluster-environment.js'
import { javaBinary } from './java.js'
import { kafkaMainArgs, logsDir, zooCfgPath } from './layout.js'
import { zooCfg, zookeeperServerProperties } from './node-config.js'
import { writeLogConfigs, writeServerProperties } from './node-files.js'
import { portTaken } from './ports.js'
import {
  isAlive,
  isOurProcess,
  portIsFree,
  runToCompletion,
  spawnDetached,
  tailFile,
  zookeeperAnswers,
  zookeeperCommand,
} from './processes.js'
import type { SecureSetup } from './secure.js'
import { type LocalClusterRecord, type LocalNodeRecord, writeRecord, type ZooKeeperRecord } from './state.js'
import { kafkaToolClass } from './versions.js'

/**
 * A ZooKeeper-mode cluster (Kafka 2.8 to 3.6): brokers with broker.id and zookeeper.connect, and one
 * ZooKeeper at port+100. Nothing to format: the first broker to start writes the cluster id to ZooKeeper.
 */
export function createZooKeeperCluster(
  environment: LocalClusterEnvironment,
  options: StartOptions,
  jarsDir: string,
  nodes: LocalNodeRecord[],
  port: number,
  security: SecureSetup | undefined,
): LocalClusterRecord {
  const { root } = environment
  const zookeeper: ZooKeeperRecord = {
    port,
    dir: join(root, 'zookeeper'),
    pid: null,
    // SCRAM credentials live in ZooKeeper: created once it runs, before the first broker starts.
    ...(security ? { scramUsersCreated: false } : {}),
  }
  environment.progress(
    `Kafka ${options.version} runs in ZooKeeper mode: ${nodes.length} broker${nodes.length === 1 ? '' : 's'} and a ZooKeeper on 127.0.0.1:${zookeeper.port}`,
  )
  for (const process of [zookeeper, ...nodes]) writeLogConfigs(process)
  writeFileSync(zooCfgPath(zookeeper), zooCfg(zookeeper))
  for (const node of nodes) {
    writeServerProperties(node, zookeeperServerProperties(node, nodes, zookeeper, security))
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

/**
 * What a ZooKeeper-mode cluster needs before its brokers start: its ZooKeeper running, a secure
 * cluster's SCRAM users in it, and no stale registration of the brokers about to start.
 */
export async function prepareZooKeeper(
  environment: LocalClusterEnvironment,
  record: LocalClusterRecord,
  zk: ZooKeeperRecord,
  toStart: readonly LocalNodeRecord[],
  waitMs: number,
): Promise<void> {
  await startZooKeeper(environment, record, zk, waitMs)
  if (zk.scramUsersCreated === false) await createScramUsers(environment, record, zk)
  await waitForStaleRegistrations(environment, zk, toStart, waitMs)
}

/** Starts the ZooKeeper of a ZooKeeper-mode cluster unless it runs, and waits until it answers. */
async function startZooKeeper(
  environment: LocalClusterEnvironment,
  record: LocalClusterRecord,
  zk: ZooKeeperRecord,
  waitMs: number,
): Promise<void> {
  if (isOurProcess(zk.pid, zooCfgPath(zk))) return
  if (!(await portIsFree(zk.port))) throw portTaken(zk.port)
  zk.pid = spawnDetached(
    javaBinary(environment.env),
    [
      '-Xms64m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      ...kafkaMainArgs(zk, record.jarsDir, kafkaToolClass('zookeeper', record.version)),
      zooCfgPath(zk),
    ],
    join(logsDir(zk), 'stdout.log'),
  )
  writeRecord(environment.root, record)
  environment.progress(`Started ZooKeeper (pid ${zk.pid}) on 127.0.0.1:${zk.port}`)
  await waitUntilZooKeeperAnswers(zk, zk.pid, waitMs)
}

async function waitUntilZooKeeperAnswers(zk: ZooKeeperRecord, pid: number, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs
  while (!(await zookeeperAnswers(zk.port))) {
    if (!isAlive(pid)) {
      throw new KtkError('LOCAL_CLUSTER', 'ZooKeeper exited during start-up', {
        details: tailFile(join(logsDir(zk), 'stdout.log'), 10),
        hints: [`full log: ${join(logsDir(zk), 'server.log')}`],
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
async function waitForStaleRegistrations(
  environment: LocalClusterEnvironment,
  zk: ZooKeeperRecord,
  nodes: readonly LocalNodeRecord[],
  waitMs: number,
): Promise<void> {
  const deadline = Date.now() + waitMs
  for (let round = 0; ; round++) {
    const registered = await registeredBrokers(zk)
    const stale = nodes.filter((n) => registered.has(n.id)).map((n) => n.id)
    if (stale.length === 0) return
    if (round === 0) {
      environment.progress(
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

/** The broker ids ZooKeeper lists under /brokers/ids (its `dump` four-letter word). */
async function registeredBrokers(zk: ZooKeeperRecord): Promise<Set<number>> {
  return new Set(
    (await zookeeperCommand(zk.port, 'dump'))
      .split('\n')
      .map((l) => /^\s*\/brokers\/ids\/(\d+)\s*$/.exec(l)?.[1])
      .filter((id) => id !== undefined)
      .map(Number),
  )
}

/**
 * The SCRAM credentials of a secure ZooKeeper-mode cluster, written to ZooKeeper with Kafka's own
 * ConfigCommand (`--zookeeper`, which every ZooKeeper-mode version keeps for exactly this), one JVM per user.
 */
async function createScramUsers(
  environment: LocalClusterEnvironment,
  record: LocalClusterRecord,
  zk: ZooKeeperRecord,
): Promise<void> {
  const secure = record.secure!
  environment.progress(`Creating the SCRAM users ${secure.users.map((u) => u.name).join(', ')} in ZooKeeper`)
  const logFile = join(logsDir(zk), 'scram-users.log')
  await Promise.all(
    secure.users.map(async (user) => {
      const password = readFileSync(user.passwordFile, 'utf8').trim()
      const code = await runToCompletion(
        javaBinary(environment.env),
        [
          '-XX:TieredStopAtLevel=1',
          '-XX:+UseSerialGC',
          ...kafkaMainArgs(zk, record.jarsDir, kafkaToolClass('configs', record.version)),
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
  writeRecord(environment.root, record)
}
