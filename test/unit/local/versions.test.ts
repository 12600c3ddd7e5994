import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import {
  DEFAULT_KAFKA_VERSION,
  javaNeeded,
  type KafkaTool,
  kafkaArtifacts,
  kafkaMajor,
  kafkaMode,
  kafkaToolClass,
  resolveKafkaVersion,
} from '../../../src/local/versions.js'

function thrown(f: () => unknown): KtkError {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(KtkError)
    return e as KtkError
  }
  throw new Error('expected an error')
}

describe('resolveKafkaVersion', () => {
  it.each<[string | undefined, string]>([
    [undefined, '4.4.0'],
    ['', '4.4.0'],
    ['4', '4.4.0'],
    ['4.4', '4.4.0'],
    ['4.1', '4.1.2'],
    ['3.9', '3.9.2'],
    ['3', '3.9.2'],
    ['3.4', '3.4.1'],
    ['2.8', '2.8.2'],
    ['4.1.2', '4.1.2'],
    ['3.9.2', '3.9.2'],
    ['4.0.1', '4.0.1'],
    ['3.7.0', '3.7.0'],
    ['3.5.0', '3.5.0'],
    ['2.8.0', '2.8.0'],
  ])('%j -> %s', (input, expected) => {
    expect(resolveKafkaVersion(input)).toBe(expected)
  })

  it('the default is 4.4.0, the newest Kafka on Maven Central that the quick start ran on', () => {
    expect(DEFAULT_KAFKA_VERSION).toBe('4.4.0')
  })

  it.each(['abc', '4.1.x', 'v4.1.2', '4.1.2.1', 'latest'])('%j is a usage error', (input) => {
    const error = thrown(() => resolveKafkaVersion(input))
    expect(error.code).toBe('USAGE')
    expect(error.exit).toBe(2)
    expect(error.message).toBe(`--kafka-version "${input}" is not a Kafka version`)
  })

  it.each(['2.7.2', '2.1.0', '1.1.1', '0.11.0'])('%j is too old, in one line', (input) => {
    const error = thrown(() => resolveKafkaVersion(input))
    expect(error.exit).toBe(2)
    expect(error.message).toBe(`Kafka ${input} is too old for ktk local (it runs Kafka 2.8 and newer)`)
  })

  it('caps a long input in the message', () => {
    const error = thrown(() => resolveKafkaVersion('x'.repeat(500)))
    expect(error.message).toBe(`--kafka-version "${'x'.repeat(80)}…" is not a Kafka version`)
  })
})

describe('kafkaMode', () => {
  it.each([
    ['2.8.2', 'zookeeper'],
    ['3.0.2', 'zookeeper'],
    ['3.4.1', 'zookeeper'],
    ['3.6.2', 'zookeeper'],
    ['3.7.0', 'kraft'],
    ['3.9.2', 'kraft'],
    ['4.1.2', 'kraft'],
    ['4.4.0', 'kraft'],
    ['10.0.0', 'kraft'],
  ])('%s runs in %s mode', (version, mode) => {
    expect(kafkaMode(version)).toBe(mode)
  })
})

describe('kafkaMajor and javaNeeded', () => {
  it.each([
    ['4.1.2', 4, 17],
    ['3.9.2', 3, 11],
    ['2.8.2', 2, 8],
    ['10.0.0', 10, 17],
  ])('%s -> Kafka %i, Java %i', (v, major, java) => {
    expect(kafkaMajor(v)).toBe(major)
    expect(javaNeeded(v)).toBe(java)
  })
})

