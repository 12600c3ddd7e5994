import { KtkError } from '../../core/errors.js'
import { kafkaErrorType } from '../error-codes.js'
import type { ItemError } from './api-keys.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { ZERO_UUID } from './message-codec.js'
import { CreatePartitions } from './messages/create-partitions.js'
import { CreateTopics } from './messages/create-topics.js'
import { DeleteTopics } from './messages/delete-topics.js'
import { Metadata } from './messages/metadata.js'

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
  /** The zero UUID below Metadata v10 (Kafka 2.8), which has no topic ids. */
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

/** Metadata v4 is the first that can say "do not auto-create" (allow_auto_topic_creation). */
export const METADATA_NO_AUTO_CREATE = 4

/**
 * Metadata in any version (0-13). `topics` null lists every topic, [] none (brokers only). ktk never
 * auto-creates a topic: from v4 it says so; below v4 a request that names a topic creates it on a broker
 * with auto.create.topics.enable, so there ktk names none, asks for every topic and keeps the named ones.
 * v0 cannot ask for "no topics" (an empty list means all there): it asks for all and keeps none.
 */
export function metadataRequest(topics: readonly string[] | null): VersionedRequest<MetadataResult> {
  return versionedRequest(Metadata, (version) => {
    let keep: Set<string> | null = null
    let ask = topics
    if (topics !== null && topics.length > 0 && version < METADATA_NO_AUTO_CREATE) {
      ask = null
      keep = new Set(topics)
    }
    let sent: { name: string }[] | null
    if (ask === null) sent = version >= 1 ? null : []
    else if (ask.length === 0 && version === 0) {
      sent = []
      keep = new Set()
    } else sent = ask.map((name) => ({ name }))
    return {
      body: {
        topics: sent,
        ...(version >= METADATA_NO_AUTO_CREATE ? { allowAutoTopicCreation: false } : {}),
      },
      map: (r) => {
        if (r.errorCode) {
          throw new KtkError('UNEXPECTED', `the broker answered Metadata with ${kafkaErrorType(r.errorCode)}`)
        }
        return {
          brokers: r.brokers.map((b) => ({
            nodeId: b.nodeId,
            host: b.host,
            port: b.port,
            rack: b.rack ?? null,
          })),
          clusterId: r.clusterId ?? null,
          controllerId: r.controllerId ?? -1,
          topics: r.topics
            .filter((t) => keep === null || (t.name !== null && keep.has(t.name)))
            .map((t) => ({
              errorCode: t.errorCode,
              name: t.name ?? '',
              topicId: t.topicId ?? ZERO_UUID,
              internal: t.isInternal ?? false,
              partitions: t.partitions.map((p) => ({
                errorCode: p.errorCode,
                partition: p.partitionIndex,
                leader: p.leaderId,
                replicas: p.replicaNodes,
                isr: p.isrNodes,
                offlineReplicas: p.offlineReplicas ?? [],
              })),
            })),
        }
      },
    }
  })
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
  /** -1 below CreateTopics v5 (Kafka 2.4), which does not say. */
  numPartitions: number
  replicationFactor: number
}

/** CreateTopics v2-v7; the partition count and replication factor come back from v5 (Kafka 2.4) on. */
export function createTopicsRequest(
  topics: readonly CreatableTopic[],
  timeoutMs: number,
  validateOnly: boolean,
): VersionedRequest<CreatedTopicResult[]> {
  return versionedRequest(CreateTopics, () => ({
    body: {
      topics: topics.map((t) => ({
        name: t.name,
        numPartitions: t.numPartitions,
        replicationFactor: t.replicationFactor,
        assignments: t.assignments.map((a) => ({ partitionIndex: a.partition, brokerIds: a.brokerIds })),
        configs: t.configs,
      })),
      timeoutMs,
      validateOnly,
    },
    map: (r) =>
      r.topics.map((t) => ({
        name: t.name,
        errorCode: t.errorCode,
        errorMessage: t.errorMessage ?? null,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
      })),
  }))
}

/** CreatePartitions v0-v3. `assignments` lists broker ids for each new partition only. */
export function createPartitionsRequest(
  topics: readonly { name: string; count: number; assignments: number[][] | null }[],
  timeoutMs: number,
  validateOnly: boolean,
): VersionedRequest<ItemError[]> {
  return versionedRequest(CreatePartitions, () => ({
    body: {
      topics: topics.map((t) => ({
        name: t.name,
        count: t.count,
        assignments: t.assignments === null ? null : t.assignments.map((brokerIds) => ({ brokerIds })),
      })),
      timeoutMs,
      validateOnly,
    },
    map: (r) =>
      r.results.map((t) => ({ name: t.name, errorCode: t.errorCode, errorMessage: t.errorMessage ?? null })),
  }))
}

/** DeleteTopics v1-v6 by name; per-topic error messages from v5 (Kafka 2.7). */
export function deleteTopicsRequest(
  names: readonly string[],
  timeoutMs: number,
): VersionedRequest<ItemError[]> {
  return versionedRequest(DeleteTopics, (version) => ({
    body:
      version >= 6
        ? { topics: names.map((name) => ({ name, topicId: ZERO_UUID })), timeoutMs }
        : { topicNames: [...names], timeoutMs },
    map: (r) =>
      r.responses.map((t) => ({
        name: t.name ?? '',
        errorCode: t.errorCode,
        errorMessage: t.errorMessage ?? null,
      })),
  }))
}
