import { ApiKey } from './api-keys.js'
import type { RawRequest, Reader, Writer } from './codec.js'

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
 * ListGroups v4 (states filter, KIP-518) or v5 (types filter too, KIP-848). Every broker answers for the
 * groups it coordinates, so a full listing asks them all.
 */
export function listGroupsRequest(
  version: 4 | 5,
  states: readonly string[],
  types: readonly string[],
): RawRequest<ListGroupsResult> {
  return {
    apiKey: ApiKey.ListGroups,
    apiVersion: version,
    apiName: 'ListGroups',
    flexible: true,
    body: (w) => {
      w.compactArray(states, (x, s) => x.compactString(s))
      if (version >= 5) w.compactArray(types, (x, t) => x.compactString(t))
      w.tags()
    },
    decode: (r) => {
      r.int32()
      const errorCode = r.int16()
      const groups = r.compactArray((x) => {
        const g = {
          groupId: x.compactString() ?? '',
          protocolType: x.compactString() ?? '',
          state: x.compactString() ?? '',
          type: version >= 5 ? (x.compactString() ?? '') : '',
        }
        x.tags()
        return g
      })
      r.tags()
      return { errorCode, groups }
    },
  }
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

/** DescribeGroups v5 (Kafka 2.4+; flexible). Many groups per request, all on the same coordinator. */
export function describeGroupsRequest(groupIds: readonly string[]): RawRequest<DescribedClassicGroup[]> {
  return {
    apiKey: ApiKey.DescribeGroups,
    apiVersion: 5,
    apiName: 'DescribeGroups',
    flexible: true,
    body: (w) => groupIdsBody(w, groupIds),
    decode: (r) => {
      r.int32()
      const groups = r.compactArray((x) => {
        const errorCode = x.int16()
        const groupId = x.compactString() ?? ''
        const state = x.compactString() ?? ''
        const protocolType = x.compactString() ?? ''
        const protocol = x.compactString() ?? ''
        const members = x.compactArray((y) => {
          const m = {
            memberId: y.compactString() ?? '',
            groupInstanceId: y.compactString(),
            clientId: y.compactString() ?? '',
            clientHost: y.compactString() ?? '',
            metadata: y.compactBytes() ?? Buffer.alloc(0),
            assignment: y.compactBytes() ?? Buffer.alloc(0),
          }
          y.tags()
          return m
        })
        x.int32() // authorized operations
        x.tags()
        return { errorCode, groupId, state, protocolType, protocol, members }
      })
      r.tags()
      return groups
    },
  }
}

/** The request body DescribeGroups and ConsumerGroupDescribe share: group ids, no authorized operations. */
function groupIdsBody(w: Writer, groupIds: readonly string[]): void {
  w.compactArray(groupIds, (x, g) => x.compactString(g))
    .bool(false)
    .tags()
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

function readAssignment(r: Reader): AssignedTopic[] {
  const topics = r.compactArray((x) => {
    const t = {
      topicId: x.uuid(),
      topic: x.compactString() ?? '',
      partitions: x.compactArray((y) => y.int32()),
    }
    x.tags()
    return t
  })
  r.tags()
  return topics
}

/** ConsumerGroupDescribe v0 (KIP-848 `consumer` groups; Kafka 3.7+, generally available in 4.0). */
export function consumerGroupDescribeRequest(
  groupIds: readonly string[],
): RawRequest<DescribedConsumerGroup[]> {
  return {
    apiKey: ApiKey.ConsumerGroupDescribe,
    apiVersion: 0,
    apiName: 'ConsumerGroupDescribe',
    flexible: true,
    body: (w) => groupIdsBody(w, groupIds),
    decode: (r) => {
      r.int32()
      const groups = r.compactArray((x) => {
        const errorCode = x.int16()
        const errorMessage = x.compactString()
        const groupId = x.compactString() ?? ''
        const state = x.compactString() ?? ''
        const groupEpoch = x.int32()
        const assignmentEpoch = x.int32()
        const assignorName = x.compactString() ?? ''
        const members = x.compactArray((y) => {
          const m = {
            memberId: y.compactString() ?? '',
            instanceId: y.compactString(),
            rackId: y.compactString(),
            memberEpoch: y.int32(),
            clientId: y.compactString() ?? '',
            clientHost: y.compactString() ?? '',
            subscribedTopicNames: y.compactArray((z) => z.compactString() ?? ''),
            subscribedTopicRegex: y.compactString(),
            assignment: readAssignment(y),
            targetAssignment: readAssignment(y),
          }
          y.tags()
          return m
        })
        x.int32() // authorized operations
        x.tags()
        return {
          errorCode,
          errorMessage,
          groupId,
          state,
          groupEpoch,
          assignmentEpoch,
          assignorName,
          members,
        }
      })
      r.tags()
      return groups
    },
  }
}

export interface DeletedGroup {
  groupId: string
  errorCode: number
}

/** DeleteGroups v2 (Kafka 2.4+). Only empty groups can be deleted; the coordinator refuses others. */
export function deleteGroupsRequest(groupIds: readonly string[]): RawRequest<DeletedGroup[]> {
  return {
    apiKey: ApiKey.DeleteGroups,
    apiVersion: 2,
    apiName: 'DeleteGroups',
    flexible: true,
    body: (w) => w.compactArray(groupIds, (x, g) => x.compactString(g)).tags(),
    decode: (r) => {
      r.int32()
      const results = r.compactArray((x) => {
        const d = { groupId: x.compactString() ?? '', errorCode: x.int16() }
        x.tags()
        return d
      })
      r.tags()
      return results
    },
  }
}
