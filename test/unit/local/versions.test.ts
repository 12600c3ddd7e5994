import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import {
  DEFAULT_KAFKA_VERSION,
  kafkaArtifacts,
  kafkaMajor,
  kafkaToolClass,
  resolveKafkaVersion,
} from '../../../src/local/versions.js'

describe('resolveKafkaVersion', () => {
  it.each<[string | undefined, string]>([
    [undefined, '4.1.2'],
    ['', '4.1.2'],
    ['4.1', '4.1.2'],
    ['4', '4.1.2'],
    ['3.9', '3.9.2'],
    ['3', '3.9.2'],
    ['4.1.2', '4.1.2'],
    ['3.9.2', '3.9.2'],
    ['4.0.1', '4.0.1'],
    ['3.7.0', '3.7.0'],
  ])('%j -> %s', (input, expected) => {
    expect(resolveKafkaVersion(input)).toBe(expected)
  })

  it('the default is 4.1.2', () => {
    expect(DEFAULT_KAFKA_VERSION).toBe('4.1.2')
  })

  it.each(['abc', '3.5.0', '3.6.2', '2.8.0', '4.1.x', 'v4.1.2', '4.1.2.1', 'latest'])(
    '%j is a usage error',
    (input) => {
      let error: unknown
      try {
        resolveKafkaVersion(input)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(KtkError)
      expect((error as KtkError).code).toBe('USAGE')
      expect((error as KtkError).exit).toBe(2)
      expect((error as KtkError).message).toContain(input)
    },
  )
})

describe('kafkaMajor', () => {
  it.each([
    ['4.1.2', 4],
    ['3.9.2', 3],
    ['10.0.0', 10],
  ])('%s -> %i', (v, major) => {
    expect(kafkaMajor(v)).toBe(major)
  })
})

describe('kafkaToolClass', () => {
  // Checked against the jars: each class exists in that version's libs.
  it.each([
    ['topics', 'org.apache.kafka.tools.TopicCommand', 'org.apache.kafka.tools.TopicCommand'],
    ['configs', 'kafka.admin.ConfigCommand', 'kafka.admin.ConfigCommand'],
    [
      'consumer-groups',
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
    ],
    ['console-producer', 'kafka.tools.ConsoleProducer', 'org.apache.kafka.tools.ConsoleProducer'],
    [
      'console-consumer',
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
    ],
    ['acls', 'kafka.admin.AclCommand', 'org.apache.kafka.tools.AclCommand'],
    ['get-offsets', 'org.apache.kafka.tools.GetOffsetShell', 'org.apache.kafka.tools.GetOffsetShell'],
    [
      'metadata-quorum',
      'org.apache.kafka.tools.MetadataQuorumCommand',
      'org.apache.kafka.tools.MetadataQuorumCommand',
    ],
    ['storage', 'kafka.tools.StorageTool', 'kafka.tools.StorageTool'],
    ['broker', 'kafka.Kafka', 'kafka.Kafka'],
  ] as const)('%s: 3.9 %s, 4.x %s', (tool, v39, v4) => {
    expect(kafkaToolClass(tool, '3.9.2')).toBe(v39)
    expect(kafkaToolClass(tool, '4.1.2')).toBe(v4)
    expect(kafkaToolClass(tool, '4.0.0')).toBe(v4)
  })
})

describe('kafkaArtifacts', () => {
  it.each([
    ['4.1.2', 'org.apache.logging.log4j:log4j-slf4j-impl:2.24.3'],
    ['3.9.2', 'org.slf4j:slf4j-reload4j:1.7.36'],
  ])('%s', (version, binding) => {
    expect(kafkaArtifacts(version)).toEqual([
      `org.apache.kafka:kafka_2.13:${version}`,
      `org.apache.kafka:kafka-tools:${version}`,
      binding,
    ])
  })
})
