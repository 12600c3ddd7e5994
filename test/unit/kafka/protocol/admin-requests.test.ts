import { describe, expect, it } from 'vitest'
import type { Acl, AclFilter } from '../../../../src/core/acl.js'
import type { ConfigSource } from '../../../../src/core/cluster-types.js'
import {
  createAclsRequest,
  deleteAclsRequest,
  describeAclsRequest,
} from '../../../../src/kafka/protocol/acls-requests.js'
import {
  type AnswerMeta,
  Reader,
  type VersionedRequest,
  Writer,
} from '../../../../src/kafka/protocol/codec.js'
import {
  alterConfigsRequest,
  describeConfigsRequest,
  fullConfigSet,
  incrementalAlterConfigsRequest,
} from '../../../../src/kafka/protocol/configs-requests.js'
import {
  type ApiSchema,
  decodeMessage,
  encodeMessage,
  ZERO_UUID,
} from '../../../../src/kafka/protocol/message-codec.js'
import { apisByKey } from '../../../../src/kafka/protocol/messages/index.js'
import { listOffsetsRequest, OffsetSpec } from '../../../../src/kafka/protocol/offsets-requests.js'
import { describeQuorumRequest } from '../../../../src/kafka/protocol/quorum-request.js'
import {
  createPartitionsRequest,
  createTopicsRequest,
  deleteTopicsRequest,
  metadataRequest,
} from '../../../../src/kafka/protocol/topics-requests.js'

// biome-ignore lint/suspicious/noExplicitAny: test values are written per version, as Kafka's JSON
type Loose = any

const schemaOf = (request: VersionedRequest<unknown>): ApiSchema => apisByKey.get(request.apiKey)!

/** What ktk sends at a version, decoded with the request's own schema. */
function sent(request: VersionedRequest<unknown>, version: number): Loose {
  const raw = request.build(version)
  expect(raw.apiVersion).toBe(version)
  const w = new Writer()
  raw.body(w)
  return decodeMessage(schemaOf(request).request, version, Buffer.from(w.buffer))
}

/** ktk's result for a broker's answer at a version (encoded with the response schema). */
function answer<T>(request: VersionedRequest<T>, version: number, response: Loose, meta?: AnswerMeta): T {
  const bytes = encodeMessage(schemaOf(request).response, version, response)
  return request.build(version).decode(new Reader(bytes), meta)
}

const range = (request: VersionedRequest<unknown>) => [request.minVersion, request.maxVersion]

describe('Metadata', () => {
  const broker = (v: number) => ({ nodeId: 1, host: 'h', port: 9092, ...(v >= 1 ? { rack: 'r' } : {}) })
  const topic = (v: number, name: string) => ({
    errorCode: 0,
    name,
    ...(v >= 10 ? { topicId: 'AAECAwQFBgcICQoLDA0ODw' } : {}),
    ...(v >= 1 ? { isInternal: name.startsWith('__') } : {}),
    partitions: [
      {
        errorCode: 0,
        partitionIndex: 0,
        leaderId: 1,
        replicaNodes: [1, 2],
        isrNodes: [1],
        ...(v >= 5 ? { offlineReplicas: [2] } : {}),
      },
    ],
  })
  const response = (v: number, names: string[]) => ({
    brokers: [broker(v)],
    ...(v >= 2 ? { clusterId: 'c' } : {}),
    ...(v >= 1 ? { controllerId: 1 } : {}),
    topics: names.map((n) => topic(v, n)),
  })

  it('claims every version Kafka 4.4 defines, 0-13', () => {
    expect(range(metadataRequest(null))).toEqual([0, 13])
  })

  it('never lets the broker auto-create: allow_auto_topic_creation false from v4', () => {
    for (const v of [4, 12, 13]) {
      expect(sent(metadataRequest(['a']), v)).toMatchObject({
        topics: [{ name: 'a' }],
        allowAutoTopicCreation: false,
      })
    }
  })

  it('below v4 names no topic (that would auto-create it): asks for every topic and keeps the named', () => {
    for (const v of [1, 3]) {
      expect(sent(metadataRequest(['a']), v).topics).toBeNull()
      const result = answer(metadataRequest(['a']), v, response(v, ['a', 'b', '__x']))
      expect(result.topics.map((t) => t.name)).toEqual(['a'])
    }
    expect(sent(metadataRequest(['a']), 0).topics).toEqual([])
    expect(answer(metadataRequest(['a']), 0, response(0, ['a', 'b'])).topics.map((t) => t.name)).toEqual([
      'a',
    ])
  })

  it('null lists every topic (an empty list at v0); [] asks for none (v0 cannot: it keeps none)', () => {
    expect(sent(metadataRequest(null), 1).topics).toBeNull()
    expect(sent(metadataRequest(null), 0).topics).toEqual([])
    expect(sent(metadataRequest([]), 1).topics).toEqual([])
    expect(answer(metadataRequest([]), 0, response(0, ['a'])).topics).toEqual([])
    expect(answer(metadataRequest(null), 0, response(0, ['a'])).topics).toHaveLength(1)
  })

  it('maps v0 (no rack, cluster id, controller, topic ids, offline replicas) and v13', () => {
    expect(answer(metadataRequest(null), 0, response(0, ['a']))).toEqual({
      brokers: [{ nodeId: 1, host: 'h', port: 9092, rack: null }],
      clusterId: null,
      controllerId: -1,
      topics: [
        {
          errorCode: 0,
          name: 'a',
          topicId: ZERO_UUID,
          internal: false,
          partitions: [
            { errorCode: 0, partition: 0, leader: 1, replicas: [1, 2], isr: [1], offlineReplicas: [] },
          ],
        },
      ],
    })
    const meta: AnswerMeta = { throttleTimeMs: 0 }
    const v13 = answer(metadataRequest(null), 13, { ...response(13, ['__x']), throttleTimeMs: 250 }, meta)
    expect(v13).toMatchObject({
      brokers: [{ rack: 'r' }],
      clusterId: 'c',
      controllerId: 1,
      topics: [{ name: '__x', topicId: 'AAECAwQFBgcICQoLDA0ODw', internal: true }],
    })
    expect(v13.topics[0]!.partitions[0]!.offlineReplicas).toEqual([2])
    expect(meta.throttleTimeMs).toBe(250)
  })

  it('v13: a top-level error is an error, not an empty cluster', () => {
    expect(() => answer(metadataRequest(null), 13, { ...response(13, []), errorCode: 129 })).toThrow(
      /answered Metadata with/,
    )
  })
})

