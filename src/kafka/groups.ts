import { KtkError } from '../core/errors.js'
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
import { Err, failure, isCoordinatorRetriable } from './error-codes.js'
import type { GroupsGateway, PerGroup } from './gateway.js'
import { type Answer, GroupCoordinators } from './group-coordinators.js'
import { classicGroup, consumerGroup } from './group-descriptions.js'
import { PartitionReader } from './partition-reads.js'
import { ApiKey } from './protocol/api-keys.js'
import {
  BATCHED_OFFSET_FETCH,
  groupOffsetFetchRequest,
  offsetCommitRequest,
  offsetDeleteRequest,
  offsetFetchRequest,
} from './protocol/group-offsets-requests.js'
import {
  consumerGroupDescribeRequest,
  type DescribedConsumerGroup,
  deleteGroupsRequest,
  describeGroupsRequest,
  listGroupsRequest,
} from './protocol/groups-requests.js'
import type { KafkaSession } from './session.js'

/**
 * Consumer groups over a session: each method is one kind of request, sent to the groups' coordinators
 * in batches (group-coordinators.ts) or to partition leaders (partition-reads.ts), decoded into ktk's
 * group types (group-descriptions.ts).
 */
export class SessionGroupsGateway implements GroupsGateway {
  private readonly coordinators: GroupCoordinators
  private readonly reader: PartitionReader

  constructor(private readonly session: KafkaSession) {
    this.coordinators = new GroupCoordinators(session)
    this.reader = new PartitionReader(session)
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
    return this.coordinators.perCoordinator(groupIds, 'DESCRIBE', async (coordinator, ids) => {
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
    return this.coordinators.perCoordinator(groupIds, 'DESCRIBE', async (coordinator, ids) => {
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
    const results = await this.coordinators.forGroup(groupId, 'READ', async (coordinator) => {
      const results = await this.session.send(offsetCommitRequest(groupId, offsets), coordinator.id)
      return {
        value: results,
        errorCode: results.find((r) => isCoordinatorRetriable(r.errorCode))?.errorCode ?? 0,
      }
    })
    // Committing needs READ on the group and on each topic.
    return results.map((r) => this.coordinators.partitionOutcome(r, groupId, 'READ'))
  }

  async deleteOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
  ): Promise<{ error: ItemFailure | null; partitions: (TopicPartition & { error: ItemFailure | null })[] }> {
    const result = await this.coordinators.forGroup(groupId, 'DELETE', async (coordinator) => {
      const result = await this.session.send(offsetDeleteRequest(groupId, partitions), coordinator.id)
      return { value: result, errorCode: result.errorCode }
    })
    // OffsetDelete needs DELETE on the group and READ on each topic.
    return {
      error:
        result.errorCode === 0 ? null : this.coordinators.itemFailure(result.errorCode, groupId, 'DELETE'),
      partitions: result.partitions.map((r) => this.coordinators.partitionOutcome(r, groupId, 'READ')),
    }
  }

  async deleteGroups(groupIds: readonly string[]): Promise<Map<string, ItemFailure | null>> {
    const done = await this.coordinators.perCoordinator(groupIds, 'DELETE', async (coordinator, ids) => {
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
            ? this.coordinators.itemFailure(code, id, 'DELETE')
            : null,
      )
    }
    return out
  }
}
