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
import { KtkError, shortened } from '../core/errors.js'
import { createAcls, deleteAcls, describeAcls } from './acls.js'
import { kafkaErrorType } from './error-codes.js'
import { authorizationError, ensureNoItemErrors, itemError, principalName } from './error-mapping.js'
import type { AclGateway, AdminGateway } from './gateway.js'
import type { ItemError } from './protocol/api-keys.js'
import type { VersionedRequest } from './protocol/codec.js'
import {
  alterConfigsRequest,
  ConfigOperationType,
  describeConfigsRequest,
  fullConfigSet,
  incrementalAlterConfigsRequest,
  ResourceType,
} from './protocol/configs-requests.js'
import { DescribeQuorum } from './protocol/messages/describe-quorum.js'
import { IncrementalAlterConfigs } from './protocol/messages/incremental-alter-configs.js'
import {
  IsolationLevel,
  type ListOffsetsQuery,
  listOffsetsRequest,
  OffsetSpec,
} from './protocol/offsets-requests.js'
import { describeQuorumRequest } from './protocol/quorum-request.js'
import {
  createPartitionsRequest,
  createTopicsRequest,
  deleteTopicsRequest,
  type MetadataTopic,
} from './protocol/topics-requests.js'
import { RetriableAnswer, withRetries } from './retries.js'
import type { KafkaSession } from './session.js'

/** The admin gateway over a session: topics, configs, offsets and ACLs through ktk's own requests. */
export class SessionGateway implements AdminGateway, AclGateway {
  constructor(private readonly session: KafkaSession) {}

  /** Who ktk is on this cluster (User:alice), for "not authorized" messages. */
  private get principal(): string | undefined {
    return principalName(this.session.settings)
  }

