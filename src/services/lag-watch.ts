import {
  evaluatePartition,
  type GroupStatus,
  groupStatus,
  type LagSample,
  type PartitionVerdict,
  worstStatus,
} from '../core/burrow.js'
import { tpKey } from '../core/group-types.js'
import { type GroupRate, groupRates } from '../core/lag-rates.js'
import type { GroupsGateway } from '../kafka/index.js'
import { takeSnapshot } from './group-snapshot.js'
import { type GroupSelection, selectGroups } from './groups.js'
import { type LagOptions, type LagResult, lagFromSnapshot, lagSelection } from './lag.js'

/** Waits `ms`, or stops waiting as soon as the signal aborts (tests pass a clock of their own). */
export type Pause = (ms: number, signal: AbortSignal) => Promise<void>

const pause: Pause = (ms, signal) => {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done)
  })
}

export interface WatchFrame {
  /** 1, 2, … */
  index: number
  lag: LagResult
  rates: GroupRate[]
  /** Total lag of all groups, one value per frame so far (the chart). */
  totalHistory: number[]
  /** Each group's lag, one value per frame so far. */
  groupHistory: Map<string, number[]>
}

export interface WatchResult {
  intervalMs: number
  frames: { takenAt: string; totalLag: number; groups: GroupRate[] }[]
}

/**
 * `groups lag --watch`: measures every interval until the signal aborts (Ctrl-C), handing each frame to
 * `onFrame`. The groups are chosen once, at the start.
 */
export async function watchLag(
  gateway: GroupsGateway,
  selection: GroupSelection,
  options: LagOptions & {
    intervalMs: number
    signal: AbortSignal
    onFrame: (frame: WatchFrame) => void
    pause?: Pause
  },
): Promise<WatchResult> {
  const wait = options.pause ?? pause
  const ids = await selectGroups(gateway, lagSelection(selection))
  const allGroups = selection.allGroups || selection.groups.length === 0
  const result: WatchResult = { intervalMs: options.intervalMs, frames: [] }
  const totalHistory: number[] = []
  const groupHistory = new Map<string, number[]>()
  let previous: LagResult | null = null
  for (let index = 1; !options.signal.aborted; index++) {
    const started = Date.now()
    const snapshot = await takeSnapshot(gateway, ids, { logStart: true, times: options.time })
    if (options.signal.aborted) break
    const lag = lagFromSnapshot(snapshot, ids, allGroups, options)
    const elapsed = previous ? Date.parse(lag.takenAt) - Date.parse(previous.takenAt) : 0
    const rates = groupRates(previous?.partitions ?? null, lag.partitions, elapsed)
    const total = lag.groups.reduce((n, g) => n + g.lag, 0)
    totalHistory.push(total)
    for (const g of lag.groups) groupHistory.set(g.group, [...(groupHistory.get(g.group) ?? []), g.lag])
    result.frames.push({ takenAt: lag.takenAt, totalLag: total, groups: rates })
    options.onFrame({ index, lag, rates, totalHistory, groupHistory })
    previous = lag
    await wait(Math.max(0, options.intervalMs - (Date.now() - started)), options.signal)
  }
  return result
}

export interface SampledPartition extends PartitionVerdict {
  topic: string
  partition: number
  first: { offset: number | null; lag: number | null }
  last: { offset: number | null; lag: number | null }
}

export interface SampledGroup {
  group: string
  /** Burrow's group status: OK, WARN or ERR. */
  status: GroupStatus
  /** The worst partition status (OK, WARN, STOP, STALL, REWIND). */
  worst: PartitionVerdict['status']
  lag: number
  partitions: SampledPartition[]
}

export interface SampleResult {
  samples: number
  intervalMs: number
  /** Samples actually taken (fewer when interrupted). */
  taken: number
  groups: SampledGroup[]
  missing: string[]
  /** Groups that could not be read (e.g. not authorized), in the last sample. */
  failed: LagResult['failed']
}

/** `groups lag --sample N --interval D`: N measurements D apart, then Burrow's verdicts. */
export async function sampleLag(
  gateway: GroupsGateway,
  selection: GroupSelection,
  options: {
    samples: number
    intervalMs: number
    signal: AbortSignal
    onSample: (n: number) => void
    pause?: Pause
  },
): Promise<SampleResult> {
  const wait = options.pause ?? pause
  const ids = await selectGroups(gateway, lagSelection(selection))
  const allGroups = selection.allGroups || selection.groups.length === 0
  const series = new Map<string, { group: string; topic: string; partition: number; samples: LagSample[] }>()
  let taken = 0
  let last: LagResult | null = null
  for (let i = 0; i < options.samples && !options.signal.aborted; i++) {
    const started = Date.now()
    const snapshot = await takeSnapshot(gateway, ids, { logStart: false, times: false })
    const lag = lagFromSnapshot(snapshot, ids, allGroups, { limits: {}, time: false })
    last = lag
    taken++
    for (const p of lag.partitions) {
      const key = `${p.group}\u0000${tpKey(p.topic, p.partition)}`
      const entry = series.get(key) ?? { group: p.group, topic: p.topic, partition: p.partition, samples: [] }
      entry.samples.push({
        at: snapshot.takenAt,
        offset: p.currentOffset,
        logEnd: p.logEndOffset,
        lag: p.lag,
        owned: p.consumerId !== null,
      })
      series.set(key, entry)
    }
    options.onSample(taken)
    if (i < options.samples - 1)
      await wait(Math.max(0, options.intervalMs - (Date.now() - started)), options.signal)
  }
  const groups = new Map<string, SampledGroup>()
  for (const s of series.values()) {
    const verdict = evaluatePartition(s.samples)
    const first = s.samples[0]!
    const end = s.samples[s.samples.length - 1]!
    const g = groups.get(s.group) ?? { group: s.group, status: 'OK', worst: 'OK', lag: 0, partitions: [] }
    g.partitions.push({
      topic: s.topic,
      partition: s.partition,
      ...verdict,
      first: { offset: first.offset, lag: first.lag },
      last: { offset: end.offset, lag: end.lag },
    })
    g.lag += end.lag ?? 0
    groups.set(s.group, g)
  }
  for (const g of groups.values()) {
    const statuses = g.partitions.map((p) => p.status)
    g.status = groupStatus(statuses)
    g.worst = worstStatus(statuses)
  }
  for (const id of last?.groups.map((g) => g.group) ?? []) {
    if (!groups.has(id)) groups.set(id, { group: id, status: 'OK', worst: 'OK', lag: 0, partitions: [] })
  }
  return {
    samples: options.samples,
    intervalMs: options.intervalMs,
    taken,
    groups: [...groups.values()].sort((a, b) => (a.group < b.group ? -1 : 1)),
    missing: last?.missing ?? [],
    failed: last?.failed ?? [],
  }
}
