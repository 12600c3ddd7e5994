import { describe, expect, it, vi } from 'vitest'
import type { ConnectionSettings } from '../../../src/core/connection-settings.js'
import { KtkError } from '../../../src/core/errors.js'
import { SessionGateway } from '../../../src/kafka/admin.js'
import { PartitionReader } from '../../../src/kafka/partition-reads.js'
import {
  isVersioned,
  type RawRequest,
  Reader,
  type VersionedRequest,
  Writer,
} from '../../../src/kafka/protocol/codec.js'
import { decodeMessage, encodeMessage } from '../../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../../src/kafka/protocol/messages/index.js'
import { metadataRequest } from '../../../src/kafka/protocol/topics-requests.js'
import type { KafkaSession } from '../../../src/kafka/session.js'
import { negotiatedVersion } from '../../../src/kafka/session.js'

// biome-ignore lint/suspicious/noExplicitAny: scripted answers are written as Kafka's JSON
type Loose = any

/** Kafka 2.1's ranges for the APIs these tests touch (no IncrementalAlterConfigs, no DescribeQuorum). */
const KAFKA_21: Record<number, [number, number]> = {
  2: [0, 4], // ListOffsets
  3: [0, 7], // Metadata
  19: [0, 3], // CreateTopics
  32: [0, 2], // DescribeConfigs
  33: [0, 1], // AlterConfigs
}

interface Sent {
  api: string
  version: number
  body: Loose
}

/**
 * A session whose broker announces `versions` and answers each API with `answers[api](body, version)`:
 * requests are negotiated, encoded and decoded exactly as the real session does, minus the socket.
 */
function scriptedSession(
  versions: Record<number, [number, number]>,
  answers: Record<string, (body: Loose, version: number) => Loose>,
) {
  const sent: Sent[] = []
  const broker = {
    versions: Object.fromEntries(
      Object.entries(versions).map(([k, [minVersion, maxVersion]]) => [k, { minVersion, maxVersion }]),
    ),
    connectionPool: { host: 'old', port: 9092 },
  }
  const send = async <T>(request: RawRequest<T> | VersionedRequest<T>): Promise<T> => {
    const raw = isVersioned(request) ? request.build(negotiatedVersion(broker, request)) : request
    const api = apisByKey.get(raw.apiKey)!
    const w = new Writer()
    raw.body(w)
    const body = decodeMessage(api.request, raw.apiVersion, Buffer.from(w.buffer))
    sent.push({ api: api.name, version: raw.apiVersion, body })
    const answer = answers[api.name]
    if (!answer) throw new Error(`unexpected ${api.name}`)
    return raw.decode(new Reader(encodeMessage(api.response, raw.apiVersion, answer(body, raw.apiVersion))))
  }
  const settings: ConnectionSettings = {
    bootstrapServers: ['old:9092'],
    source: 'flag',
    clientId: 'ktk-unit',
    timeoutMs: 2000,
    securityProtocol: 'PLAINTEXT',
  }
  const session = {
    settings,
    connect: async () => {},
    send,
    maxVersion: async (apiKey: number) => versions[apiKey]?.[1] ?? null,
    metadata: (topics: readonly string[] | null = null) => send(metadataRequest(topics)),
  }
  return { session: session as unknown as KafkaSession, sent }
}

const metadataAnswer = (topics: Loose[]) => () => ({
  throttleTimeMs: 0,
  brokers: [{ nodeId: 1, host: 'old', port: 9092, rack: null }],
  clusterId: 'c',
  controllerId: 1,
  topics,
})

const partition = (partitionIndex: number, replicaNodes: number[]) => ({
  errorCode: 0,
  partitionIndex,
  leaderId: replicaNodes[0],
  leaderEpoch: 0,
  replicaNodes,
  isrNodes: replicaNodes,
  offlineReplicas: [],
})

const createdAnswer = () => ({
  throttleTimeMs: 0,
  topics: [{ name: 't', errorCode: 0, errorMessage: null }],
})

describe('topics on a broker older than CreateTopics v5 (Kafka 2.4), whose answer lacks the counts', () => {
  it('reports the counts the created topic has, from Metadata, when the broker chose them', async () => {
    const { session, sent } = scriptedSession(KAFKA_21, {
      CreateTopics: createdAnswer,
      Metadata: metadataAnswer([
        {
          errorCode: 0,
          name: 't',
          isInternal: false,
          partitions: [partition(0, [1, 2]), partition(1, [2, 1])],
        },
      ]),
    })
    const created = await new SessionGateway(session).createTopics([{ name: 't', configs: {} }], {
      validateOnly: false,
    })
    expect(created).toEqual([{ name: 't', partitions: 2, replicationFactor: 2 }])
    expect(sent.map((s) => `${s.api} v${s.version}`)).toEqual([
      'Metadata v7',
      'CreateTopics v3',
      'Metadata v7',
    ])
    expect(sent[1]!.body.topics[0]).toMatchObject({ numPartitions: -1, replicationFactor: -1 })
  })

  it('a dry run reports the broker defaults (num.partitions, default.replication.factor)', async () => {
    const config = (name: string, value: string) => ({
      name,
      value,
      readOnly: true,
      configSource: 4,
      isSensitive: false,
      synonyms: [],
    })
    const { session, sent } = scriptedSession(KAFKA_21, {
      CreateTopics: createdAnswer,
      Metadata: metadataAnswer([]),
      DescribeConfigs: () => ({
        throttleTimeMs: 0,
        results: [
          {
            errorCode: 0,
            errorMessage: null,
            resourceType: 4,
            resourceName: '1',
            configs: [config('num.partitions', '6'), config('default.replication.factor', '3')],
          },
        ],
      }),
    })
    const created = await new SessionGateway(session).createTopics(
      [{ name: 't', partitions: 4, configs: {} }],
      {
        validateOnly: true,
      },
    )
    expect(created).toEqual([{ name: 't', partitions: 4, replicationFactor: 3 }])
    expect(sent.at(-1)).toMatchObject({
      api: 'DescribeConfigs',
      body: { resources: [{ resourceName: '1' }] },
    })
  })
})

