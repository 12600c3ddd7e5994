/**
 * An in-memory cluster behind the KafkaGateway interface, for service tests: topics with partitions,
 * offsets, records and configs; consumer groups with members and committed offsets; ACLs. Every call is
 * recorded (`calls`), and any call can be scripted to fail (`failNext`). It implements KafkaGateway, so
 * a change to the interface breaks it at compile time.
 */
import { type Acl, type AclFilter, aclMatches } from '../../src/core/acl.js'
import type {
  BrokerNode,
  ClusterInfo,
  ClusterMetadata,
  ConfigEntry,
  ConfigOperation,
  CreatedTopic,
  NewTopicSpec,
  PartitionOffsets,
  TopicMetadata,
} from '../../src/core/cluster-types.js'
import { KtkError, topicNotFound } from '../../src/core/errors.js'
import {
  type CommittedOffset,
  type GroupDescription,
  type GroupListing,
  type GroupMember,
  type GroupType,
  type ItemFailure,
  type LogOffset,
  type OffsetQuery,
  type RecordAt,
  type TopicPartition,
  tpKey,
} from '../../src/core/group-types.js'
import type { OutgoingRecord, RecordBlock } from '../../src/core/records.js'
import type {
  ConsumerOptions,
  DeliveryReport,
  KafkaGateway,
  PerGroup,
  ProducerOptions,
  RecordConsumer,
  RecordProducer,
} from '../../src/kafka/index.js'
import { newBlock } from '../../src/kafka/records/record-batch.js'

export interface FakeRecord {
  offset: number
  timestamp: number
  key: string | null
  value: string | null
}

export interface FakePartition {
  partition: number
  leader: number | null
  replicas: number[]
  isr: number[]
  /** Log start offset. */
  earliest: number
  /** Records in the log, offsets from `earliest`; the log end is the last offset + 1 (or `end`). */
  records: FakeRecord[]
  /** Log end offset when there are no records (an emptied or compacted log). */
  end: number
}

export interface FakeTopic {
  name: string
  internal: boolean
  partitions: FakePartition[]
  /** Topic-level overrides (source DYNAMIC_TOPIC_CONFIG). */
  configs: Record<string, string>
}

export interface FakeGroup {
  groupId: string
  type: GroupType
  state: string
  members: GroupMember[]
  /** Committed offsets by tpKey. */
  committed: Map<string, number>
}

/** The KtkError a call rejects with (the test fails when it resolves or rejects with something else). */
export async function rejected(promise: Promise<unknown>): Promise<KtkError> {
  const outcome = await promise.then(
    () => new Error('expected a KtkError, the call resolved'),
    (error: unknown) => error,
  )
  if (!(outcome instanceof KtkError)) throw outcome
  return outcome
}

export type GatewayMethod = Exclude<keyof KafkaGateway, 'close'> | 'close'

const logEnd = (p: FakePartition) =>
  p.records.length > 0 ? p.records[p.records.length - 1]!.offset + 1 : p.end

/**
 * An ACL against a filter as a broker matches it: a MATCH filter on a name also finds the wildcard and
 * the PREFIXED patterns the name starts with.
 */
function matches(acl: Acl, filter: AclFilter): boolean {
  if (filter.patternType !== 'MATCH' || filter.resourceName === null) return aclMatches(acl, filter)
  const name = filter.resourceName
  const covers =
    acl.resourceName === '*' ||
    (acl.patternType === 'LITERAL' && acl.resourceName === name) ||
    (acl.patternType === 'PREFIXED' && name.startsWith(acl.resourceName))
  return covers && aclMatches(acl, { ...filter, resourceName: null })
}

/** A member of a group (classic), owning the given partitions. */
export function member(memberId: string, assignment: Record<string, number[]> = {}): GroupMember {
  return {
    memberId,
    groupInstanceId: null,
    clientId: `client-${memberId}`,
    host: '/127.0.0.1',
    assignment: Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions })),
    targetAssignment: null,
    memberEpoch: null,
    subscription: Object.keys(assignment),
  }
}

