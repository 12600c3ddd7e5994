/**
 * Membership in a classic consumer group (protocol type "consumer"): JoinGroup, SyncGroup, Heartbeat,
 * LeaveGroup. The subscription and assignment bytes they carry are in consumer-protocol.ts; offsets in
 * group-offsets-requests.ts.
 */

import { asBuffer } from './bytes.js'
import type { VersionedRequest } from './codec.js'
import { versionedRequest } from './generated-request.js'
import { Heartbeat } from './messages/heartbeat.js'
import { JoinGroup } from './messages/join-group.js'
import { LeaveGroup } from './messages/leave-group.js'
import { SyncGroup } from './messages/sync-group.js'

export interface JoinResult {
  errorCode: number
  generationId: number
  protocolName: string
  leader: string
  memberId: string
  members: { memberId: string; metadata: Buffer }[]
}

/** How much longer than the rebalance timeout a JoinGroup may take to be answered (the network, the log). */
export const JOIN_MARGIN_MS = 5_000

/**
 * JoinGroup v1-v9 (v1 brought the rebalance timeout). The coordinator holds the answer until every member
 * has joined, for up to the rebalance timeout, so the request carries its own deadline beyond it. From v4 a
 * first join is answered MEMBER_ID_REQUIRED with the id to join again with (KIP-394); the caller rejoins.
 */
export function joinGroupRequest(options: {
  groupId: string
  sessionTimeoutMs: number
  rebalanceTimeoutMs: number
  memberId: string
  protocols: { name: string; metadata: Buffer }[]
}): VersionedRequest<JoinResult> {
  return versionedRequest(
    JoinGroup,
    () => ({
      body: {
        groupId: options.groupId,
        sessionTimeoutMs: options.sessionTimeoutMs,
        rebalanceTimeoutMs: options.rebalanceTimeoutMs,
        memberId: options.memberId,
        protocolType: 'consumer',
        protocols: options.protocols,
      },
      map: (res) => ({
        errorCode: res.errorCode,
        generationId: res.generationId,
        protocolName: res.protocolName ?? '',
        leader: res.leader,
        memberId: res.memberId,
        members: res.members.map((m) => ({ memberId: m.memberId, metadata: asBuffer(m.metadata) })),
      }),
    }),
    { minVersion: 1, maxVersion: 9, deadlineMs: options.rebalanceTimeoutMs + JOIN_MARGIN_MS },
  )
}

/**
 * SyncGroup v0-v5: the leader sends every member's assignment; everyone gets their own. From v5 the
 * protocol type and name go along, for the coordinator to check against the generation's.
 */
export function syncGroupRequest(options: {
  groupId: string
  generationId: number
  memberId: string
  protocolName?: string
  assignments: { memberId: string; assignment: Buffer }[]
}): VersionedRequest<{ errorCode: number; assignment: Buffer }> {
  return versionedRequest(
    SyncGroup,
    (version) => ({
      body: {
        groupId: options.groupId,
        generationId: options.generationId,
        memberId: options.memberId,
        ...(version >= 5 && options.protocolName
          ? { protocolType: 'consumer', protocolName: options.protocolName }
          : {}),
        assignments: options.assignments,
      },
      map: (res) => ({ errorCode: res.errorCode, assignment: asBuffer(res.assignment) }),
    }),
    { minVersion: 0, maxVersion: 5 },
  )
}

/** Heartbeat v0-v4: the error code (REBALANCE_IN_PROGRESS asks the member to rejoin). */
export function heartbeatRequest(
  groupId: string,
  generationId: number,
  memberId: string,
): VersionedRequest<number> {
  return versionedRequest(
    Heartbeat,
    () => ({
      body: { groupId, generationId, memberId },
      map: (res) => res.errorCode,
    }),
    { minVersion: 0, maxVersion: 4 },
  )
}

/** LeaveGroup v0-v5: one member id below v3, a list of members (here one) from v3 (KIP-345). */
export function leaveGroupRequest(groupId: string, memberId: string): VersionedRequest<number> {
  return versionedRequest(
    LeaveGroup,
    (version) => ({
      body:
        version >= 3 ? { groupId, members: [{ memberId, groupInstanceId: null }] } : { groupId, memberId },
      map: (res) => res.errorCode || res.members?.find((m) => m.errorCode !== 0)?.errorCode || 0,
    }),
    { minVersion: 0, maxVersion: 5 },
  )
}