describe('topic configs on a broker older than IncrementalAlterConfigs (Kafka 2.3)', () => {
  const described = (configs: Loose[]) => () => ({
    throttleTimeMs: 0,
    results: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't', configs }],
  })
  const config = (name: string, value: string | null, configSource: number, isSensitive = false) => ({
    name,
    value,
    readOnly: false,
    configSource,
    isSensitive,
    synonyms: [],
  })

  it('AlterConfigs with every current dynamic value carried over and the change applied', async () => {
    const { session, sent } = scriptedSession(KAFKA_21, {
      DescribeConfigs: described([
        config('retention.ms', '1000', 1),
        config('cleanup.policy', 'compact', 1),
        config('segment.bytes', '1073741824', 5),
      ]),
      AlterConfigs: () => ({
        throttleTimeMs: 0,
        responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 't' }],
      }),
    })
    await new SessionGateway(session).alterTopicConfigs(
      't',
      [
        { op: 'set', name: 'max.message.bytes', value: '5' },
        { op: 'delete', name: 'cleanup.policy' },
      ],
      { validateOnly: false },
    )
    expect(sent.map((s) => s.api)).toEqual(['DescribeConfigs', 'AlterConfigs'])
    expect(sent[1]!.body).toEqual({
      resources: [
        {
          resourceType: 2,
          resourceName: 't',
          configs: [
            { name: 'retention.ms', value: '1000' },
            { name: 'max.message.bytes', value: '5' },
          ],
        },
      ],
      validateOnly: false,
    })
  })

  it('refuses in one line, changing nothing, when a sensitive value would be lost', async () => {
    const { session, sent } = scriptedSession(KAFKA_21, {
      DescribeConfigs: described([config('retention.ms', '1000', 1), config('secret.key', null, 1, true)]),
    })
    const error = await new SessionGateway(session)
      .alterTopicConfigs('t', [{ op: 'set', name: 'retention.ms', value: '5' }], { validateOnly: false })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KtkError)
    expect((error as KtkError).code).toBe('UNSUPPORTED_VERSION')
    expect((error as KtkError).message).toBe(
      'the broker lacks IncrementalAlterConfigs (Kafka 2.3 or newer) and replacing the configs of topic "t" would lose its sensitive config secret.key',
    )
    expect(sent.map((s) => s.api)).toEqual(['DescribeConfigs'])
  })
})

describe('cluster describe without DescribeQuorum (ZooKeeper mode)', () => {
  it('names the controller from Metadata', async () => {
    const { session, sent } = scriptedSession(KAFKA_21, { Metadata: metadataAnswer([]) })
    const info = await new SessionGateway(session).clusterInfo()
    expect(info).toEqual({
      clusterId: 'c',
      controller: 1,
      brokers: [{ id: 1, host: 'old', port: 9092, rack: null }],
    })
    expect(sent.map((s) => s.api)).toEqual(['Metadata'])
  })
})

describe('max-timestamp on a leader older than ListOffsets v7 (Kafka 3.0)', () => {
  it('is the newest record by offset, read at the log end; never a ListOffsets the broker cannot answer', async () => {
    const { session, sent } = scriptedSession(KAFKA_21, {
      Metadata: metadataAnswer([
        { errorCode: 0, name: 't', isInternal: false, partitions: [partition(0, [1]), partition(1, [1])] },
      ]),
      ListOffsets: (body) => ({
        throttleTimeMs: 0,
        topics: [
          {
            name: 't',
            partitions: body.topics[0].partitions.map((p: Loose) => ({
              partitionIndex: p.partitionIndex,
              errorCode: 0,
              timestamp: -1n,
              offset: p.partitionIndex === 0 ? 10n : 0n,
              leaderEpoch: 0,
            })),
          },
        ],
      }),
    })
    const reader = new PartitionReader(session)
    const recordsAt = vi
      .spyOn(reader, 'recordsAt')
      .mockResolvedValue([
        { topic: 't', partition: 0, requested: 9, record: { offset: 9, timestamp: 1234, exact: true } },
      ])
    const newest = await reader.logOffsets(
      [
        { topic: 't', partition: 0 },
        { topic: 't', partition: 1 },
      ],
      'max-timestamp',
    )
    expect(newest).toEqual([
      { topic: 't', partition: 0, offset: 9, timestamp: 1234, error: null },
      { topic: 't', partition: 1, offset: null, timestamp: null, error: null },
    ])
    expect(recordsAt).toHaveBeenCalledWith([
      { topic: 't', partition: 0, offset: 9, timestamp: null, error: null },
    ])
    expect(
      sent.filter((s) => s.api === 'ListOffsets').map((s) => s.body.topics[0].partitions[0].timestamp),
    ).toEqual([-1n])
  })
})