export class FakeGateway implements KafkaGateway {
  readonly brokers: BrokerNode[] = [{ id: 1, host: 'localhost', port: 9092, rack: null }]
  readonly clusterId = 'fake-cluster'
  controller: number | null = 1
  readonly topics = new Map<string, FakeTopic>()
  readonly groups = new Map<string, FakeGroup>()
  acls: Acl[] = []
  /** Topics that exist but the principal may not describe: hidden from listings, refused by name. */
  readonly forbiddenTopics = new Set<string>()
  /** Per-group failures that describeGroups and committedOffsets report (e.g. not authorized). */
  readonly groupErrors = new Map<string, KtkError>()
  /** Per-topic failures that deleteTopics reports. */
  readonly deleteErrors = new Map<string, Error>()
  /** Per-partition (tpKey) failures that commitOffsets reports. */
  readonly commitErrors = new Map<string, ItemFailure>()
  /** Every call, in order, with its arguments. */
  readonly calls: { method: GatewayMethod; args: unknown[] }[] = []
  closed = false
  private readonly failures = new Map<GatewayMethod, Error[]>()
  private nextTimestamp = 1_000_000

  /** Scripts the next call (or `times` calls) of a method to throw this error. */
  failNext(method: GatewayMethod, error: Error, times = 1): this {
    const queue = this.failures.get(method) ?? []
    for (let i = 0; i < times; i++) queue.push(error)
    this.failures.set(method, queue)
    return this
  }

