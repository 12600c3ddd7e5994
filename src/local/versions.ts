import { KtkError, shortened } from '../core/errors.js'

/**
 * The Apache Kafka ktk local starts by default: the newest 4.x that ktk's tests and the quick start
 * pass on. Share groups are on by default from 4.2 (share.version), so a new user can try them at once.
 */
export const DEFAULT_KAFKA_VERSION = '4.4.0'
/** Short names for the versions ktk is tested with: the newest patch of each line (Maven Central, checked). */
const ALIASES: Record<string, string> = {
  '4': DEFAULT_KAFKA_VERSION,
  '4.4': '4.4.0',
  '4.1': '4.1.2',
  '3': '3.9.2',
  '3.9': '3.9.2',
  '3.4': '3.4.1',
  '2.8': '2.8.2',
}
/** The releases the short names stand for: ktk ships a checked list of their jars (kafka-artifacts.ts). */
export function namedKafkaVersions(): string[] {
  return [...new Set(Object.values(ALIASES))]
}
/** The oldest Kafka ktk local runs: 2.8 is the first line that runs on Java 17 with no changes. */
const OLDEST = [2, 8] as const

export function resolveKafkaVersion(input: string | undefined): string {
  const version = input ? (ALIASES[input] ?? input) : DEFAULT_KAFKA_VERSION
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new KtkError('USAGE', `--kafka-version "${shortened(input ?? '')}" is not a Kafka version`, {
      hints: [
        `use a release such as ${DEFAULT_KAFKA_VERSION} or 3.9.2, or ${Object.keys(ALIASES).join(' / ')}`,
      ],
    })
  }
  const [major, minor] = version.split('.').map(Number) as [number, number]
  if (major < OLDEST[0] || (major === OLDEST[0] && minor < OLDEST[1])) {
    throw new KtkError('USAGE', `Kafka ${version} is too old for ktk local (it runs Kafka 2.8 and newer)`)
  }
  return version
}

export function kafkaMajor(version: string): number {
  return Number(version.split('.')[0])
}

/** [major, minor] of a version, for comparisons such as "3.7 or newer". */
function line(version: string): number {
  const [major, minor] = version.split('.').map(Number) as [number, number]
  return major * 100 + minor
}
const atLeast = (version: string, major: number, minor: number) => line(version) >= major * 100 + minor

/**
 * KRaft for 3.7 and newer (the versions whose KRaft ktk local supports: static voters, SCRAM users at
 * format time); ZooKeeper mode, with a ZooKeeper from the same jars, for 2.8 to 3.6.
 */
export type KafkaMode = 'kraft' | 'zookeeper'
export function kafkaMode(version: string): KafkaMode {
  return atLeast(version, 3, 7) ? 'kraft' : 'zookeeper'
}

/** Maven coordinates of everything a broker and Kafka's own CLIs need, for `mvn dependency:copy-dependencies`. */
export function kafkaArtifacts(version: string): string[] {
  const kafka = [`org.apache.kafka:kafka_2.13:${version}`, `org.apache.kafka:kafka-tools:${version}`]
  // 2.8 and 3.0 bring their own binding (slf4j-log4j12 and log4j 1.2.17, through kafka-tools): a second
  // would make SLF4J warn on every start. Later 3.x log through reload4j, 4.x through log4j2.
  if (!atLeast(version, 3, 1)) return kafka
  const binding =
    kafkaMajor(version) >= 4
      ? 'org.apache.logging.log4j:log4j-slf4j-impl:2.24.3'
      : 'org.slf4j:slf4j-reload4j:1.7.36'
  return [...kafka, binding]
}

/** Main classes whose package moved between the versions ktk supports. */
export type KafkaTool =
  | 'topics'
  | 'configs'
  | 'consumer-groups'
  | 'console-producer'
  | 'console-consumer'
  | 'get-offsets'
  | 'delete-records'
  | 'metadata-quorum'
  | 'acls'
  | 'features'
  | 'storage'
  | 'broker'
  | 'zookeeper'

/**
 * The main class of one of Kafka's tools in this version, as its bin/ scripts name it (each checked
 * with `unzip -l` against the kafka_2.13 and kafka-tools jars of 2.8.2, 3.0.2-3.9.2, 4.0.2-4.4.0).
 */
export function kafkaToolClass(tool: KafkaTool, version: string): string {
  const moved = (major: number, minor: number, newer: string, older: string) =>
    atLeast(version, major, minor) ? newer : older
  switch (tool) {
    case 'topics':
      return moved(3, 7, 'org.apache.kafka.tools.TopicCommand', 'kafka.admin.TopicCommand')
    case 'configs':
      return moved(4, 4, 'org.apache.kafka.tools.ConfigCommand', 'kafka.admin.ConfigCommand')
    case 'consumer-groups':
      return moved(
        3,
        8,
        'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
        'kafka.admin.ConsumerGroupCommand',
      )
    case 'console-producer':
      return moved(4, 0, 'org.apache.kafka.tools.ConsoleProducer', 'kafka.tools.ConsoleProducer')
    case 'console-consumer':
      return moved(3, 8, 'org.apache.kafka.tools.consumer.ConsoleConsumer', 'kafka.tools.ConsoleConsumer')
    case 'get-offsets':
      return moved(3, 7, 'org.apache.kafka.tools.GetOffsetShell', 'kafka.tools.GetOffsetShell')
    case 'delete-records':
      return moved(3, 6, 'org.apache.kafka.tools.DeleteRecordsCommand', 'kafka.admin.DeleteRecordsCommand')
    case 'metadata-quorum':
      if (!atLeast(version, 3, 3)) {
        throw new KtkError('USAGE', `Kafka ${version} has no metadata quorum tool (it came with 3.3)`)
      }
      return moved(3, 4, 'org.apache.kafka.tools.MetadataQuorumCommand', 'kafka.admin.MetadataQuorumCommand')
    case 'acls':
      return moved(4, 0, 'org.apache.kafka.tools.AclCommand', 'kafka.admin.AclCommand')
    case 'features':
      return moved(3, 6, 'org.apache.kafka.tools.FeatureCommand', 'kafka.admin.FeatureCommand')
    case 'storage':
      return 'kafka.tools.StorageTool'
    case 'broker':
      return 'kafka.Kafka'
    case 'zookeeper':
      // The ZooKeeper every ZooKeeper-mode Kafka ships in its jars (3.5.x for 2.8, 3.6/3.8 for 3.x).
      return 'org.apache.zookeeper.server.ZooKeeperServerMain'
  }
}

/** Java a Kafka line needs: 8 for 2.x, 11 for 3.x, 17 for 4.x. */
export function javaNeeded(version: string): number {
  const major = kafkaMajor(version)
  return major >= 4 ? 17 : major === 3 ? 11 : 8
}