describe('topic admin requests', () => {
  const spec = {
    name: 't',
    numPartitions: 3,
    replicationFactor: 2,
    assignments: [],
    configs: [{ name: 'cleanup.policy', value: 'compact' }],
  }

  it('CreateTopics v2-v7: counts from v5, -1 before (the caller fills them in)', () => {
    const request = createTopicsRequest([spec], 1000, true)
    expect(range(request)).toEqual([2, 7])
    for (const v of [2, 7]) {
      expect(sent(request, v)).toMatchObject({
        topics: [{ name: 't', numPartitions: 3, replicationFactor: 2, configs: spec.configs }],
        timeoutMs: 1000,
        validateOnly: true,
      })
    }
    const item = { name: 't', errorCode: 36, errorMessage: 'exists' }
    expect(answer(request, 2, { throttleTimeMs: 0, topics: [item] })).toEqual([
      { ...item, numPartitions: -1, replicationFactor: -1 },
    ])
    expect(
      answer(request, 7, {
        throttleTimeMs: 0,
        topics: [{ ...item, numPartitions: 3, replicationFactor: 2 }],
      }),
    ).toEqual([{ ...item, numPartitions: 3, replicationFactor: 2 }])
  })

  it('DeleteTopics v1-v6: names below v6, topic states at v6; messages from v5', () => {
    const request = deleteTopicsRequest(['a', 'b'], 1000)
    expect(range(request)).toEqual([1, 6])
    expect(sent(request, 1)).toMatchObject({ topicNames: ['a', 'b'], timeoutMs: 1000 })
    expect(sent(request, 6).topics).toEqual([
      { name: 'a', topicId: ZERO_UUID },
      { name: 'b', topicId: ZERO_UUID },
    ])
    expect(answer(request, 1, { throttleTimeMs: 0, responses: [{ name: 'a', errorCode: 41 }] })).toEqual([
      { name: 'a', errorCode: 41, errorMessage: null },
    ])
    expect(
      answer(request, 6, {
        throttleTimeMs: 0,
        responses: [{ name: 'b', errorCode: 41, errorMessage: 'no' }],
      }),
    ).toEqual([{ name: 'b', errorCode: 41, errorMessage: 'no' }])
  })

  it('CreatePartitions v0-v3', () => {
    const request = createPartitionsRequest([{ name: 'a', count: 3, assignments: [[1, 2]] }], 1000, false)
    expect(range(request)).toEqual([0, 3])
    for (const v of [0, 3]) {
      expect(sent(request, v).topics).toEqual([{ name: 'a', count: 3, assignments: [{ brokerIds: [1, 2] }] }])
      expect(
        answer(request, v, { throttleTimeMs: 0, results: [{ name: 'a', errorCode: 37, errorMessage: 'x' }] }),
      ).toEqual([{ name: 'a', errorCode: 37, errorMessage: 'x' }])
    }
  })
})

