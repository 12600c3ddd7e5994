/**
 * Where the consumer starts and ends: ListOffsets asked of each partition's leader (retried while a
 * partition has no leader), and a start spec (earliest, latest, an offset, the last N, a time) turned
 * into offsets inside each partition's log.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KtkError } from '../../core/errors.js'
import type { StartSpec } from '../../core/records.js'
import { type Access, partitionError } from '../error-mapping.js'
import type { StartMoved } from '../gateway.js'
import {
  IsolationLevel,
  type ListedOffset,
  listOffsetsRequest,
  OffsetSpec,
} from '../protocol/offsets-requests.js'
import type { KafkaSession } from '../session.js'

export interface PartitionKey {
  topic: string
  partition: number
  /** topic:partition */
  key: string
}

/** What the lookup needs of the consumer: the leaders it knows, a way to refresh them, and the access asked. */
export interface LeaderView {
  leaderOf(topic: string, partition: number): number
  refresh(): Promise<void>
  readAccess(topic: string): Access
}

const MAX_ATTEMPTS = 20

export class OffsetLookup {
  constructor(
    private readonly session: KafkaSession,
    private readonly leaders: LeaderView,
    private readonly retryBackoffMs: number,
  ) {}

  /** ListOffsets for partitions, asked of each leader; -1 where the broker has no answer (by time). */
  async list(
    partitions: readonly PartitionKey[],
    timestamp: bigint,
    isolation: number = IsolationLevel.readUncommitted,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    let pending = [...partitions]
    const giveUpAt = Date.now() + this.session.settings.timeoutMs
    for (let attempt = 0; pending.length > 0; attempt++) {
      const round = await this.listRound(pending, timestamp, isolation, out)
      pending = round.failed
      if (pending.length === 0) break
      if (round.lastError instanceof KtkError && round.lastError.code === 'AUTHORIZATION_FAILED')
        throw round.lastError
      if (attempt >= MAX_ATTEMPTS || Date.now() >= giveUpAt)
        throw round.lastError ?? new KtkError('TIMEOUT', 'partitions without a leader')
      await sleep(this.retryBackoffMs)
      await this.leaders.refresh().catch(() => {})
    }
    return out
  }

  /** One request per leader; what failed is returned to be asked again. */
  private async listRound(
    pending: readonly PartitionKey[],
    timestamp: bigint,
    isolation: number,
    out: Map<string, number>,
  ): Promise<{ failed: PartitionKey[]; lastError: Error | undefined }> {
    const byLeader = new Map<number, PartitionKey[]>()
    for (const p of pending) {
      const leader = this.leaders.leaderOf(p.topic, p.partition)
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), p])
    }
    const failed: PartitionKey[] = []
    let lastError: Error | undefined
    await Promise.all(
      [...byLeader].map(async ([leader, ps]) => {
        if (leader < 0) {
          failed.push(...ps)
          return
        }
        let listed: ListedOffset[]
        try {
          listed = await this.session.send(listOffsetsRequest(byTopic(ps, timestamp), isolation), leader)
        } catch (error) {
          lastError = error as Error
          failed.push(...ps)
          return
        }
        for (const o of listed) {
          const p = ps.find((x) => x.topic === o.topic && x.partition === o.partition)!
          if (o.errorCode === 0) out.set(p.key, Number(o.offset))
          else {
            const what = `cannot list offsets of ${o.topic}-${o.partition}`
            lastError = partitionError(o.errorCode, what, null, this.leaders.readAccess(o.topic))
            failed.push(p)
          }
        }
      }),
    )
    return { failed, lastError }
  }

  /** Start offsets for the spec, inside each partition's log; an asked offset outside it is moved and reported. */
  async starts(
    partitions: readonly PartitionKey[],
    spec: StartSpec,
    onStartMoved?: (moved: StartMoved) => void,
  ): Promise<Map<string, number>> {
    if (partitions.length === 0) return new Map()
    const earliest = await this.list(partitions, OffsetSpec.earliest)
    const latest = await this.list(partitions, OffsetSpec.latest)
    const clamp = (key: string, offset: number) =>
      Math.max(earliest.get(key) ?? 0, Math.min(latest.get(key) ?? offset, offset))
    const asked = (p: PartitionKey, offset: number) => {
      const start = clamp(p.key, offset)
      if (start !== offset)
        onStartMoved?.({
          topic: p.topic,
          partition: p.partition,
          asked: offset,
          start,
          earliest: earliest.get(p.key)!,
          latest: latest.get(p.key)!,
        })
      return start
    }
    const byTime = spec.kind === 'time' ? await this.list(partitions, BigInt(spec.timestamp)) : undefined
    const startOf = (p: PartitionKey): number => {
      switch (spec.kind) {
        case 'earliest':
          return earliest.get(p.key)!
        case 'latest':
          return latest.get(p.key)!
        case 'offset':
          return asked(p, spec.offset)
        case 'last':
          return clamp(p.key, latest.get(p.key)! - spec.count)
        case 'time': {
          const offset = byTime!.get(p.key) ?? -1
          return offset >= 0 ? offset : latest.get(p.key)!
        }
      }
    }
    return new Map(partitions.map((p) => [p.key, startOf(p)]))
  }
}

function byTopic(partitions: readonly PartitionKey[], timestamp: bigint) {
  const topics = new Map<string, number[]>()
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition])
  return [...topics].map(([topic, parts]) => ({
    topic,
    partitions: parts.map((partition) => ({ partition, timestamp })),
  }))
}
