/** Domain types for clusters and topics: what the gateway returns and what commands render. */

export interface BrokerNode {
  id: number
  host: string
  port: number
  rack: string | null
}

export interface ClusterInfo {
  clusterId: string | null
  /** The active KRaft controller (quorum leader) when the cluster lets us ask, otherwise null. */
  controller: number | null
  brokers: BrokerNode[]
}

/** One Metadata response: the live brokers and every topic the principal may describe. */
export interface ClusterMetadata {
  clusterId: string | null
  brokers: BrokerNode[]
  topics: TopicMetadata[]
}

export interface PartitionState {
  partition: number
  /** null when the partition has no leader (offline). */
  leader: number | null
  replicas: number[]
  isr: number[]
  offlineReplicas: number[]
}

export interface TopicMetadata {
  name: string
  /** Kafka's topic id (base64 UUID), when the broker reports one. */
  topicId: string | null
  internal: boolean
  partitions: PartitionState[]
}

export type ConfigSource =
  | 'DYNAMIC_TOPIC_CONFIG'
  | 'DYNAMIC_BROKER_LOGGER_CONFIG'
  | 'DYNAMIC_BROKER_CONFIG'
  | 'DYNAMIC_DEFAULT_BROKER_CONFIG'
  | 'DYNAMIC_CLIENT_METRICS_CONFIG'
  | 'DYNAMIC_GROUP_CONFIG'
  | 'STATIC_BROKER_CONFIG'
  | 'DEFAULT_CONFIG'
  | 'UNKNOWN'

export interface ConfigEntry {
  name: string
  /** null for sensitive values, which brokers never return. */
  value: string | null
  source: ConfigSource
  sensitive: boolean
  readOnly: boolean
}

/** Kafka's ConfigEntry.isDefault(): only DEFAULT_CONFIG counts as default. */
export function isDefaultConfig(entry: ConfigEntry): boolean {
  return entry.source === 'DEFAULT_CONFIG'
}

export interface PartitionOffsets {
  partition: number
  /** Log start offset; null when the partition has no leader to ask. */
  earliest: number | null
  /** Log end offset (high watermark); null when the partition has no leader to ask. */
  latest: number | null
}

export interface NewTopicSpec {
  name: string
  /** Omitted: the broker's num.partitions. */
  partitions?: number
  /** Omitted: the broker's default.replication.factor. */
  replicationFactor?: number
  /** Explicit replica assignment: index = partition, value = broker ids (first is the preferred leader). */
  replicaAssignment?: number[][]
  configs: Record<string, string>
}

/** What the broker created (or would create, when validating only). */
export interface CreatedTopic {
  name: string
  partitions: number
  replicationFactor: number
}

export type ConfigOperation = { op: 'set'; name: string; value: string } | { op: 'delete'; name: string }