  /** The calls made of one method (their arguments). */
  callsOf(method: GatewayMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args)
  }

  addTopic(
    name: string,
    options: {
      partitions?: number
      replicationFactor?: number
      internal?: boolean
      configs?: Record<string, string>
      /** Record values per partition (offsets from 0, timestamps increasing). */
      records?: string[][]
    } = {},
  ): FakeTopic {
    const rf = options.replicationFactor ?? 1
    const replicas = Array.from({ length: rf }, (_, i) => i + 1)
    const topic: FakeTopic = {
      name,
      internal: options.internal ?? false,
      configs: { ...options.configs },
      partitions: Array.from({ length: options.partitions ?? 1 }, (_, partition) => ({
        partition,
        leader: replicas[0] ?? null,
        replicas: [...replicas],
        isr: [...replicas],
        earliest: 0,
        end: 0,
        records: [],
      })),
    }
    this.topics.set(name, topic)
    for (const [partition, values] of (options.records ?? []).entries())
      for (const value of values) this.append(name, partition, null, value)
    return topic
  }

  /** Appends a record to a partition; returns its offset. */
  append(topic: string, partition: number, key: string | null, value: string | null, timestamp?: number) {
    const p = this.partition(topic, partition)
    const offset = logEnd(p)
    p.records.push({ offset, key, value, timestamp: timestamp ?? this.nextTimestamp++ })
    return offset
  }

  partition(topic: string, partition: number): FakePartition {
    const p = this.topics.get(topic)?.partitions[partition]
    if (!p) throw new Error(`the fake has no partition ${topic}-${partition}`)
    return p
  }

  addGroup(
    groupId: string,
    options: {
      state?: string
      type?: GroupType
      members?: GroupMember[]
      /** Committed offsets: { "topic:partition": offset }. */
      committed?: Record<string, number>
    } = {},
  ): FakeGroup {
    const members = options.members ?? []
    const group: FakeGroup = {
      groupId,
      type: options.type ?? 'classic',
      state: options.state ?? (members.length > 0 ? 'Stable' : 'Empty'),
      members,
      committed: new Map(
        Object.entries(options.committed ?? {}).map(([tp, offset]) => {
          const at = tp.lastIndexOf(':')
          return [tpKey(tp.slice(0, at), Number(tp.slice(at + 1))), offset]
        }),
      ),
    }
    this.groups.set(groupId, group)
    return group
  }

  /** Records the call and throws the failure scripted for it, if any. */
  private async enter(method: GatewayMethod, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args })
    await Promise.resolve()
    const error = this.failures.get(method)?.shift()
    if (error) throw error
  }

  private visibleTopics(): TopicMetadata[] {
    return [...this.topics.values()]
      .filter((t) => !this.forbiddenTopics.has(t.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((t) => ({
        name: t.name,
        topicId: `id-${t.name}`,
        internal: t.internal,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          leader: p.leader,
          replicas: [...p.replicas],
          isr: [...p.isr],
          offlineReplicas: [],
        })),
      }))
  }

  // AdminGateway

  async clusterInfo(): Promise<ClusterInfo> {
    await this.enter('clusterInfo')
    return { clusterId: this.clusterId, controller: this.controller, brokers: [...this.brokers] }
  }

  /** Each broker's release: `releases` by node id (unknown ids: null, as a broker that could not be asked). */
  readonly releases = new Map<number, string>()

  async brokerReleases(nodeIds: readonly number[]): Promise<Map<number, string | null>> {
    await this.enter('brokerReleases')
    return new Map(nodeIds.map((id) => [id, this.releases.get(id) ?? null]))
  }

  async metadata(): Promise<ClusterMetadata> {
    await this.enter('metadata')
    return { clusterId: this.clusterId, brokers: [...this.brokers], topics: this.visibleTopics() }
  }

  async listTopics(): Promise<TopicMetadata[]> {
    await this.enter('listTopics')
    return this.visibleTopics()
  }

  async topicConfigs(topics: readonly string[]): Promise<Map<string, ConfigEntry[]>> {
    await this.enter('topicConfigs', topics)
    const out = new Map<string, ConfigEntry[]>()
    for (const name of topics) {
      const t = this.topics.get(name)
      if (!t || this.forbiddenTopics.has(name)) throw topicNotFound([name])
      const overrides = Object.entries(t.configs).map(
        ([key, value]): ConfigEntry => ({
          name: key,
          value,
          source: 'DYNAMIC_TOPIC_CONFIG',
          sensitive: false,
          readOnly: false,
        }),
      )
      const defaults: ConfigEntry[] = ['cleanup.policy', 'min.insync.replicas']
        .filter((key) => !(key in t.configs))
        .map((key) => ({
          name: key,
          value: key === 'cleanup.policy' ? 'delete' : '1',
          source: 'DEFAULT_CONFIG',
          sensitive: false,
          readOnly: false,
        }))
      out.set(name, [...overrides, ...defaults])
    }
    return out
  }

  async partitionOffsets(topics: readonly TopicMetadata[]): Promise<Map<string, PartitionOffsets[]>> {
    await this.enter('partitionOffsets', topics)
    return new Map(
      topics.map((t) => [
        t.name,
        (this.topics.get(t.name)?.partitions ?? []).map((p) => ({
          partition: p.partition,
          earliest: p.leader === null ? null : p.earliest,
          latest: p.leader === null ? null : logEnd(p),
        })),
      ]),
    )
  }

  async createTopics(
    specs: readonly NewTopicSpec[],
    options: { validateOnly: boolean },
  ): Promise<CreatedTopic[]> {
    await this.enter('createTopics', specs, options)
    const out: CreatedTopic[] = []
    for (const spec of specs) {
      if (this.topics.has(spec.name))
        throw new KtkError('TOPIC_EXISTS', `topic "${spec.name}" already exists`)
      const partitions = spec.replicaAssignment?.length ?? spec.partitions ?? 1
      const replicationFactor = spec.replicaAssignment?.[0]?.length ?? spec.replicationFactor ?? 1
      if (!options.validateOnly)
        this.addTopic(spec.name, { partitions, replicationFactor, configs: spec.configs })
      out.push({ name: spec.name, partitions, replicationFactor })
    }
    return out
  }

  async createPartitions(
    topic: string,
    count: number,
    assignments: number[][] | null,
    options: { validateOnly: boolean },
  ): Promise<void> {
    await this.enter('createPartitions', topic, count, assignments, options)
    const t = this.topics.get(topic)
    if (!t) throw topicNotFound([topic])
    if (count <= t.partitions.length)
      throw new KtkError('PARTITION_DECREASE', `topic "${topic}" has ${t.partitions.length} partitions`)
    if (options.validateOnly) return
    const template = t.partitions[0]!
    for (let partition = t.partitions.length; partition < count; partition++)
      t.partitions.push({ ...template, partition, earliest: 0, end: 0, records: [] })
  }

  async alterTopicConfigs(
    topic: string,
    operations: readonly ConfigOperation[],
    options: { validateOnly: boolean },
  ): Promise<void> {
    await this.enter('alterTopicConfigs', topic, operations, options)
    const t = this.topics.get(topic)
    if (!t) throw topicNotFound([topic])
    if (options.validateOnly) return
    for (const o of operations) {
      if (o.op === 'set') t.configs[o.name] = o.value
      else delete t.configs[o.name]
    }
  }

  async deleteTopics(topics: readonly string[]): Promise<{ topic: string; error: Error }[]> {
    await this.enter('deleteTopics', topics)
    const failed: { topic: string; error: Error }[] = []
    for (const topic of topics) {
      const error = this.deleteErrors.get(topic) ?? (this.topics.has(topic) ? null : topicNotFound([topic]))
      if (error) failed.push({ topic, error })
      else this.topics.delete(topic)
    }
    return failed
  }

  async checkTopicAccess(names: readonly string[]): Promise<void> {
    await this.enter('checkTopicAccess', names)
    const denied = names.find((n) => this.forbiddenTopics.has(n))
    if (denied) throw new KtkError('AUTHORIZATION_FAILED', `not authorized to DESCRIBE topic "${denied}"`)
  }

  // AclGateway

  async describeAcls(filter: AclFilter): Promise<Acl[]> {
    await this.enter('describeAcls', filter)
    return this.acls.filter((a) => matches(a, filter))
  }

  async createAcls(acls: readonly Acl[]): Promise<void> {
    await this.enter('createAcls', acls)
    for (const acl of acls)
      if (!this.acls.some((a) => JSON.stringify(a) === JSON.stringify(acl))) this.acls.push({ ...acl })
  }

  async deleteAcls(filters: readonly AclFilter[]): Promise<Acl[]> {
    await this.enter('deleteAcls', filters)
    const deleted = this.acls.filter((a) => filters.some((f) => matches(a, f)))
    this.acls = this.acls.filter((a) => !deleted.includes(a))
    return deleted
  }

  // GroupsGateway

  async listGroups(filter: {
    states: readonly string[]
    types: readonly GroupType[]
  }): Promise<GroupListing[]> {
    await this.enter('listGroups', filter)
    return [...this.groups.values()]
      .sort((a, b) => (a.groupId < b.groupId ? -1 : 1))
      .map((g) => ({ groupId: g.groupId, protocolType: 'consumer', state: g.state, type: g.type }))
  }

  async describeGroups(groupIds: readonly string[]): Promise<PerGroup<GroupDescription>> {
    await this.enter('describeGroups', groupIds)
    return this.perGroup(groupIds, (id) => {
      const g = this.groups.get(id)
      return {
        groupId: id,
        type: g?.type ?? 'classic',
        protocolType: g ? 'consumer' : '',
        state: g?.state ?? 'Dead',
        assignor: g && g.members.length > 0 ? 'range' : '',
        coordinator: { id: 1, host: 'localhost', port: 9092 },
        members: g?.members ?? [],
        groupEpoch: null,
        targetAssignmentEpoch: null,
      }
    })
  }

  async committedOffsets(groupIds: readonly string[]): Promise<PerGroup<CommittedOffset[]>> {
    await this.enter('committedOffsets', groupIds)
    return this.perGroup(groupIds, (id) =>
      [...(this.groups.get(id)?.committed ?? new Map<string, number>())].map(([key, offset]) => {
        const [topic, partition] = key.split('\u0000')
        return { topic: topic!, partition: Number(partition), offset, leaderEpoch: null, metadata: '' }
      }),
    )
  }

  private perGroup<T>(groupIds: readonly string[], value: (id: string) => T): PerGroup<T> {
    const out: PerGroup<T> = { results: new Map(), errors: new Map() }
    for (const id of groupIds) {
      const error = this.groupErrors.get(id)
      if (error) out.errors.set(id, error)
      else out.results.set(id, value(id))
    }
    return out
  }

  async logOffsets(partitions: readonly TopicPartition[], query: OffsetQuery): Promise<LogOffset[]> {
    await this.enter('logOffsets', partitions, query)
    return partitions.map(({ topic, partition }) => {
      const p = this.topics.get(topic)?.partitions[partition]
      if (!p) return { topic, partition, offset: null, timestamp: null, error: 'UNKNOWN_TOPIC_OR_PARTITION' }
      const at = (offset: number, timestamp: number | null = null) => ({
        topic,
        partition,
        offset,
        timestamp,
        error: null,
      })
      if (query === 'earliest') return at(p.earliest)
      if (query === 'latest') return at(logEnd(p))
      const live = p.records.filter((r) => r.offset >= p.earliest)
      if (query === 'max-timestamp') {
        const newest = live.reduce<FakeRecord | null>(
          (m, r) => (!m || r.timestamp > m.timestamp ? r : m),
          null,
        )
        return newest ? at(newest.offset, newest.timestamp) : at(-1)
      }
      const found = live.find((r) => r.timestamp >= query.timestamp)
      return found ? at(found.offset, found.timestamp) : at(logEnd(p))
    })
  }

  async recordsAt(queries: readonly (TopicPartition & { offset: number })[]): Promise<RecordAt[]> {
    await this.enter('recordsAt', queries)
    return queries.map((q) => {
      const p = this.topics.get(q.topic)?.partitions[q.partition]
      const found = p?.records.find((r) => r.offset >= Math.max(q.offset, p.earliest))
      return {
        topic: q.topic,
        partition: q.partition,
        requested: q.offset,
        record: found ? { offset: found.offset, timestamp: found.timestamp, exact: true } : null,
      }
    })
  }

  async commitOffsets(
    groupId: string,
    offsets: readonly (TopicPartition & { offset: number })[],
  ): Promise<(TopicPartition & { error: ItemFailure | null })[]> {
    await this.enter('commitOffsets', groupId, offsets)
    const group = this.groups.get(groupId) ?? this.addGroup(groupId)
    return offsets.map(({ topic, partition, offset }) => {
      const key = tpKey(topic, partition)
      const scripted = this.commitErrors.get(key)
      const error: ItemFailure | null =
        scripted ??
        (group.members.length > 0
          ? { code: 'UNKNOWN_MEMBER_ID', message: 'the group has active members', hints: [] }
          : null)
      if (!error) group.committed.set(key, offset)
      return { topic, partition, error }
    })
  }

  async deleteOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
  ): Promise<{ error: ItemFailure | null; partitions: (TopicPartition & { error: ItemFailure | null })[] }> {
    await this.enter('deleteOffsets', groupId, partitions)
    const group = this.groups.get(groupId)
    if (!group) {
      return {
        error: { code: 'GROUP_ID_NOT_FOUND', message: 'the group does not exist', hints: [] },
        partitions: [],
      }
    }
    const subscribed = new Set(group.members.flatMap((m) => m.subscription))
    return {
      error: null,
      partitions: partitions.map(({ topic, partition }) => {
        if (subscribed.has(topic)) {
          const message = 'the group is subscribed to the topic'
          return { topic, partition, error: { code: 'GROUP_SUBSCRIBED_TO_TOPIC', message, hints: [] } }
        }
        group.committed.delete(tpKey(topic, partition))
        return { topic, partition, error: null }
      }),
    }
  }

  async deleteGroups(groupIds: readonly string[]): Promise<Map<string, ItemFailure | null>> {
    await this.enter('deleteGroups', groupIds)
    const out = new Map<string, ItemFailure | null>()
    for (const id of groupIds) {
      const g = this.groups.get(id)
      if (!g) out.set(id, { code: 'GROUP_ID_NOT_FOUND', message: 'the group does not exist', hints: [] })
      else if (g.members.length > 0)
        out.set(id, { code: 'NON_EMPTY_GROUP', message: 'the group is not empty', hints: [] })
      else {
        this.groups.delete(id)
        out.set(id, null)
      }
    }
    return out
  }

  // RecordsGateway

  async openProducer(options: ProducerOptions): Promise<RecordProducer> {
    await this.enter('openProducer', options)
    const topic = this.topics.get(options.topic)
    if (!topic) throw topicNotFound([options.topic])
    return new FakeProducer(this, topic, options)
  }

  async openConsumer(options: ConsumerOptions): Promise<RecordConsumer> {
    await this.enter('openConsumer', options)
    for (const name of options.topics) if (!this.topics.has(name)) throw topicNotFound([name])
    return new FakeConsumer(this, options)
  }

  async close(): Promise<void> {
    await this.enter('close')
    this.closed = true
  }
}

