import type { NodeLayout, ZooKeeperLayout } from './layout.js'
import { type SecureSetup, secureServerLines } from './secure.js'
import { kafkaMajor } from './versions.js'

/**
 * server.properties of one combined broker+controller node of a KRaft cluster on loopback; with
 * `secure`, SASL and TLS listeners and the StandardAuthorizer replace the PLAINTEXT listener.
 */
export function serverProperties(
  node: NodeLayout,
  all: readonly NodeLayout[],
  version: string,
  secure?: SecureSetup,
): string {
  const lines: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ['node.id', node.id],
    // Static voters work on every KRaft version ktk supports and need no --standalone at format time.
    ['controller.quorum.voters', all.map((x) => `${x.id}@127.0.0.1:${x.controllerPort}`).join(',')],
    ['listeners', `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${node.port}`],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['controller.listener.names', 'CONTROLLER'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ...brokerLines(node, all.length),
  ]
  const replication = Math.min(3, all.length)
  const minIsr = Math.min(2, all.length)
  if (kafkaMajor(version) >= 4) {
    lines.push(['share.coordinator.state.topic.replication.factor', replication])
    lines.push(['share.coordinator.state.topic.min.isr', minIsr])
  }
  const secureLines = secure ? secureServerLines(node, secure.record, secure.secrets, 'kraft') : []
  const replaced = new Set(secureLines.map(([k]) => k))
  const merged = [...lines.filter(([k]) => !replaced.has(k)), ...secureLines]
  return propertiesText(merged)
}

/**
 * server.properties of one broker of a ZooKeeper-mode cluster (Kafka 2.8 to 3.6): broker.id and
 * zookeeper.connect instead of KRaft's roles and voters, the same storage and topic defaults.
 */
export function zookeeperServerProperties(
  node: NodeLayout,
  all: readonly NodeLayout[],
  zookeeper: ZooKeeperLayout,
  secure?: SecureSetup,
): string {
  const lines: [string, string | number][] = [
    ['broker.id', node.id],
    ['zookeeper.connect', `127.0.0.1:${zookeeper.port}`],
    // Kafka's default before 2.5 (18 s since): a killed broker's registration goes after 6 s, so a
    // restart waits that long at most (see LocalCluster's waitForStaleRegistrations).
    ['zookeeper.session.timeout.ms', 6000],
    ['listeners', `PLAINTEXT://127.0.0.1:${node.port}`],
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${node.port}`],
    ...brokerLines(node, all.length),
  ]
  const secureLines = secure ? secureServerLines(node, secure.record, secure.secrets, 'zookeeper') : []
  const replaced = new Set(secureLines.map(([k]) => k))
  return propertiesText([...lines.filter(([k]) => !replaced.has(k)), ...secureLines])
}

/** zoo.cfg of the single ZooKeeper server: loopback only, and no admin web server (it would take port 8080). */
export function zooCfg(zookeeper: ZooKeeperLayout): string {
  return propertiesText([
    ['dataDir', `${zookeeper.dir}/data`],
    ['clientPort', zookeeper.port],
    ['clientPortAddress', '127.0.0.1'],
    ['tickTime', 2000],
    ['maxClientCnxns', 0],
    ['admin.enableServer', 'false'],
    // `ruok`: ZooKeeper answers; `dump`: which brokers it still lists (a killed broker's, until its session expires).
    ['4lw.commands.whitelist', 'ruok,srvr,dump'],
  ])
}

/** Storage, topic and thread settings every broker gets, KRaft or ZooKeeper mode. */
function brokerLines(node: NodeLayout, n: number): [string, string | number][] {
  const replication = Math.min(3, n)
  const minIsr = Math.min(2, n)
  return [
    ['log.dirs', `${node.dir}/data`],
    ['num.partitions', 1],
    ['default.replication.factor', replication],
    ['offsets.topic.replication.factor', replication],
    ['offsets.topic.num.partitions', n === 1 ? 1 : 3],
    ['transaction.state.log.replication.factor', replication],
    ['transaction.state.log.min.isr', minIsr],
    ['transaction.state.log.num.partitions', n === 1 ? 1 : 3],
    // A typo must not create a topic: the same as ktk's clients, which never ask for auto-creation.
    ['auto.create.topics.enable', 'false'],
    // Groups start at once instead of waiting 3 s for more members: what a developer machine wants.
    ['group.initial.rebalance.delay.ms', 0],
    ['num.network.threads', 2],
    ['num.io.threads', 4],
    ['num.recovery.threads.per.data.dir', 1],
    ['log.cleaner.threads', 1],
    ['log.retention.check.interval.ms', 30000],
  ]
}

function propertiesText(lines: readonly [string, string | number][]): string {
  return `${lines.map(([k, v]) => `${k}=${v}`).join('\n')}\n`
}

/** Logging for both Kafka lines: log4j2 (4.x) and reload4j (3.x); the JVM is given both. */
export function log4j2Properties(logDir: string): string {
  return `status = error
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${logDir}/server.log
appender.file.filePattern = ${logDir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.state.name = state.change.logger
logger.state.level = WARN
`
}

export function log4jProperties(logDir: string): string {
  return `log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=${logDir}/server.log
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=3
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
`
}

/** A cluster id in Kafka's form (Uuid.randomUuid: URL-safe base64 of 16 bytes, never starting with '-'). */
export function kafkaClusterId(random: (size: number) => Buffer): string {
  for (;;) {
    const id = random(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}
