/**
 * Membership in a classic consumer group (JoinGroup/SyncGroup/Heartbeat, the "consumer" protocol with
 * the range assignor, as Java consumers use by default), and offset commits for it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../../core/errors.js'
import { findCoordinator } from '../coordinator.js'
import { isRetriableCode, kafkaErrorType } from '../error-codes.js'
import { type Access, partitionError, principalName } from '../error-mapping.js'
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../protocol/consumer-protocol.js'
import {
  heartbeatRequest,
  type JoinResult,
  joinGroupRequest,
  leaveGroupRequest,
  syncGroupRequest,
} from '../protocol/group-membership-requests.js'
import {
  groupOffsetFetchRequest,
  offsetCommitRequest,
  type TopicPartitionOffset,
} from '../protocol/group-offsets-requests.js'
import type { KafkaSession } from '../session.js'

const SESSION_TIMEOUT_MS = 30_000
const REBALANCE_TIMEOUT_MS = 60_000

/** How often the member heartbeats, and how long it waits before retrying a refused request. */
export interface GroupTimings {
  heartbeatMs: number
  backoffMs: number
}

const TIMINGS: GroupTimings = { heartbeatMs: 3_000, backoffMs: 200 }

export class GroupMember {
  private coordinator: number | undefined
  private memberId = ''
  private generationId = -1
  private heartbeat: NodeJS.Timeout | undefined
  private stopped = false
  /** The coordinator started a rebalance (or forgot us): commit, then join again. */
  needsRejoin = false

  constructor(
    private readonly session: KafkaSession,
    readonly groupId: string,
    private readonly topics: readonly string[],
    private readonly partitionCounts: (topics: string[]) => Promise<Map<string, number>>,
    private readonly debug?: (line: string) => void,
    private readonly timings: GroupTimings = TIMINGS,
  ) {}

  /** Consuming in a group needs READ on the group and on its topics: a refusal says so. */
  private access(topic?: string): Access {
    return {
      principal: principalName(this.session.settings),
      group: { name: this.groupId, operation: 'READ' },
      ...(topic !== undefined ? { topic: { name: topic, operation: 'READ' as const } } : {}),
    }
  }

  /** Joins (or rejoins) the group; returns this member's partitions. */
  async join(): Promise<Map<string, number[]>> {
    this.stopHeartbeat()
    for (let attempt = 0; ; attempt++) {
      const node = await this.findCoordinator()
      const joined = await this.sendJoin(node)
      if (joined.errorCode !== 0) {
        await this.joinRefused(joined, attempt)
        continue
      }
      this.memberId = joined.memberId
      this.generationId = joined.generationId
      const synced = await this.sendSync(node, joined)
      if (synced.errorCode !== 0) {
        await this.syncRefused(synced.errorCode, attempt)
        continue
      }
      return this.assigned(synced.assignment)
    }
  }

  private sendJoin(node: number): Promise<JoinResult> {
    return this.session.send(
      joinGroupRequest({
        groupId: this.groupId,
        sessionTimeoutMs: SESSION_TIMEOUT_MS,
        rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
        memberId: this.memberId,
        protocols: [{ name: 'range', metadata: encodeSubscription(this.topics) }],
      }),
      node,
    )
  }

  /** A refused JoinGroup: take the member id asked for, or wait and retry, or fail. */
  private async joinRefused(joined: JoinResult, attempt: number): Promise<void> {
    const type = kafkaErrorType(joined.errorCode)
    if (type === 'MEMBER_ID_REQUIRED') {
      this.memberId = joined.memberId
      return
    }
    if (type === 'UNKNOWN_MEMBER_ID') this.memberId = ''
    if (type === 'NOT_COORDINATOR' || type === 'COORDINATOR_NOT_AVAILABLE') this.coordinator = undefined
    if (!this.retriable(joined.errorCode, type) || attempt >= 30) throw this.joinFailed(joined.errorCode)
    await sleep(this.timings.backoffMs)
  }

  /** SyncGroup: the leader hands out the partitions (range assignor); every member gets its own. */
  private async sendSync(
    node: number,
    joined: JoinResult,
  ): Promise<{ errorCode: number; assignment: Buffer }> {
    const assignments = joined.leader === joined.memberId ? await this.assign(joined.members) : []
    return this.session.send(
      syncGroupRequest({
        groupId: this.groupId,
        generationId: this.generationId,
        memberId: this.memberId,
        protocolName: joined.protocolName,
        assignments,
      }),
      node,
    )
  }

  private async syncRefused(code: number, attempt: number): Promise<void> {
    const type = kafkaErrorType(code)
    if (type === 'UNKNOWN_MEMBER_ID') this.memberId = ''
    if (!this.retriable(code, type) || attempt >= 30) throw this.joinFailed(code)
    await sleep(this.timings.backoffMs / 2)
  }

  private joinFailed(code: number): KtkError {
    return partitionError(code, `cannot join group "${this.groupId}"`, null, this.access())
  }