describe('kafkaToolClass', () => {
  // Each row checked with `unzip -l` against the kafka_2.13 and kafka-tools jars of that version.
  const versions = [
    '2.8.2',
    '3.0.2',
    '3.3.2',
    '3.4.1',
    '3.5.2',
    '3.6.2',
    '3.7.2',
    '3.8.1',
    '3.9.2',
    '4.0.2',
    '4.3.2',
    '4.4.0',
  ] as const
  const A = 'kafka.admin.'
  const T = 'kafka.tools.'
  const O = 'org.apache.kafka.tools.'
  const table: Record<Exclude<KafkaTool, 'metadata-quorum'>, string[]> = {
    //                2.8.2  3.0.2  3.3.2  3.4.1  3.5.2  3.6.2  3.7.2  3.8.1  3.9.2  4.0.2  4.3.2  4.4.0
    topics: [
      `${A}TopicCommand`,
      `${A}TopicCommand`,
      `${A}TopicCommand`,
      `${A}TopicCommand`,
      `${A}TopicCommand`,
      `${A}TopicCommand`,
      `${O}TopicCommand`,
      `${O}TopicCommand`,
      `${O}TopicCommand`,
      `${O}TopicCommand`,
      `${O}TopicCommand`,
      `${O}TopicCommand`,
    ],
    configs: [...Array(11).fill(`${A}ConfigCommand`), `${O}ConfigCommand`],
    'consumer-groups': [
      ...Array(7).fill(`${A}ConsumerGroupCommand`),
      ...Array(5).fill(`${O}consumer.group.ConsumerGroupCommand`),
    ],
    'console-producer': [...Array(9).fill(`${T}ConsoleProducer`), ...Array(3).fill(`${O}ConsoleProducer`)],
    'console-consumer': [
      ...Array(7).fill(`${T}ConsoleConsumer`),
      ...Array(5).fill(`${O}consumer.ConsoleConsumer`),
    ],
    'get-offsets': [...Array(6).fill(`${T}GetOffsetShell`), ...Array(6).fill(`${O}GetOffsetShell`)],
    'delete-records': [
      ...Array(5).fill(`${A}DeleteRecordsCommand`),
      ...Array(7).fill(`${O}DeleteRecordsCommand`),
    ],
    acls: [...Array(9).fill(`${A}AclCommand`), ...Array(3).fill(`${O}AclCommand`)],
    features: [...Array(5).fill(`${A}FeatureCommand`), ...Array(7).fill(`${O}FeatureCommand`)],
    storage: Array(12).fill(`${T}StorageTool`),
    broker: Array(12).fill('kafka.Kafka'),
    zookeeper: Array(12).fill('org.apache.zookeeper.server.ZooKeeperServerMain'),
  }
  for (const [tool, classes] of Object.entries(table)) {
    it.each(versions.map((v, i) => [v, classes[i]!]))(`${tool} in %s is %s`, (version, expected) => {
      expect(kafkaToolClass(tool as KafkaTool, version)).toBe(expected)
    })
  }

  it('metadata-quorum: kafka.admin in 3.3, tools from 3.4, and none before 3.3', () => {
    expect(kafkaToolClass('metadata-quorum', '3.3.2')).toBe(`${A}MetadataQuorumCommand`)
    expect(kafkaToolClass('metadata-quorum', '3.4.1')).toBe(`${O}MetadataQuorumCommand`)
    expect(kafkaToolClass('metadata-quorum', '4.4.0')).toBe(`${O}MetadataQuorumCommand`)
    expect(thrown(() => kafkaToolClass('metadata-quorum', '2.8.2')).message).toBe(
      'Kafka 2.8.2 has no metadata quorum tool (it came with 3.3)',
    )
  })
})

describe('kafkaArtifacts', () => {
  it.each([
    ['4.4.0', ['org.apache.logging.log4j:log4j-slf4j-impl:2.24.3']],
    ['4.1.2', ['org.apache.logging.log4j:log4j-slf4j-impl:2.24.3']],
    ['3.9.2', ['org.slf4j:slf4j-reload4j:1.7.36']],
    ['3.4.1', ['org.slf4j:slf4j-reload4j:1.7.36']],
    // 2.8's and 3.0's kafka-tools bring slf4j-log4j12 themselves: a second binding would only make SLF4J warn.
    ['3.0.2', []],
    ['2.8.2', []],
  ])('%s', (version, binding) => {
    expect(kafkaArtifacts(version)).toEqual([
      `org.apache.kafka:kafka_2.13:${version}`,
      `org.apache.kafka:kafka-tools:${version}`,
      ...binding,
    ])
  })
})
