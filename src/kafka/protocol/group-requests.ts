import { ApiKey } from './api-keys.js'
import { type RawRequest, Reader, Writer } from './codec.js'
import { decodePartitionErrors, type PartitionErrorCode } from './produce-requests.js'

export interface JoinResult {
  errorCode: number
  generationId: number
  protocolName: string
  leader: string
  memberId: string
  members: { memberId: string; metadata: Buffer }[]
}

/** JoinGroup v5 (classic protocol, "consumer" protocol type). */
export function joinGroupRequest(options: {
  groupId: string
  sessionTimeoutMs: number
  rebalanceTimeoutMs: number
  memberId: string
  protocols: { name: string; metadata: Buffer }[]
}): RawRequest<JoinResult> {
  return {
    apiKey: ApiKey.JoinGroup,
    apiVersion: 5,
    apiName: 'JoinGroup',
    flexible: false,
    body: (w) =>
      w
        .string(options.groupId)
        .int32(options.sessionTimeoutMs)
        .int32(options.rebalanceTimeoutMs)
        .string(options.memberId)
        .string(null)
        .string('consumer')
        .array(options.protocols, (x, p) => x.string(p.name).int32Bytes(p.metadata)),
    decode: (r) => {
      r.int32()
      return {
        errorCode: r.int16(),
        generationId: r.int32(),
        protocolName: r.string() ?? '',
        leader: r.string() ?? '',
        memberId: r.string() ?? '',
        members: r.array((x) => {
          const memberId = x.string() ?? ''
          x.string()
          return { memberId, metadata: x.int32Bytes() ?? Buffer.alloc(0) }
        }),
      }
    },
  }
}

/** SyncGroup v3: the leader sends every member's assignment; everyone gets their own. */
export function syncGroupRequest(options: {
  groupId: string
  generationId: number
  memberId: string
  assignments: { memberId: string; assignment: Buffer }[]
}): RawRequest<{ errorCode: number; assignment: Buffer }> {
  return {
    apiKey: ApiKey.SyncGroup,
    apiVersion: 3,
    apiName: 'SyncGroup',
    flexible: false,
    body: (w) =>
      w
        .string(options.groupId)
        .int32(options.generationId)
        .string(options.memberId)
        .string(null)
        .array(options.assignments, (x, a) => x.string(a.memberId).int32Bytes(a.assignment)),
    decode: (r) => {
      r.int32()
      return { errorCode: r.int16(), assignment: r.int32Bytes() ?? Buffer.alloc(0) }
    },
  }
}

export function heartbeatRequest(
  groupId: string,
  generationId: number,
  memberId: string,
): RawRequest<number> {
  return {
    apiKey: ApiKey.Heartbeat,
    apiVersion: 3,
    apiName: 'Heartbeat',
    flexible: false,
    body: (w) => w.string(groupId).int32(generationId).string(memberId).string(null),
    decode: (r) => {
      r.int32()
      return r.int16()
    },
  }
}

export function leaveGroupRequest(groupId: string, memberId: string): RawRequest<number> {
  return {
    apiKey: ApiKey.LeaveGroup,
    apiVersion: 3,
    apiName: 'LeaveGroup',
    flexible: false,
    body: (w) => w.string(groupId).array([memberId], (x, m) => x.string(m).string(null)),
    decode: (r) => {
      r.int32()
      return r.int16()
    },
  }
}

export interface TopicPartitionOffset {
  topic: string
  partition: number
  offset: number
}

/** OffsetCommit v7; generation -1 and an empty member id commit for a group without members. */
export function offsetCommitRequest(
  groupId: string,
  generationId: number,
  memberId: string,
  offsets: readonly TopicPartitionOffset[],
): RawRequest<PartitionErrorCode[]> {
  const byTopic = groupByTopic(offsets)
  return {
    apiKey: ApiKey.OffsetCommit,
    apiVersion: 7,
    apiName: 'OffsetCommit',
    flexible: false,
    body: (w) =>
      w
        .string(groupId)
        .int32(generationId)
        .string(memberId)
        .string(null)
        .array(byTopic, (x, [topic, parts]) =>
          x.string(topic).array(parts, (y, p) => y.int32(p.partition).int64(p.offset).int32(-1).string('')),
        ),
    decode: decodePartitionErrors,
  }
}

/** OffsetFetch v5: committed offsets (-1 where none). */
export function offsetFetchRequest(
  groupId: string,
  partitions: readonly { topic: string; partition: number }[],
): RawRequest<{ errorCode: number; offsets: (TopicPartitionOffset & { errorCode: number })[] }> {
  const byTopic = groupByTopic(partitions)
  return {
    apiKey: ApiKey.OffsetFetch,
    apiVersion: 5,
    apiName: 'OffsetFetch',
    flexible: false,
    body: (w) =>
      w
        .string(groupId)
        .array(byTopic, (x, [topic, parts]) => x.string(topic).array(parts, (y, p) => y.int32(p.partition))),
    decode: (r) => {
      r.int32()
      const offsets: (TopicPartitionOffset & { errorCode: number })[] = []
      r.array((x) => {
        const topic = x.string() ?? ''
        x.array((y) => {
          const partition = y.int32()
          const offset = Number(y.int64())
          y.int32()
          y.string()
          offsets.push({ topic, partition, offset, errorCode: y.int16() })
        })
      })
      return { offsets, errorCode: r.int16() }
    },
  }
}

function groupByTopic<T extends { topic: string }>(items: readonly T[]): [string, T[]][] {
  const map = new Map<string, T[]>()
  for (const item of items) map.set(item.topic, [...(map.get(item.topic) ?? []), item])
  return [...map]
}

/** ConsumerProtocolSubscription v0: the topics a member wants. */
export function encodeSubscription(topics: readonly string[]): Buffer {
  const w = new Writer()
    .int16(0)
    .array(topics, (x, t) => x.string(t))
    .int32Bytes(null)
  return Buffer.from(w.buffer)
}

export function decodeSubscription(data: Buffer): string[] {
  if (data.length < 6) return []
  const r = new Reader(data)
  r.int16()
  return r.array((x) => x.string() ?? '')
}

/** ConsumerProtocolAssignment v0: topic -> partitions. */
export function encodeAssignment(assignment: ReadonlyMap<string, readonly number[]>): Buffer {
  const w = new Writer()
    .int16(0)
    .array([...assignment], (x, [topic, partitions]) =>
      x.string(topic).array(partitions, (y, p) => y.int32(p)),
    )
    .int32Bytes(null)
  return Buffer.from(w.buffer)
}

export function decodeAssignment(data: Buffer): Map<string, number[]> {
  const out = new Map<string, number[]>()
  if (data.length < 6) return out
  const r = new Reader(data)
  r.int16()
  r.array((x) => {
    const topic = x.string() ?? ''
    out.set(
      topic,
      x.array((y) => y.int32()),
    )
  })
  return out
}
