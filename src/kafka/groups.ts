import type { Operation } from '../core/acl.js'
import { KtkError } from '../core/errors.js'
import type {
  CommittedOffset,
  Coordinator,
  GroupDescription,
  GroupListing,
  GroupMember,
  GroupType,
  ItemFailure,
  LogOffset,
  OffsetQuery,
  RecordAt,
  TopicPartition,
  TopicPartitions,
} from '../core/group-types.js'
import { findCoordinators } from './coordinator.js'
import { Err, failure, isCoordinatorRetriable, kafkaErrorType } from './error-codes.js'
import { deniedError, principalName } from './errors.js'
import type { GroupsGateway, PerGroup } from './gateway.js'
import { PartitionReader } from './partition-reads.js'
import { ApiKey } from './protocol/api-keys.js'
import { decodeAssignment, decodeSubscription } from './protocol/consumer-protocol.js'
import {
  BATCHED_OFFSET_FETCH,
  groupOffsetFetchRequest,
  offsetCommitRequest,
  offsetDeleteRequest,
  offsetFetchRequest,
} from './protocol/group-offsets-requests.js'
import {
  type AssignedTopic,
  consumerGroupDescribeRequest,
  type DescribedClassicGroup,
  type DescribedConsumerGroup,
  deleteGroupsRequest,
  describeGroupsRequest,
  listGroupsRequest,
} from './protocol/groups-requests.js'
import type { KafkaSession } from './session.js'

/** A broker's refusal: an error code, with its message when it sent one. */
type Refusal = { errorCode: number; message?: string | null }
/** What one coordinator said about one group: a value, or an error code (retried when retriable). */
type Answer<T> = { value: T } | Refusal

/**
 * Consumer groups over a session. Requests are batched per coordinator: one FindCoordinator for all
 * groups, then one DescribeGroups, ConsumerGroupDescribe, OffsetFetch … per coordinator (before Kafka 3.0,
 * FindCoordinator and OffsetFetch go one per group, in parallel). Coordinator moves and loading
 * coordinators are retried within the connection timeout.
 */
export class SessionGroupsGateway implements GroupsGateway {
  private readonly coordinatorOf = new Map<string, Promise<Coordinator | Refusal | KtkError>>()
  private readonly reader: PartitionReader
  private readonly principal: string | undefined

  constructor(private readonly session: KafkaSession) {
    this.reader = new PartitionReader(session)
    this.principal = principalName(session.settings)
  }

