import { asBuffer } from './bytes.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import {
  ConsumerGroupDescribe,
  type TopicPartitions as DescribedTopicPartitions,
} from './messages/consumer-group-describe.js'
import { DeleteGroups } from './messages/delete-groups.js'
import { DescribeGroups } from './messages/describe-groups.js'
import { ListGroups } from './messages/list-groups.js'

export interface ListedGroup {
  groupId: string
  protocolType: string
  /** Kafka's state name (Stable, Empty, …); '' when the broker does not say (v3 and older). */
  state: string
  /** classic, consumer, share, streams; '' when the broker does not say (v4 and older). */
  type: string
}

export interface ListGroupsResult {
  errorCode: number
  groups: ListedGroup[]
}

/**
 * ListGroups v0-v5. Every broker answers for the groups it coordinates, so a full listing asks them all.
 * A states filter needs v4 (KIP-518, Kafka 2.6), a types filter v5 (KIP-848, Kafka 3.8): with a filter the
 * older versions are not offered, so an older broker is refused in one line rather than listing unfiltered.
 */
export function listGroupsRequest(
  states: readonly string[],
  types: readonly string[],
): VersionedRequest<ListGroupsResult> {
  const needs =
    types.length > 0
      ? { minVersion: 5, needs: 'filtering groups by type needs Kafka 3.8 or newer' }
      : states.length > 0
        ? { minVersion: 4, needs: 'filtering groups by state needs Kafka 2.6 or newer' }
        : { minVersion: 0 }
  return versionedRequest(
    ListGroups,
    (version) => ({
      body: {
        ...(version >= 4 ? { statesFilter: [...states] } : {}),
        ...(version >= 5 ? { typesFilter: [...types] } : {}),
      },
      map: (res) => ({
        errorCode: res.errorCode,
        groups: res.groups.map((g) => ({
          groupId: g.groupId,
          protocolType: g.protocolType,
          state: g.groupState ?? '',
          type: g.groupType ?? '',
        })),
      }),
    }),
    { ...needs, maxVersion: 5 },
  )
}

export interface DescribedClassicMember {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  clientHost: string
  metadata: Buffer
  assignment: Buffer
}

export interface DescribedClassicGroup {
  errorCode: number
  groupId: string
  state: string
  protocolType: string
  /** The assignor chosen for the generation (range, roundrobin, …), '' when none. */
  protocol: string
  members: DescribedClassicMember[]
}

export interface AssignedTopic {
  topicId: string
  topic: string
  partitions: number[]
}

export interface DescribedConsumerMember {
  memberId: string
  instanceId: string | null
  rackId: string | null
  memberEpoch: number
  clientId: string
  clientHost: string
  subscribedTopicNames: string[]
  subscribedTopicRegex: string | null
  assignment: AssignedTopic[]
  targetAssignment: AssignedTopic[]
}

export interface DescribedConsumerGroup {
  errorCode: number
  errorMessage: string | null
  groupId: string
  state: string
  groupEpoch: number
  assignmentEpoch: number
  assignorName: string
  members: DescribedConsumerMember[]
}

export interface DeletedGroup {
  groupId: string
  errorCode: number
}

/**
 * DescribeGroups v0-v6, many groups per request, all on the same coordinator. Authorized operations
 * (v3+) are not asked for; static members' instance ids come from v4 (null before).
 */
export function describeGroupsRequest(
  groupIds: readonly string[],
): VersionedRequest<DescribedClassicGroup[]> {
  return versionedRequest(
    DescribeGroups,
    (version) => ({
      body: {
        groups: [...groupIds],
        ...(version >= 3 ? { includeAuthorizedOperations: false } : {}),
      },
      map: (res) =>
        res.groups.map((g) => ({
          errorCode: g.errorCode,
          groupId: g.groupId,
          state: g.groupState,
          protocolType: g.protocolType,
          protocol: g.protocolData,
          members: g.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId ?? null,
            clientId: m.clientId,
            clientHost: m.clientHost,
            metadata: asBuffer(m.memberMetadata),
            assignment: asBuffer(m.memberAssignment),
          })),
        })),
    }),
    { minVersion: 0, maxVersion: 6 },
  )
}

const assignedTopics = (topics: readonly DescribedTopicPartitions[]): AssignedTopic[] =>
  topics.map((t) => ({ topicId: t.topicId, topic: t.topicName, partitions: t.partitions }))

/** ConsumerGroupDescribe v0-v1 (KIP-848 `consumer` groups; Kafka 4.0+, early access in 3.7 and 3.8). */
export function consumerGroupDescribeRequest(
  groupIds: readonly string[],
): VersionedRequest<DescribedConsumerGroup[]> {
  return versionedRequest(
    ConsumerGroupDescribe,
    () => ({
      body: { groupIds: [...groupIds], includeAuthorizedOperations: false },
      map: (res) =>
        res.groups.map((g) => ({
          errorCode: g.errorCode,
          errorMessage: g.errorMessage,
          groupId: g.groupId,
          state: g.groupState,
          groupEpoch: g.groupEpoch,
          assignmentEpoch: g.assignmentEpoch,
          assignorName: g.assignorName,
          members: g.members.map((m) => ({
            memberId: m.memberId,
            instanceId: m.instanceId,
            rackId: m.rackId,
            memberEpoch: m.memberEpoch,
            clientId: m.clientId,
            clientHost: m.clientHost,
            subscribedTopicNames: m.subscribedTopicNames,
            subscribedTopicRegex: m.subscribedTopicRegex,
            assignment: assignedTopics(m.assignment.topicPartitions),
            targetAssignment: assignedTopics(m.targetAssignment.topicPartitions),
          })),
        })),
    }),
    {
      minVersion: 0,
      maxVersion: 1,
      needs: 'describing a group of the consumer protocol needs Kafka 4.0 or newer',
    },
  )
}

/** DeleteGroups v0-v3. Only empty groups can be deleted; the coordinator refuses others. */
export function deleteGroupsRequest(groupIds: readonly string[]): VersionedRequest<DeletedGroup[]> {
  return versionedRequest(
    DeleteGroups,
    () => ({
      body: { groupsNames: [...groupIds] },
      map: (res) => res.results.map((r) => ({ groupId: r.groupId, errorCode: r.errorCode })),
    }),
    { minVersion: 0, maxVersion: 3 },
  )
}