describe('configs', () => {
  const config = { name: 'retention.ms', value: '1', readOnly: false, configSource: 1, isSensitive: false }
  it('DescribeConfigs v1-v4: every key with its source', () => {
    const request = describeConfigsRequest([{ type: 2, name: 't' }])
    expect(range(request)).toEqual([1, 4])
    for (const v of [1, 4]) {
      expect(sent(request, v)).toMatchObject({
        resources: [{ resourceType: 2, resourceName: 't', configurationKeys: null }],
        includeSynonyms: false,
      })
      const result = answer(request, v, {
        throttleTimeMs: 0,
        results: [
          {
            errorCode: 0,
            errorMessage: null,
            resourceType: 2,
            resourceName: 't',
            configs: [config, { ...config, name: 'x', value: null, configSource: 5, isSensitive: true }],
          },
        ],
      })
      expect(result).toEqual([
        {
          errorCode: 0,
          errorMessage: null,
          resourceType: 2,
          name: 't',
          configs: [
            {
              name: 'retention.ms',
              value: '1',
              readOnly: false,
              source: 'DYNAMIC_TOPIC_CONFIG',
              sensitive: false,
            },
            { name: 'x', value: null, readOnly: false, source: 'DEFAULT_CONFIG', sensitive: true },
          ],
        },
      ])
    }
  })

  it('IncrementalAlterConfigs v0-v1 (Kafka 2.3+) and AlterConfigs v0-v2', () => {
    const incremental = incrementalAlterConfigsRequest(
      [{ type: 2, name: 't', changes: [{ name: 'a', operation: 1, value: null }] }],
      true,
    )
    expect(range(incremental)).toEqual([0, 1])
    expect(incremental.needs).toBe('changing configs incrementally needs Kafka 2.3 or newer')
    const replace = alterConfigsRequest([{ type: 2, name: 't', changes: [{ name: 'a', value: '1' }] }], false)
    expect(range(replace)).toEqual([0, 2])
    const responses = [{ errorCode: 40, errorMessage: 'bad', resourceType: 2, resourceName: 't' }]
    for (const [request, v] of [
      [incremental, 0],
      [incremental, 1],
      [replace, 0],
      [replace, 2],
    ] as const) {
      expect(answer(request, v, { throttleTimeMs: 0, responses })).toEqual([
        { name: 't', errorCode: 40, errorMessage: 'bad' },
      ])
    }
    expect(sent(incremental, 0).resources[0].configs).toEqual([
      { name: 'a', configOperation: 1, value: null },
    ])
    expect(sent(replace, 0)).toMatchObject({ resources: [{ configs: [{ name: 'a', value: '1' }] }] })
  })

  describe('the whole config set AlterConfigs needs', () => {
    const c = (
      name: string,
      value: string | null,
      source: ConfigSource = 'DYNAMIC_TOPIC_CONFIG',
      sensitive = false,
    ) => ({ name, value, readOnly: false, source, sensitive })
    it('carries over every dynamic value, applies sets and deletes, leaves defaults and static values', () => {
      const current = [
        c('retention.ms', '1'),
        c('cleanup.policy', 'compact'),
        c('segment.bytes', '9', 'DEFAULT_CONFIG'),
        c('min.insync.replicas', '2', 'STATIC_BROKER_CONFIG'),
      ]
      expect(
        fullConfigSet(current, [
          { op: 'set', name: 'max.message.bytes', value: '5' },
          { op: 'delete', name: 'cleanup.policy' },
        ]),
      ).toEqual({
        configs: [
          { name: 'retention.ms', value: '1' },
          { name: 'max.message.bytes', value: '5' },
        ],
      })
    })
    it('names a sensitive dynamic value that would be lost, unless the change sets or deletes it', () => {
      const current = [c('retention.ms', '1'), c('secret', null, 'DYNAMIC_TOPIC_CONFIG', true)]
      expect(fullConfigSet(current, [{ op: 'set', name: 'retention.ms', value: '2' }])).toEqual({
        lost: ['secret'],
      })
      expect(fullConfigSet(current, [{ op: 'delete', name: 'secret' }])).toEqual({
        configs: [{ name: 'retention.ms', value: '1' }],
      })
    })
  })
})