  async listGroups(filter: {
    states: readonly string[]
    types: readonly GroupType[]
  }): Promise<GroupListing[]> {
    const metadata = await this.session.metadata([])
    const listings = await Promise.all(
      metadata.brokers.map(async (b) => {
        const listed = await this.session.send(listGroupsRequest(filter.states, filter.types), b.nodeId)
        if (listed.errorCode !== 0) {
          const f = failure(listed.errorCode)
          throw new KtkError('UNEXPECTED', `broker ${b.nodeId} could not list groups: ${f.message}`)
        }
        return listed.groups
      }),
    )
    const byId = new Map<string, GroupListing>()
    for (const g of listings.flat()) {
      byId.set(g.groupId, {
        groupId: g.groupId,
        protocolType: g.protocolType,
        state: g.state === '' ? null : g.state,
        type: g.type === '' ? null : (g.type.toLowerCase() as GroupType),
      })
    }
    return [...byId.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0))
  }

  async describeGroups(groupIds: readonly string[]): Promise<PerGroup<GroupDescription>> {
    const withConsumerApi = ((await this.session.maxVersion(ApiKey.ConsumerGroupDescribe)) ?? -1) >= 0
    return this.perCoordinator(groupIds, 'DESCRIBE', async (coordinator, ids) => {
      const [classic, consumer] = await Promise.all([
        this.session.send(describeGroupsRequest(ids), coordinator.id),
        withConsumerApi
          ? this.session.send(consumerGroupDescribeRequest(ids), coordinator.id).catch(() => [])
          : Promise.resolve([] as DescribedConsumerGroup[]),
      ])
      const answers = new Map<string, Answer<GroupDescription>>()
      for (const g of classic) {
        answers.set(
          g.groupId,
          g.errorCode === 0 || g.errorCode === Err.groupIdNotFound
            ? { value: classicGroup(g, coordinator) }
            : { errorCode: g.errorCode },
        )
      }
      // A `consumer` group is described by ConsumerGroupDescribe; classic groups get GROUP_ID_NOT_FOUND there.
      for (const g of consumer) {
        if (g.errorCode === 0) answers.set(g.groupId, { value: consumerGroup(g, coordinator) })
        else if (isCoordinatorRetriable(g.errorCode) && answers.has(g.groupId))
          answers.set(g.groupId, { errorCode: g.errorCode })
      }
      return answers
    })
  }

  async committedOffsets(groupIds: readonly string[]): Promise<PerGroup<CommittedOffset[]>> {
    return this.perCoordinator(groupIds, 'DESCRIBE', async (coordinator, ids) => {
      const batched =
        ((await this.session.maxVersion(ApiKey.OffsetFetch, coordinator.id)) ?? -1) >= BATCHED_OFFSET_FETCH
      const fetched = batched
        ? await this.session.send(
            offsetFetchRequest(ids.map((groupId) => ({ groupId, partitions: null }))),
            coordinator.id,
          )
        : await Promise.all(
            ids.map((id) => this.session.send(groupOffsetFetchRequest(id, null), coordinator.id)),
          )
      const answers = new Map<string, Answer<CommittedOffset[]>>()
      for (const g of fetched) {
        const partitionError = g.offsets.find((o) => o.errorCode !== 0)?.errorCode ?? 0
        const errorCode = g.errorCode !== 0 ? g.errorCode : partitionError
        if (errorCode !== 0) {
          answers.set(g.groupId, { errorCode })
          continue
        }
        answers.set(g.groupId, {
          value: g.offsets
            .filter((o) => o.offset >= 0)
            .map((o) => ({
              topic: o.topic,
              partition: o.partition,
              offset: o.offset,
              leaderEpoch: o.leaderEpoch >= 0 ? o.leaderEpoch : null,
              metadata: o.metadata,
            })),
        })
      }
      return answers
    })
  }

  logOffsets(partitions: readonly TopicPartition[], query: OffsetQuery): Promise<LogOffset[]> {
    return this.reader.logOffsets(partitions, query)
  }

  recordsAt(queries: readonly (TopicPartition & { offset: number })[]): Promise<RecordAt[]> {
    return this.reader.recordsAt(queries)
  }

  async commitOffsets(
    groupId: string,
    offsets: readonly (TopicPartition & { offset: number })[],
  ): Promise<(TopicPartition & { error: ItemFailure | null })[]> {
    const results = await this.forGroup(groupId, 'READ', async (coordinator) => {
      const results = await this.session.send(offsetCommitRequest(groupId, offsets), coordinator.id)
      return {
        value: results,
        errorCode: results.find((r) => isCoordinatorRetriable(r.errorCode))?.errorCode ?? 0,
      }
    })
    // Committing needs READ on the group and on each topic.
    return results.map((r) => this.partitionOutcome(r, groupId, 'READ'))
  }

  async deleteOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
  ): Promise<{ error: ItemFailure | null; partitions: (TopicPartition & { error: ItemFailure | null })[] }> {
    const result = await this.forGroup(groupId, 'DELETE', async (coordinator) => {
      const result = await this.session.send(offsetDeleteRequest(groupId, partitions), coordinator.id)
      return { value: result, errorCode: result.errorCode }
    })
    // OffsetDelete needs DELETE on the group and READ on each topic.
    return {
      error: result.errorCode === 0 ? null : this.itemFailure(result.errorCode, groupId, 'DELETE'),
      partitions: result.partitions.map((r) => this.partitionOutcome(r, groupId, 'READ')),
    }
  }

  /** One request about one group to its coordinator, retried while the coordinator moves or loads. */
  private async forGroup<T>(
    groupId: string,
    operation: Operation,
    send: (coordinator: Coordinator) => Promise<{ value: T; errorCode: number }>,
  ): Promise<T> {
    const done = await this.perCoordinator([groupId], operation, async (coordinator) => {
      const { value, errorCode } = await send(coordinator)
      return new Map<string, Answer<T>>([
        [groupId, isCoordinatorRetriable(errorCode) ? { errorCode } : { value }],
      ])
    })
    const error = done.errors.get(groupId)
    if (error) throw error
    return done.results.get(groupId)!
  }

  async deleteGroups(groupIds: readonly string[]): Promise<Map<string, ItemFailure | null>> {
    const done = await this.perCoordinator(groupIds, 'DELETE', async (coordinator, ids) => {
      const results = await this.session.send(deleteGroupsRequest(ids), coordinator.id)
      return new Map<string, Answer<number>>(
        results.map((r) => [
          r.groupId,
          isCoordinatorRetriable(r.errorCode) ? { errorCode: r.errorCode } : { value: r.errorCode },
        ]),
      )
    })
    const out = new Map<string, ItemFailure | null>()
    for (const id of groupIds) {
      const code = done.results.get(id)
      const error = done.errors.get(id)
      out.set(
        id,
        error
          ? { code: error.code, message: error.message, hints: error.hints }
          : code
            ? this.itemFailure(code, id, 'DELETE')
            : null,
      )
    }
    return out
  }

  /**
   * Runs a request per coordinator for the groups it coordinates, retrying groups whose coordinator moved
   * or is still loading (with back-off, within the timeout). Other errors are reported per group.
   */
  private async perCoordinator<T>(
    groupIds: readonly string[],
    operation: Operation,
    send: (coordinator: Coordinator, ids: string[]) => Promise<Map<string, Answer<T>>>,
  ): Promise<PerGroup<T>> {
    const out: PerGroup<T> = { results: new Map(), errors: new Map() }
    const deadline = Date.now() + this.session.settings.timeoutMs
    let pending = [...new Set(groupIds)]
    for (let attempt = 0; pending.length > 0; attempt++) {
      const coordinators = await this.coordinators(pending)
      const byNode = new Map<number, { coordinator: Coordinator; ids: string[] }>()
      for (const id of pending) {
        const c = coordinators.get(id)!
        if (c instanceof KtkError || 'errorCode' in c) {
          out.errors.set(
            id,
            c instanceof KtkError ? c : this.groupError(id, c.errorCode, operation, c.message),
          )
          continue
        }
        const entry = byNode.get(c.id) ?? { coordinator: c, ids: [] }
        entry.ids.push(id)
        byNode.set(c.id, entry)
      }
      const retry: { id: string; errorCode: number }[] = []
      await Promise.all(
        [...byNode.values()].map(async ({ coordinator, ids }) => {
          const answers = await send(coordinator, ids)
          for (const id of ids) {
            const answer = answers.get(id)
            if (!answer) out.errors.set(id, new KtkError('UNEXPECTED', `no answer about group "${id}"`))
            else if ('value' in answer) out.results.set(id, answer.value)
            else if (isCoordinatorRetriable(answer.errorCode)) retry.push({ id, errorCode: answer.errorCode })
            else out.errors.set(id, this.groupError(id, answer.errorCode, operation, answer.message))
          }
        }),
      )
      for (const { id } of retry) this.coordinatorOf.delete(id)
      pending = retry.map((r) => r.id)
      if (pending.length > 0 && Date.now() + backoff(attempt) > deadline) {
        for (const r of retry) out.errors.set(r.id, this.groupError(r.id, r.errorCode, operation))
        break
      }
      if (pending.length > 0) await sleep(backoff(attempt))
    }
    return out
  }

  /** Coordinators of these groups: one FindCoordinator for those not known yet, retried while loading. */
  private async coordinators(
    groupIds: readonly string[],
  ): Promise<Map<string, Coordinator | Refusal | KtkError>> {
    const missing = groupIds.filter((id) => !this.coordinatorOf.has(id))
    if (missing.length > 0) {
      const batch = this.findCoordinators(missing)
      for (const id of missing)
        this.coordinatorOf.set(
          id,
          batch.then((found) => found.get(id)!),
        )
    }
    const out = new Map<string, Coordinator | Refusal | KtkError>()
    for (const id of groupIds) out.set(id, await this.coordinatorOf.get(id)!)
    return out
  }

  private async findCoordinators(
    groupIds: readonly string[],
  ): Promise<Map<string, Coordinator | Refusal | KtkError>> {
    const out = new Map<string, Coordinator | Refusal | KtkError>()
    const deadline = Date.now() + this.session.settings.timeoutMs
    let pending = [...groupIds]
    for (let attempt = 0; pending.length > 0; attempt++) {
      const found = await findCoordinators(this.session, pending)
      const retry: string[] = []
      for (const c of found) {
        if (c.errorCode === 0) out.set(c.key, { id: c.nodeId, host: c.host, port: c.port })
        else if (isCoordinatorRetriable(c.errorCode) && Date.now() + backoff(attempt) < deadline)
          retry.push(c.key)
        else out.set(c.key, { errorCode: c.errorCode, message: c.errorMessage })
      }
      pending = retry
      if (pending.length > 0) await sleep(backoff(attempt))
    }
    for (const id of groupIds) {
      if (!out.has(id)) out.set(id, new KtkError('UNEXPECTED', `no coordinator found for group "${id}"`))
    }
    return out
  }

  /** A group-level refusal; an authorization failure names the principal and the operation the call needs. */
  private groupError(groupId: string, code: number, operation: Operation, brokerMessage?: string | null) {
    const denied = deniedError(code, { principal: this.principal, group: { name: groupId, operation } })
    if (denied) return denied
    const name = kafkaErrorType(code)
    const ktkCode =
      name === 'GROUP_ID_NOT_FOUND'
        ? 'GROUP_NOT_FOUND'
        : name === 'NON_EMPTY_GROUP'
          ? 'GROUP_NOT_EMPTY'
          : isCoordinatorRetriable(code)
            ? 'TIMEOUT'
            : 'UNEXPECTED'
    return new KtkError(ktkCode, `group "${groupId}": ${failure(code, brokerMessage).message}`)
  }

  /** An error code about a group or one of its topics, as an ItemFailure; refusals say who needs what. */
  private itemFailure(code: number, groupId: string, operation: Operation, topic?: string): ItemFailure {
    const denied = deniedError(code, {
      principal: this.principal,
      group: { name: groupId, operation },
      ...(topic !== undefined ? { topic: { name: topic, operation } } : {}),
    })
    return denied
      ? { code: kafkaErrorType(code), message: denied.message, hints: denied.hints }
      : failure(code)
  }

  private partitionOutcome(
    r: { topic: string; partition: number; errorCode: number },
    groupId: string,
    operation: Operation,
  ) {
    return {
      topic: r.topic,
      partition: r.partition,
      error: r.errorCode === 0 ? null : this.itemFailure(r.errorCode, groupId, operation, r.topic),
    }
  }
}

