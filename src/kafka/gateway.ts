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
  /**
   * Throws "not authorized to DESCRIBE topic" (exit 6) for a name the principal may not see: the broker
   * hides such topics from listings, so a topic that seems missing may really be forbidden.
   */
  checkTopicAccess(names: readonly string[]): Promise<void>
}

/** ACLs (kafka-acls), in domain terms. */
export interface AclGateway {
  describeAcls(filter: AclFilter): Promise<Acl[]>
  createAcls(acls: readonly Acl[]): Promise<void>
  /** Deletes every ACL that matches one of the filters; returns those deleted. */
  deleteAcls(filters: readonly AclFilter[]): Promise<Acl[]>
}

export interface KafkaGateway extends AdminGateway, AclGateway {
  close(): Promise<void>
}
