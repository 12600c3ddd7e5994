import type { Acl, AclFilter } from '../core/acl.js'
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
import type {
  Acks,
  Compression,
  IsolationLevel,
  OutgoingRecord,
  RecordBlock,
  StartSpec,
} from '../core/records.js'

/** Topic and cluster administration, in domain terms. The only way commands reach a cluster's admin API. */
export interface AdminGateway {
  clusterInfo(): Promise<ClusterInfo>
  /**
   * The Kafka release each broker's API versions match ("Kafka 3.9", "Kafka 3.3 or 3.4"); null for a broker
   * that could not be asked. Asks the brokers in parallel.
   */
  brokerReleases(nodeIds: readonly number[]): Promise<Map<number, string | null>>
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
  /**
   * Throws "not authorized to DESCRIBE topic" (exit 6) for a name the principal may not see: the broker
   * hides such topics from listings, so a topic that seems missing may really be forbidden.
   */
  checkTopicAccess(names: readonly string[]): Promise<void>
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

/** ACLs (kafka-acls), in domain terms. */
export interface AclGateway {
  describeAcls(filter: AclFilter): Promise<Acl[]>
  createAcls(acls: readonly Acl[]): Promise<void>
  /** Deletes every ACL that matches one of the filters; returns those deleted. */
  deleteAcls(filters: readonly AclFilter[]): Promise<Acl[]>
}

export interface KafkaGateway extends AdminGateway, AclGateway, GroupsGateway, RecordsGateway {
  close(): Promise<void>
}

/** The outcome of some input records: acknowledged at an offset, or not, and whether they may be written. */
export interface DeliveryReport {
  partition: number
  /** Input line numbers, in the order the records were produced (offsets baseOffset, baseOffset+1, …). */
  lines: readonly number[]
  /** Offset of the first record; null when not acknowledged or unknown (acks=0, a resent duplicate). */
  baseOffset: number | null
  /** null when acknowledged. */
  error: string | null
  /** Key and value bytes of these records. */
  bytes: number
  /** yes: acknowledged; no: certainly not written; unknown: sent but not acknowledged. */
  written: 'yes' | 'no' | 'unknown'
}

export interface ProducerOptions {
  topic: string
  acks: Acks
  idempotent: boolean
  transactionalId: string | null
  /** How long the coordinator lets the transaction stay open (it aborts it after that). */
  transactionTimeoutMs: number
  compression: Compression
  /** Largest batch, uncompressed (one record larger than this is sent alone). */
  batchBytes: number
  lingerMs: number
  /** Memory bound: send() callers wait (waitForCapacity) while this much is buffered. */
  maxBufferedBytes: number
  requestTimeoutMs: number
  /** How long a record may wait for its acknowledgement, retries included. */
  deliveryTimeoutMs: number
  onDelivery: (report: DeliveryReport) => void
  onPartitionFailed?: (partition: number, error: Error) => void
}

export interface RecordProducer {
  readonly partitions: number
  send(record: OutgoingRecord): void
  waitForCapacity(): Promise<void> | null
  flush(): Promise<void>
  abortUnsent(): void
  endTransaction(commit: boolean): Promise<void>
}

export interface ConsumerOptions {
  topics: readonly string[]
  /** Only these partitions (of every topic); all when undefined. */
  partitions?: readonly number[]
  /** Join this group, start from its committed offsets; commitProcessed commits. */
  group?: string
  /** Where to start (without a group, or where the group has no committed offset). */
  start: StartSpec
  /** Stop at the end offsets seen at start. */
  exitAtEnd: boolean
  /** Stop before the first offset whose record is later than this (epoch ms). */
  toTime?: number
  isolationLevel: IsolationLevel
  /** Bound on fetched but unprocessed bytes. */
  maxBufferedBytes: number
  debug?: (line: string) => void
  /** An asked start offset (--offset) was outside the partition's log: where the consumer starts instead. */
  onStartMoved?: (moved: StartMoved) => void
}

export interface StartMoved {
  topic: string
  partition: number
  asked: number
  start: number
  /** The log's first and next offsets when it was asked. */
  earliest: number
  latest: number
}

export interface PartitionRange {
  topic: string
  partition: number
  start: number
  /** Exclusive end, when the consumer stops at one. */
  end: number | null
}

export interface RecordConsumer {
  /** The partitions being read (changes when a group rebalances). */
  readonly assignment: readonly PartitionRange[]
  /**
   * The next records (of one partition), waiting at most waitMs; an empty block or undefined when none
   * arrived in time; null when every partition reached its end (exitAtEnd / toTime).
   */
  poll(waitMs: number): Promise<RecordBlock | undefined | null>
  /** Marks everything up to offset (exclusive) of a partition as processed: the group commits it. */
  markProcessed(topic: string, partition: number, nextOffset: number): void
  /** The processed offsets (what a commit now would commit), per partition of the current assignment. */
  processedOffsets(): { topic: string; partition: number; offset: number }[]
  /** Commits the processed offsets (a no-op without a group); returns what was committed. */
  commitProcessed(): Promise<{ topic: string; partition: number; offset: number }[]>
  close(): Promise<void>
}

export interface RecordsGateway {
  openProducer(options: ProducerOptions): Promise<RecordProducer>
  openConsumer(options: ConsumerOptions): Promise<RecordConsumer>
}