function classicGroup(g: DescribedClassicGroup, coordinator: Coordinator): GroupDescription {
  const consumerProtocol = g.protocolType === 'consumer' || g.protocolType === ''
  return {
    groupId: g.groupId,
    type: 'classic',
    protocolType: g.protocolType,
    state: g.errorCode === Err.groupIdNotFound ? 'Dead' : g.state,
    assignor: g.protocol,
    coordinator,
    groupEpoch: null,
    targetAssignmentEpoch: null,
    members: g.members.map(
      (m): GroupMember => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: consumerProtocol ? sortAssignment(decodeAssignment(m.assignment)) : [],
        targetAssignment: null,
        memberEpoch: null,
        subscription: consumerProtocol ? decodeSubscription(m.metadata).topics : [],
      }),
    ),
  }
}

function consumerGroup(g: DescribedConsumerGroup, coordinator: Coordinator): GroupDescription {
  return {
    groupId: g.groupId,
    type: 'consumer',
    protocolType: 'consumer',
    state: g.state,
    assignor: g.assignorName,
    coordinator,
    groupEpoch: g.groupEpoch,
    targetAssignmentEpoch: g.assignmentEpoch,
    members: g.members.map(
      (m): GroupMember => ({
        memberId: m.memberId,
        groupInstanceId: m.instanceId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: toPartitions(m.assignment),
        targetAssignment: toPartitions(m.targetAssignment),
        memberEpoch: m.memberEpoch,
        subscription: m.subscribedTopicRegex ? [m.subscribedTopicRegex] : m.subscribedTopicNames,
      }),
    ),
  }
}

function toPartitions(topics: readonly AssignedTopic[]): TopicPartitions[] {
  return sortAssignment(topics.map((t) => ({ topic: t.topic, partitions: t.partitions })))
}

function sortAssignment(topics: TopicPartitions[]): TopicPartitions[] {
  return topics
    .map((t) => ({ topic: t.topic, partitions: [...t.partitions].sort((a, b) => a - b) }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))
}

const backoff = (attempt: number) => Math.min(100 * 2 ** attempt, 1000)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