describe('ACLs', () => {
  const acl: Acl = {
    resourceType: 'TOPIC',
    resourceName: 'orders',
    patternType: 'PREFIXED',
    principal: 'User:alice',
    host: '*',
    operation: 'READ',
    permission: 'ALLOW',
  }
  const filter: AclFilter = { ...acl, resourceName: null, host: null, patternType: 'ANY', permission: 'ANY' }
  const wire = { resourceType: 2, resourceName: 'orders', patternType: 4 }
  const entry = { principal: 'User:alice', host: '*', operation: 3, permissionType: 3 }

  it('DescribeAcls, CreateAcls and DeleteAcls at v1 and v3 map to the same bindings', () => {
    for (const v of [1, 3]) {
      const describe = describeAclsRequest(filter)
      expect(range(describe)).toEqual([1, 3])
      expect(sent(describe, v)).toEqual({
        resourceTypeFilter: 2,
        resourceNameFilter: null,
        patternTypeFilter: 1,
        principalFilter: 'User:alice',
        hostFilter: null,
        operation: 3,
        permissionType: 1,
      })
      expect(
        answer(describe, v, {
          throttleTimeMs: 0,
          errorCode: 0,
          errorMessage: null,
          resources: [{ ...wire, acls: [entry] }],
        }),
      ).toEqual({ errorCode: 0, errorMessage: null, value: [acl] })

      const create = createAclsRequest([acl])
      expect(sent(create, v).creations).toEqual([
        { resourceType: 2, resourceName: 'orders', resourcePatternType: 4, ...entry },
      ])
      expect(
        answer(create, v, { throttleTimeMs: 0, results: [{ errorCode: 31, errorMessage: 'no' }] }),
      ).toEqual([{ errorCode: 31, errorMessage: 'no', value: null }])

      const remove = deleteAclsRequest([filter])
      expect(sent(remove, v).filters).toHaveLength(1)
      expect(
        answer(remove, v, {
          throttleTimeMs: 0,
          filterResults: [
            {
              errorCode: 0,
              errorMessage: null,
              matchingAcls: [{ errorCode: 0, errorMessage: null, ...wire, ...entry }],
            },
          ],
        }),
      ).toEqual([
        { errorCode: 0, errorMessage: null, value: [{ errorCode: 0, errorMessage: null, value: acl }] },
      ])
    }
  })
})

describe('DescribeQuorum', () => {
  it('v0-v2: the leader, voters and observers of __cluster_metadata', () => {
    const request = describeQuorumRequest()
    expect(range(request)).toEqual([0, 2])
    for (const v of [0, 2]) {
      expect(sent(request, v).topics).toEqual([
        { topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] },
      ])
      const replica = (replicaId: number) => ({ replicaId, logEndOffset: 5n })
      const response = {
        errorCode: 0,
        topics: [
          {
            topicName: '__cluster_metadata',
            partitions: [
              {
                partitionIndex: 0,
                errorCode: 0,
                leaderId: 2,
                leaderEpoch: 1,
                highWatermark: 5n,
                currentVoters: [replica(1), replica(2)],
                observers: [replica(3)],
              },
            ],
          },
        ],
      }
      expect(answer(request, v, response)).toEqual({
        errorCode: 0,
        leaderId: 2,
        voters: [1, 2],
        observers: [3],
      })
      expect(answer(request, v, { errorCode: 29, topics: [] })).toMatchObject({ errorCode: 29, leaderId: -1 })
    }
  })
})

describe('ListOffsets', () => {
  const query = (timestamp: bigint) => [{ topic: 't', partitions: [{ partition: 0, timestamp }] }]
  const response = (v: number) => ({
    ...(v >= 2 ? { throttleTimeMs: 0 } : {}),
    topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1n, offset: 42n }] }],
  })

  it('v1-v11 for earliest and latest; read_committed from v2; max-timestamp only from v7 (Kafka 3.0)', () => {
    expect(range(listOffsetsRequest(query(OffsetSpec.latest)))).toEqual([1, 11])
    expect(range(listOffsetsRequest(query(OffsetSpec.latest), 1))).toEqual([2, 11])
    const newest = listOffsetsRequest(query(OffsetSpec.maxTimestamp))
    expect(range(newest)).toEqual([7, 11])
    expect(newest.needs).toBe('max-timestamp needs Kafka 3.0 or newer')
  })

  it('maps v1 and v11 answers; v11 carries the isolation level and the timeout', () => {
    const request = listOffsetsRequest(query(OffsetSpec.earliest), 1, { timeoutMs: 1500 })
    expect(sent(request, 11)).toMatchObject({ replicaId: -1, isolationLevel: 1, timeoutMs: 1500 })
    expect(sent(listOffsetsRequest(query(OffsetSpec.earliest)), 1)).toEqual({
      replicaId: -1,
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, timestamp: -2n }] }],
    })
    for (const v of [1, 11]) {
      expect(answer(request, v, response(v))).toEqual([
        { topic: 't', partition: 0, errorCode: 0, timestamp: -1n, offset: 42n },
      ])
    }
  })
})
