/**
 * Membership in a classic consumer group (protocol type "consumer"): JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup. The subscription and assignment bytes they carry are in consumer-protocol.ts; offsets in
 * group-offsets-requests.ts.
 */
import { ApiKey } from './api-keys.js'
import type { RawRequest } from './codec.js'

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
          return { memberId, metadata: x.bytes() ?? Buffer.alloc(0) }
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
      return { errorCode: r.int16(), assignment: r.bytes() ?? Buffer.alloc(0) }
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
