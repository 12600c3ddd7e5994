import type {
  ClusterInfo,
  ClusterMetadata,
  ConfigEntry,
  ConfigOperation,
  CreatedTopic,
  NewTopicSpec,
  PartitionOffsets,
  TopicMetadata,
} from '../core/cluster-types.js'
import type { KtkError } from '../core/errors.js'
import type {
  CommittedOffset,
  GroupDescription,
  GroupListing,
  GroupType,
  ItemFailure,
  LogOffset,
  OffsetQuery,
  RecordAt,
  TopicPartition,
} from '../core/group-types.js'

/** Topic and cluster administration, in domain terms. The only way commands reach a cluster's admin API. */
export interface AdminGateway {
  clusterInfo(): Promise<ClusterInfo>
  /** Live brokers and every topic, from one Metadata request. */
  metadata(): Promise<ClusterMetadata>
  /** Every topic the principal may describe, with its partitions (internal topics included). */
  listTopics(): Promise<TopicMetadata[]>
  /** Every config of each topic with its source (sensitive values are null). */
  topicConfigs(topics: readonly string[]): Promise<Map<string, ConfigEntry[]>>
  /** Log start and end offsets of every partition, asked of each partition's leader. */
  partitionOffsets(topics: readonly TopicMetadata[]): Promise<Map<string, PartitionOffsets[]>>
  /** Creates topics; throws a KtkError for the first topic the broker refuses. */
  createTopics(specs: readonly NewTopicSpec[], options: { validateOnly: boolean }): Promise<CreatedTopic[]>
  /** Raises a topic's partition count to `count`; `assignments` gives replicas of each new partition. */
  createPartitions(
    topic: string,
    count: number,
    assignments: number[][] | null,
    options: { validateOnly: boolean },
  ): Promise<void>
  /** Changes only the named configs (IncrementalAlterConfigs); every other key stays as it was. */
  alterTopicConfigs(
    topic: string,
    operations: readonly ConfigOperation[],
    options: { validateOnly: boolean },
  ): Promise<void>
  /** Deletes topics; returns the error of each topic that failed (empty when all were deleted). */
  deleteTopics(topics: readonly string[]): Promise<{ topic: string; error: Error }[]>
}

/** Per-group results of a batched group request: what succeeded, and why the others failed. */
export interface PerGroup<T> {
  results: Map<string, T>
  errors: Map<string, KtkError>
}

/**
 * Consumer groups, in domain terms. Every method batches: one request per coordinator (or partition
 * leader) however many groups or partitions it is given.
 */
export interface GroupsGateway {
  /** Groups from every broker, filtered by the brokers themselves where they can (states, types). */
  listGroups(filter: { states: readonly string[]; types: readonly GroupType[] }): Promise<GroupListing[]>
  /** Classic and `consumer` (KIP-848) groups alike; a group that does not exist is state Dead. */
  describeGroups(groupIds: readonly string[]): Promise<PerGroup<GroupDescription>>
  /** Every committed offset of each group. */
  committedOffsets(groupIds: readonly string[]): Promise<PerGroup<CommittedOffset[]>>
  /** ListOffsets for each partition, asked of its leader; unknown partitions come back with an error. */
  logOffsets(partitions: readonly TopicPartition[], query: OffsetQuery): Promise<LogOffset[]>
  /** The first data record at or after each offset (one Fetch per leader and round), or none. */
  recordsAt(queries: readonly (TopicPartition & { offset: number })[]): Promise<RecordAt[]>
  /** Commits offsets outside any generation, as Kafka's admin client does (the group must be empty). */
  commitOffsets(
    groupId: string,
    offsets: readonly (TopicPartition & { offset: number })[],
  ): Promise<(TopicPartition & { error: ItemFailure | null })[]>
  /** OffsetDelete: a group-level failure, or the outcome per partition. */
  deleteOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
  ): Promise<{ error: ItemFailure | null; partitions: (TopicPartition & { error: ItemFailure | null })[] }>
  /** DeleteGroups: the outcome per group. */
  deleteGroups(groupIds: readonly string[]): Promise<Map<string, ItemFailure | null>>
}

export interface KafkaGateway extends AdminGateway, GroupsGateway {
  close(): Promise<void>
}
