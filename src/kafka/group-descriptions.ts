import type { Coordinator, GroupDescription, GroupMember, TopicPartitions } from '../core/group-types.js'
import { Err } from './error-codes.js'
import { decodeAssignment, decodeSubscription } from './protocol/consumer-protocol.js'
import type {
  AssignedTopic,
  DescribedClassicGroup,
  DescribedConsumerGroup,
} from './protocol/groups-requests.js'

// Groups as ktk describes them, decoded from DescribeGroups and ConsumerGroupDescribe answers.

/** A classic group: its members' assignments and subscriptions decoded from the consumer protocol. */
export function classicGroup(g: DescribedClassicGroup, coordinator: Coordinator): GroupDescription {
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

/** A KIP-848 `consumer` group, as ConsumerGroupDescribe reports it. */
export function consumerGroup(g: DescribedConsumerGroup, coordinator: Coordinator): GroupDescription {
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