/**
 * Appends what it is sent to the fake's partitions on flush (round-robin without an explicit partition);
 * records for a partition in `failPartitions` are reported as not written, with that reason.
 */
export class FakeProducer implements RecordProducer {
  readonly partitions: number
  readonly failPartitions = new Map<number, string>()
  readonly transactions: boolean[] = []
  private queued: OutgoingRecord[] = []
  private next = 0

  constructor(
    private readonly cluster: FakeGateway,
    private readonly topic: FakeTopic,
    private readonly options: ProducerOptions,
  ) {
    this.partitions = topic.partitions.length
  }

  /** Copies what it is sent at once, as the real producer encodes it: callers reuse records and buffers. */
  send(record: OutgoingRecord): void {
    const value =
      record.value === null
        ? null
        : Buffer.from(record.value.subarray(record.valueStart ?? 0, record.valueEnd ?? record.value.length))
    this.queued.push({
      line: record.line,
      key: record.key === null ? null : Buffer.from(record.key),
      value,
      headers: [...record.headers],
      partition: record.partition,
      timestamp: record.timestamp,
    })
  }

  waitForCapacity(): Promise<void> | null {
    return null
  }

  async flush(): Promise<void> {
    const records = this.queued.splice(0)
    for (const r of records) {
      const partition = r.partition ?? this.next++ % this.partitions
      const value = r.value?.toString('utf8') ?? null
      const bytes = (r.key?.length ?? 0) + (r.value?.length ?? 0)
      const reason = this.failPartitions.get(partition)
      if (reason) {
        this.report({ partition, lines: [r.line], baseOffset: null, error: reason, bytes, written: 'no' })
        continue
      }
      const key = r.key?.toString('utf8') ?? null
      const baseOffset = this.cluster.append(this.topic.name, partition, key, value, r.timestamp)
      this.report({ partition, lines: [r.line], baseOffset, error: null, bytes, written: 'yes' })
    }
  }