  async clusterInfo(): Promise<ClusterInfo> {
    const metadata = await this.session.metadata([])
    return {
      clusterId: metadata.clusterId,
      controller: await this.activeController(metadata.controllerId),
      brokers: metadata.brokers
        .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack }))
        .sort((a, b) => a.id - b.id),
    }
  }

  async brokerReleases(nodeIds: readonly number[]): Promise<Map<number, string | null>> {
    const releases = await Promise.all(nodeIds.map((id) => this.session.kafkaRelease(id).catch(() => null)))
    return new Map(nodeIds.map((id, i) => [id, releases[i] ?? null]))
  }

  /**
   * In KRaft mode the Metadata response names a random broker as "controller", so ask the quorum for
   * its leader; clusters that refuse (no DESCRIBE on CLUSTER) give null rather than a wrong answer.
   */
  private async activeController(metadataControllerId: number): Promise<number | null> {
    if ((await this.session.maxVersion(DescribeQuorum.apiKey)) === null) {
      return metadataControllerId >= 0 ? metadataControllerId : null // ZooKeeper mode: the real controller
    }
    try {
      const quorum = await this.session.send(describeQuorumRequest())
      return quorum.errorCode === 0 && quorum.leaderId >= 0 ? quorum.leaderId : null
    } catch {
      return null
    }
  }

  async metadata(): Promise<ClusterMetadata> {
    const metadata = await this.session.metadata(null)
    return {
      clusterId: metadata.clusterId,
      brokers: metadata.brokers
        .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack }))
        .sort((a, b) => a.id - b.id),
      topics: metadata.topics
        .filter((t) => t.errorCode === 0 || t.partitions.length > 0)
        .map(toTopicMetadata),
    }
  }

  async listTopics(): Promise<TopicMetadata[]> {
    return (await this.metadata()).topics
  }

  async topicConfigs(topics: readonly string[]): Promise<Map<string, ConfigEntry[]>> {
    const result = new Map<string, ConfigEntry[]>()
    if (topics.length === 0) return result
    const described = await this.session.send(
      describeConfigsRequest(topics.map((name) => ({ type: ResourceType.topic, name }))),
    )
    ensureNoItemErrors(described, 'describe the configs of', this.principal)
    for (const r of described) result.set(r.name, r.configs)
    return result
  }

  async partitionOffsets(topics: readonly TopicMetadata[]): Promise<Map<string, PartitionOffsets[]>> {
    const deadlineAt = this.retryDeadline()
    const result = new Map<string, PartitionOffsets[]>()
    const byLeader = new Map<number, Map<string, number[]>>()
    for (const topic of topics) {
      result.set(
        topic.name,
        topic.partitions.map((p) => ({ partition: p.partition, earliest: null, latest: null })),
      )
      for (const p of topic.partitions) {
        if (p.leader === null) continue
        const perTopic = byLeader.get(p.leader) ?? new Map<string, number[]>()
        perTopic.set(topic.name, [...(perTopic.get(topic.name) ?? []), p.partition])
        byLeader.set(p.leader, perTopic)
      }
    }
    const record = (topic: string, partition: number, field: 'earliest' | 'latest', offset: bigint) => {
      const entry = result.get(topic)?.find((o) => o.partition === partition)
      if (entry) entry[field] = Number(offset)
    }
    await Promise.all(
      [...byLeader].flatMap(([leader, perTopic]) =>
        (['earliest', 'latest'] as const).map(async (field) => {
          const queries: ListOffsetsQuery[] = [...perTopic].map(([topic, partitions]) => ({
            topic,
            partitions: partitions.map((partition) => ({ partition, timestamp: OffsetSpec[field] })),
          }))
          const request = listOffsetsRequest(queries, IsolationLevel.readUncommitted, {
            timeoutMs: this.session.settings.timeoutMs,
          })
          // A read: safe to send again on a connection lost in flight.
          const listed = await withRetries(() => this.session.send(request, leader), {
            what: 'ListOffsets',
            deadlineAt,
          })
          for (const o of listed) if (o.errorCode === 0) record(o.topic, o.partition, field, o.offset)
        }),
      ),
    )
    return result
  }

  async createTopics(
    specs: readonly NewTopicSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreatedTopic[]> {
    const request = createTopicsRequest(
      specs.map((s) => ({
        name: s.name,
        numPartitions: s.replicaAssignment ? -1 : (s.partitions ?? -1),
        replicationFactor: s.replicaAssignment ? -1 : (s.replicationFactor ?? -1),
        assignments: (s.replicaAssignment ?? []).map((brokerIds, partition) => ({ partition, brokerIds })),
        configs: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
      })),
      this.session.settings.timeoutMs,
      options.validateOnly,
    )
    const results = await this.toController(request, 'CreateTopics')
    ensureNoItemErrors(results, 'create topic', this.principal)
    if (results.every((r) => r.numPartitions >= 0 && r.replicationFactor >= 0)) {
      return results.map((r) => ({
        name: r.name,
        partitions: r.numPartitions,
        replicationFactor: r.replicationFactor,
      }))
    }
    return this.createdWithoutCounts(specs, options.validateOnly)
  }

  /**
   * Below CreateTopics v5 (Kafka 2.4) the answer lacks the partition count and replication factor: they
   * are what was asked, else (the broker's defaults) what the created topic has, or for a dry run the
   * broker's num.partitions and default.replication.factor.
   */
  private async createdWithoutCounts(
    specs: readonly NewTopicSpec[],
    validateOnly: boolean,
  ): Promise<CreatedTopic[]> {
    const asked = specs.map((s) => ({
      name: s.name,
      partitions: s.replicaAssignment ? s.replicaAssignment.length : (s.partitions ?? -1),
      replicationFactor: s.replicaAssignment
        ? (s.replicaAssignment[0]?.length ?? -1)
        : (s.replicationFactor ?? -1),
    }))
    if (asked.every((a) => a.partitions >= 0 && a.replicationFactor >= 0)) return asked
    if (!validateOnly) {
      const metadata = await this.session.metadata(asked.map((a) => a.name))
      return asked.map((a) => {
        const t = metadata.topics.find((x) => x.name === a.name)
        return {
          name: a.name,
          partitions: a.partitions >= 0 ? a.partitions : (t?.partitions.length ?? -1),
          replicationFactor:
            a.replicationFactor >= 0 ? a.replicationFactor : (t?.partitions[0]?.replicas.length ?? -1),
        }
      })
    }
    const metadata = await this.session.metadata([])
    const broker = metadata.brokers[0]
    const [described] = broker
      ? await this.session.send(
          describeConfigsRequest([{ type: ResourceType.broker, name: String(broker.nodeId) }]),
        )
      : []
    const value = (name: string) =>
      Number(described?.configs.find((c) => c.name === name)?.value ?? Number.NaN)
    const defaults = {
      partitions: value('num.partitions'),
      replicationFactor: value('default.replication.factor'),
    }
    return asked.map((a) => ({
      name: a.name,
      partitions: a.partitions >= 0 ? a.partitions : defaults.partitions,
      replicationFactor: a.replicationFactor >= 0 ? a.replicationFactor : defaults.replicationFactor,
    }))
  }

  async createPartitions(
    topic: string,
    count: number,
    assignments: number[][] | null,
    options: { validateOnly: boolean },
  ): Promise<void> {
    const request = createPartitionsRequest(
      [{ name: topic, count, assignments }],
      this.session.settings.timeoutMs,
      options.validateOnly,
    )
    ensureNoItemErrors(
      await this.toController(request, 'CreatePartitions'),
      'add partitions to',
      this.principal,
    )
  }

  async alterTopicConfigs(
    topic: string,
    operations: readonly ConfigOperation[],
    options: { validateOnly: boolean },
  ): Promise<void> {
    if ((await this.session.maxVersion(IncrementalAlterConfigs.apiKey)) === null) {
      await this.replaceTopicConfigs(topic, operations, options)
      return
    }
    const changes = operations.map((o) =>
      o.op === 'set'
        ? { name: o.name, operation: ConfigOperationType.set, value: o.value }
        : { name: o.name, operation: ConfigOperationType.delete, value: null },
    )
    const request = incrementalAlterConfigsRequest(
      [{ type: ResourceType.topic, name: topic, changes }],
      options.validateOnly,
    )
    ensureNoItemErrors(await this.session.send(request), 'alter the configs of', this.principal)
  }

  /**
   * Brokers before Kafka 2.3 only replace a topic's whole set of dynamic configs (AlterConfigs): the
   * current ones are carried over with the change applied, as Kafka's own tools did. A sensitive value is
   * never described, so it cannot be carried over: then nothing is changed and the command says so.
   */
  private async replaceTopicConfigs(
    topic: string,
    operations: readonly ConfigOperation[],
    options: { validateOnly: boolean },
  ): Promise<void> {
    const current = (await this.topicConfigs([topic])).get(topic) ?? []
    const next = fullConfigSet(current, operations)
    if ('lost' in next) {
      throw new KtkError(
        'UNSUPPORTED_VERSION',
        `the broker lacks IncrementalAlterConfigs (Kafka 2.3 or newer) and replacing the configs of topic "${shortened(topic)}" would lose its sensitive config ${next.lost.join(', ')}`,
        {
          hints: [
            'change it with a Kafka 2.3 or newer broker, or set the sensitive value in the same command',
          ],
        },
      )
    }
    const request = alterConfigsRequest(
      [{ type: ResourceType.topic, name: topic, changes: next.configs }],
      options.validateOnly,
    )
    ensureNoItemErrors(await this.session.send(request), 'alter the configs of', this.principal)
  }

  /** Retries start within --timeout of the first attempt. */
  private retryDeadline(): number {
    return Date.now() + this.session.settings.timeoutMs
  }

  /**
   * Sends a topic change to the controller, as Kafka's admin client does: in ZooKeeper mode only the
   * controller takes it (another broker answers NOT_CONTROLLER), KRaft brokers forward it. A controller
   * that moved is looked up again.
   */
  private toController<T extends ItemError>(request: VersionedRequest<T[]>, what: string): Promise<T[]> {
    return withRetries(
      async () => {
        const { controllerId } = await this.session.metadata([])
        const results = await this.session.send(request, controllerId >= 0 ? controllerId : undefined)
        const moved = results.find((r) => r.errorCode === NOT_CONTROLLER)
        if (moved) throw new RetriableAnswer(moved.errorCode, moved.errorMessage)
        return results
      },
      { what, deadlineAt: this.retryDeadline() },
    )
  }

  async deleteTopics(topics: readonly string[]): Promise<{ topic: string; error: Error }[]> {
    const results = await this.toController(
      deleteTopicsRequest(topics, this.session.settings.timeoutMs),
      'DeleteTopics',
    )
    return results
      .filter((r) => r.errorCode !== 0)
      .map((r) => ({ topic: r.name, error: itemError(r, 'delete topic', this.principal) }))
  }

  async checkTopicAccess(names: readonly string[]): Promise<void> {
    if (names.length === 0) return
    const metadata = await this.session.metadata(names)
    const forbidden = metadata.topics.find(
      (t) => kafkaErrorType(t.errorCode) === 'TOPIC_AUTHORIZATION_FAILED',
    )
    if (forbidden) {
      throw authorizationError({
        operation: 'DESCRIBE',
        resourceType: 'TOPIC',
        resourceName: forbidden.name,
        principal: this.principal,
      })
    }
  }

  describeAcls(filter: AclFilter): Promise<Acl[]> {
    return describeAcls(this.session, filter)
  }

  createAcls(acls: readonly Acl[]): Promise<void> {
    return createAcls(this.session, acls)
  }

  deleteAcls(filters: readonly AclFilter[]): Promise<Acl[]> {
    return deleteAcls(this.session, filters)
  }
}

const ZERO_UUID = Buffer.alloc(16).toString('base64url')

const NOT_CONTROLLER = 41

function toTopicMetadata(t: MetadataTopic): TopicMetadata {
  return {
    name: t.name,
    topicId: t.topicId === ZERO_UUID ? null : t.topicId,
    internal: t.internal,
    partitions: t.partitions
      .map((p) => ({
        partition: p.partition,
        leader: p.leader >= 0 ? p.leader : null,
        replicas: p.replicas,
        isr: p.isr,
        offlineReplicas: p.offlineReplicas,
      }))
      .sort((a, b) => a.partition - b.partition),
  }
}
