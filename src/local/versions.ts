import { KtkError } from '../core/errors.js'

/** The Apache Kafka versions ktk runs locally and tests against. */
export const DEFAULT_KAFKA_VERSION = '4.1.2'
const ALIASES: Record<string, string> = { '4.1': '4.1.2', '4': '4.1.2', '3.9': '3.9.2', '3': '3.9.2' }

export function resolveKafkaVersion(input: string | undefined): string {
  const version = input ? (ALIASES[input] ?? input) : DEFAULT_KAFKA_VERSION
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new KtkError('USAGE', `--kafka-version "${input}" is not a Kafka version`, {
      hints: ['use a release such as 4.1.2 or 3.9.2, or 4.1 / 3.9 for the versions ktk is tested with'],
    })
  }
  const [major, minor] = version.split('.').map(Number) as [number, number]
  if (major < 3 || (major === 3 && minor < 7)) {
    throw new KtkError('USAGE', `Kafka ${version} is too old for ktk local (needs KRaft from 3.7 or newer)`)
  }
  return version
}

export function kafkaMajor(version: string): number {
  return Number(version.split('.')[0])
}

/** Maven coordinates of everything a broker and Kafka's own CLIs need, for `mvn dependency:copy-dependencies`. */
export function kafkaArtifacts(version: string): string[] {
  const slf4jBinding =
    kafkaMajor(version) >= 4
      ? 'org.apache.logging.log4j:log4j-slf4j-impl:2.24.3'
      : 'org.slf4j:slf4j-reload4j:1.7.36'
  return [`org.apache.kafka:kafka_2.13:${version}`, `org.apache.kafka:kafka-tools:${version}`, slf4jBinding]
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
  | 'storage'
  | 'broker'

export function kafkaToolClass(tool: KafkaTool, version: string): string {
  const four = kafkaMajor(version) >= 4
  switch (tool) {
    case 'topics':
      return 'org.apache.kafka.tools.TopicCommand'
    case 'configs':
      return 'kafka.admin.ConfigCommand'
    case 'consumer-groups':
      return 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand'
    case 'console-producer':
      return four ? 'org.apache.kafka.tools.ConsoleProducer' : 'kafka.tools.ConsoleProducer'
    case 'console-consumer':
      return 'org.apache.kafka.tools.consumer.ConsoleConsumer'
    case 'get-offsets':
      return 'org.apache.kafka.tools.GetOffsetShell'
    case 'delete-records':
      return 'org.apache.kafka.tools.DeleteRecordsCommand'
    case 'metadata-quorum':
      return 'org.apache.kafka.tools.MetadataQuorumCommand'
    case 'acls':
      return four ? 'org.apache.kafka.tools.AclCommand' : 'kafka.admin.AclCommand'
    case 'storage':
      return 'kafka.tools.StorageTool'
    case 'broker':
      return 'kafka.Kafka'
  }
}
