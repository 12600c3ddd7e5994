import { ApiKey, type ItemError } from './api-keys.js'
import type { RawRequest, Reader } from './codec.js'

export interface MetadataBroker {
  nodeId: number
  host: string
  port: number
  rack: string | null
}

export interface MetadataPartition {
  errorCode: number
  partition: number
  leader: number
  replicas: number[]
  isr: number[]
  offlineReplicas: number[]
}

export interface MetadataTopic {
  errorCode: number
  name: string
  topicId: string
  internal: boolean
  partitions: MetadataPartition[]
}

export interface MetadataResult {
  brokers: MetadataBroker[]
  clusterId: string | null
  controllerId: number
  topics: MetadataTopic[]
}

const int32s = (r: Reader) => r.compactArray((x) => x.int32())

/** Metadata v12 (Kafka 3.1+): topic ids, no auto-creation. `topics` null lists every topic. */
export function metadataRequest(topics: readonly string[] | null): RawRequest<MetadataResult> {
  return {
    apiKey: ApiKey.Metadata,
    apiVersion: 12,
    apiName: 'Metadata',
    flexible: true,
    body: (w) =>
      w
        .compactArray(topics, (x, name) => x.bytes(Buffer.alloc(16)).compactString(name).tags())
        .bool(false)
        .bool(false)
        .tags(),
    decode: (r) => {
      r.int32()
      const brokers = r.compactArray((x) => {
        const b = {
          nodeId: x.int32(),
          host: x.compactString() ?? '',
          port: x.int32(),
          rack: x.compactString(),
        }
        x.tags()
        return b
      })
      const clusterId = r.compactString()
      const controllerId = r.int32()
      const result = r.compactArray((x) => {
        const errorCode = x.int16()
        const name = x.compactString() ?? ''
        const topicId = x.uuid()
        const internal = x.bool()
        const partitions = x.compactArray((y) => {
          const p = {
            errorCode: y.int16(),
            partition: y.int32(),
            leader: y.int32(),
            leaderEpoch: y.int32(),
            replicas: int32s(y),
            isr: int32s(y),
            offlineReplicas: int32s(y),
          }
          y.tags()
          return {
            errorCode: p.errorCode,
            partition: p.partition,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            offlineReplicas: p.offlineReplicas,
          }
        })
        x.int32() // authorized operations
        x.tags()
        return { errorCode, name, topicId, internal, partitions }
      })
      r.tags()
      return { brokers, clusterId, controllerId, topics: result }
    },
  }
}

export interface CreatableTopic {
  name: string
  /** -1: the broker's default. */
  numPartitions: number
  /** -1: the broker's default. */
  replicationFactor: number
  assignments: { partition: number; brokerIds: number[] }[]
  configs: { name: string; value: string }[]
}

export interface CreatedTopicResult extends ItemError {
  numPartitions: number
  replicationFactor: number
}

/** CreateTopics v5 (Kafka 2.4+): per-topic error messages. */
export function createTopicsRequest(
  topics: readonly CreatableTopic[],
  timeoutMs: number,
  validateOnly: boolean,
): RawRequest<CreatedTopicResult[]> {
  return {
    apiKey: ApiKey.CreateTopics,
    apiVersion: 5,
    apiName: 'CreateTopics',
    flexible: true,
    body: (w) =>
      w
        .compactArray(topics, (x, t) =>
          x
            .compactString(t.name)
            .int32(t.numPartitions)
            .int16(t.replicationFactor)
            .compactArray(t.assignments, (y, a) =>
              y
                .int32(a.partition)
                .compactArray(a.brokerIds, (z, id) => z.int32(id))
                .tags(),
            )
            .compactArray(t.configs, (y, c) => y.compactString(c.name).compactString(c.value).tags())
            .tags(),
        )
        .int32(timeoutMs)
        .bool(validateOnly)
        .tags(),
    decode: (r) => {
      r.int32()
      const results = r.compactArray((x) => {
        const name = x.compactString() ?? ''
        const errorCode = x.int16()
        const errorMessage = x.compactString()
        const numPartitions = x.int32()
        const replicationFactor = x.int16()
        x.compactArray((y) => {
          y.compactString()
          y.compactString()
          y.bool()
          y.int8()
          y.bool()
          y.tags()
        })
        x.tags()
        return { name, errorCode, errorMessage, numPartitions, replicationFactor }
      })
      r.tags()
      return results
    },
  }
}

/** CreatePartitions v2 (Kafka 2.4+). `assignments` lists broker ids for each new partition only. */
export function createPartitionsRequest(
  topics: readonly { name: string; count: number; assignments: number[][] | null }[],
  timeoutMs: number,
  validateOnly: boolean,
): RawRequest<ItemError[]> {
  return {
    apiKey: ApiKey.CreatePartitions,
    apiVersion: 2,
    apiName: 'CreatePartitions',
    flexible: true,
    body: (w) =>
      w
        .compactArray(topics, (x, t) =>
          x
            .compactString(t.name)
            .int32(t.count)
            .compactArray(t.assignments, (y, ids) => y.compactArray(ids, (z, id) => z.int32(id)).tags())
            .tags(),
        )
        .int32(timeoutMs)
        .bool(validateOnly)
        .tags(),
    decode: decodeItemErrors,
  }
}

/** DeleteTopics v5 (Kafka 2.7+): per-topic error messages. */
export function deleteTopicsRequest(names: readonly string[], timeoutMs: number): RawRequest<ItemError[]> {
  return {
    apiKey: ApiKey.DeleteTopics,
    apiVersion: 5,
    apiName: 'DeleteTopics',
    flexible: true,
    body: (w) =>
      w
        .compactArray(names, (x, n) => x.compactString(n))
        .int32(timeoutMs)
        .tags(),
    decode: decodeItemErrors,
  }
}

/** A response that is a throttle time and, per item (topic), its name, error code and error message. */
function decodeItemErrors(r: Reader): ItemError[] {
  r.int32()
  const results = r.compactArray((x) => {
    const item = { name: x.compactString() ?? '', errorCode: x.int16(), errorMessage: x.compactString() }
    x.tags()
    return item
  })
  r.tags()
  return results
}