  /** Joined: heartbeats start, and the assignment is this member's partitions. */
  private assigned(assignment: Buffer): Map<string, number[]> {
    this.needsRejoin = false
    this.startHeartbeat()
    const mine = new Map(decodeAssignment(assignment).map((t) => [t.topic, t.partitions]))
    this.debug?.(
      `group ${this.groupId} generation ${this.generationId}: ${[...mine].map(([t, ps]) => `${t}[${ps.join(',')}]`).join(' ')}`,
    )
    return mine
  }

  private retriable(code: number, type: string): boolean {
    return (
      isRetriableCode(code) ||
      ['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'NOT_COORDINATOR'].includes(type)
    )
  }

  /** The range assignor: per topic, members sorted by id get consecutive ranges of partitions. */
  private async assign(
    members: { memberId: string; metadata: Buffer }[],
  ): Promise<{ memberId: string; assignment: Buffer }[]> {
    const subscriptions = new Map(members.map((m) => [m.memberId, decodeSubscription(m.metadata).topics]))
    const allTopics = [...new Set([...subscriptions.values()].flat())]
    const counts = await this.partitionCounts(allTopics)
    const result = new Map<string, Map<string, number[]>>(members.map((m) => [m.memberId, new Map()]))
    for (const topic of allTopics) {
      const consumers = members
        .filter((m) => subscriptions.get(m.memberId)?.includes(topic))
        .map((m) => m.memberId)
        .sort()
      const n = counts.get(topic) ?? 0
      const per = Math.floor(n / consumers.length)
      const extra = n % consumers.length
      consumers.forEach((memberId, i) => {
        const start = i * per + Math.min(i, extra)
        const length = per + (i < extra ? 1 : 0)
        if (length > 0)
          result.get(memberId)!.set(
            topic,
            Array.from({ length }, (_, k) => start + k),
          )
      })
    }
    return [...result].map(([memberId, assignment]) => ({
      memberId,
      assignment: encodeAssignment(assignment),
    }))
  }

  async committedOffsets(
    partitions: readonly { topic: string; partition: number }[],
  ): Promise<Map<string, number>> {
    for (let attempt = 0; ; attempt++) {
      const node = await this.findCoordinator()
      const result = await this.session.send(groupOffsetFetchRequest(this.groupId, partitions), node)
      const failedPartition = result.offsets.find((o) => o.errorCode !== 0)
      const failed = result.errorCode || failedPartition?.errorCode || 0
      if (failed === 0) {
        return new Map(result.offsets.map((o) => [`${o.topic}:${o.partition}`, o.offset]))
      }
      const type = kafkaErrorType(failed)
      if (type === 'NOT_COORDINATOR') this.coordinator = undefined
      if (!isRetriableCode(failed) || attempt > 30)
        throw partitionError(
          failed,
          `cannot read the committed offsets of group "${this.groupId}"`,
          null,
          this.access(failedPartition?.topic),
        )
      await sleep(this.timings.backoffMs)
    }
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return
    for (let attempt = 0; ; attempt++) {
      const node = await this.findCoordinator()
      const results = await this.session.send(
        offsetCommitRequest(this.groupId, offsets, {
          generationId: this.generationId,
          memberId: this.memberId,
        }),
        node,
      )
      const failed = results.find((r) => r.errorCode !== 0)
      if (!failed) return
      const type = kafkaErrorType(failed.errorCode)
      if (type === 'NOT_COORDINATOR') this.coordinator = undefined
      if (!isRetriableCode(failed.errorCode) || attempt > 30) {
        const what = `cannot commit offsets for group "${this.groupId}"`
        const denied = partitionError(failed.errorCode, what, null, this.access(failed.topic))
        if (denied.code === 'AUTHORIZATION_FAILED') throw denied
        throw new KtkError(
          'CONFLICT',
          `cannot commit offsets for group "${this.groupId}": ${type} (the group rebalanced away from this consumer)`,
        )
      }
      await sleep(this.timings.backoffMs)
    }
  }

  async leave(): Promise<void> {
    this.stopped = true
    this.stopHeartbeat()
    if (!this.memberId || this.coordinator === undefined) return
    await this.session.send(leaveGroupRequest(this.groupId, this.memberId), this.coordinator).catch(() => {})
  }

  private async findCoordinator(): Promise<number> {
    this.coordinator ??= await findCoordinator(this.session, 'group', this.groupId, this.access())
    return this.coordinator
  }

  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      if (this.stopped || this.coordinator === undefined) return
      this.session
        .send(heartbeatRequest(this.groupId, this.generationId, this.memberId), this.coordinator)
        .then((code) => {
          if (code === 0) return
          const type = kafkaErrorType(code)
          if (type === 'NOT_COORDINATOR' || type === 'COORDINATOR_NOT_AVAILABLE') this.coordinator = undefined
          if (
            [
              'REBALANCE_IN_PROGRESS',
              'ILLEGAL_GENERATION',
              'UNKNOWN_MEMBER_ID',
              'FENCED_INSTANCE_ID',
            ].includes(type)
          ) {
            if (type === 'UNKNOWN_MEMBER_ID') this.memberId = ''
            this.needsRejoin = true
          }
        })
        .catch(() => {})
    }, this.timings.heartbeatMs)
    this.heartbeat.unref()
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }
}