  private report(report: DeliveryReport) {
    this.options.onDelivery(report)
  }

  abortUnsent(): void {
    for (const r of this.queued.splice(0)) {
      this.report({
        partition: r.partition ?? 0,
        lines: [r.line],
        baseOffset: null,
        error: 'not sent: stopped',
        bytes: 0,
        written: 'no',
      })
    }
  }

  async endTransaction(commit: boolean): Promise<void> {
    this.transactions.push(commit)
  }
}

/** Hands out each assigned partition's records, one block per poll, from the start the options ask for. */
export class FakeConsumer implements RecordConsumer {
  readonly assignment: { topic: string; partition: number; start: number; end: number | null }[]
  readonly commits: { topic: string; partition: number; offset: number }[][] = []
  closed = false
  private readonly positions = new Map<string, number>()
  private readonly processed = new Map<string, { topic: string; partition: number; offset: number }>()

  constructor(
    private readonly cluster: FakeGateway,
    private readonly options: ConsumerOptions,
  ) {
    this.assignment = options.topics.flatMap((name) =>
      cluster.topics
        .get(name)!
        .partitions.filter((p) => !options.partitions || options.partitions.includes(p.partition))
        .map((p) => {
          const committed = options.group
            ? cluster.groups.get(options.group)?.committed.get(tpKey(name, p.partition))
            : undefined
          const start = committed ?? (options.start.kind === 'latest' ? logEnd(p) : p.earliest)
          return { topic: name, partition: p.partition, start, end: options.exitAtEnd ? logEnd(p) : null }
        }),
    )
    for (const a of this.assignment) this.positions.set(tpKey(a.topic, a.partition), a.start)
  }

