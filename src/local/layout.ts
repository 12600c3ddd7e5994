import { join } from 'node:path'

/** Where one Kafka node of a local cluster listens and keeps its files. */
export interface NodeLayout {
  id: number
  port: number
  /** The KRaft controller listener; null for a ZooKeeper-mode broker, which has none. */
  controllerPort: number | null
  dir: string
}

/** The ZooKeeper of a ZooKeeper-mode cluster: one server, on loopback, from Kafka's own jars. */
export interface ZooKeeperLayout {
  port: number
  dir: string
}

/** A node's server.properties: also the marker by which its JVM is recognised as ours. */
export function configPath(node: NodeLayout): string {
  return join(node.dir, 'server.properties')
}

/** The ZooKeeper's zoo.cfg: also the marker by which its JVM is recognised as ours. */
export function zooCfgPath(zookeeper: ZooKeeperLayout): string {
  return join(zookeeper.dir, 'zoo.cfg')
}

export function logsDir(process: { dir: string }): string {
  return join(process.dir, 'logs')
}

/**
 * JVM arguments that run one of Kafka's main classes from its jars, the process logging into its own
 * folder (both log4j lines are given their configuration).
 */
export function kafkaMainArgs(process: { dir: string }, jarsDir: string, mainClass: string): string[] {
  return [
    `-Dlog4j2.configurationFile=${join(process.dir, 'log4j2.properties')}`,
    `-Dlog4j.configuration=file:${join(process.dir, 'log4j.properties')}`,
    `-Dkafka.logs.dir=${logsDir(process)}`,
    '-cp',
    `${jarsDir}/*`,
    mainClass,
  ]
}