  async poll(_waitMs: number): Promise<RecordBlock | undefined | null> {
    await Promise.resolve()
    for (const a of this.assignment) {
      const key = tpKey(a.topic, a.partition)
      const from = this.positions.get(key)!
      const end = a.end ?? Number.POSITIVE_INFINITY
      const records = this.cluster
        .partition(a.topic, a.partition)
        .records.filter((r) => r.offset >= from && r.offset < end)
      if (records.length === 0) continue
      this.positions.set(key, records[records.length - 1]!.offset + 1)
      return toBlock(a.topic, a.partition, records)
    }
    return this.options.exitAtEnd ? null : undefined
  }

  markProcessed(topic: string, partition: number, nextOffset: number): void {
    this.processed.set(tpKey(topic, partition), { topic, partition, offset: nextOffset })
  }

  processedOffsets(): { topic: string; partition: number; offset: number }[] {
    return [...this.processed.values()].map((o) => ({ ...o }))
  }

  async commitProcessed(): Promise<{ topic: string; partition: number; offset: number }[]> {
    const offsets = this.processedOffsets()
    if (!this.options.group) return []
    const group = this.cluster.groups.get(this.options.group) ?? this.cluster.addGroup(this.options.group)
    for (const o of offsets) group.committed.set(tpKey(o.topic, o.partition), o.offset)
    this.commits.push(offsets)
    return offsets
  }

  async close(): Promise<void> {
    this.closed = true
  }
}

function toBlock(topic: string, partition: number, records: readonly FakeRecord[]): RecordBlock {
  const block = newBlock(topic, partition, records.length)
  const parts: Buffer[] = []
  let at = 0
  for (const [i, r] of records.entries()) {
    const key = r.key === null ? null : Buffer.from(r.key)
    const value = r.value === null ? null : Buffer.from(r.value)
    block.offset[i] = r.offset
    block.timestamp[i] = r.timestamp
    block.keyStart[i] = at
    block.keyLength[i] = key ? key.length : -1
    if (key) parts.push(key)
    at += key?.length ?? 0
    block.valueStart[i] = at
    block.valueLength[i] = value ? value.length : -1
    if (value) parts.push(value)
    at += value?.length ?? 0
    block.headersStart[i] = at
    parts.push(Buffer.from([0])) // no headers (a zero varint)
    at += 1
    block.count++
  }
  block.datas.push(Buffer.concat(parts))
  return block
}
