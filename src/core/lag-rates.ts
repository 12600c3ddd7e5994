/** Rates and trends between two lag measurements of the same groups (for `groups lag --watch`). */
import { tpKey } from './group-types.js'
import type { PartitionLag } from './lag.js'

export type Trend = 'up' | 'down' | 'flat'

export interface GroupRate {
  group: string
  lag: number
  /** lag now minus lag at the previous measurement. */
  lagDelta: number | null
  /** Records per second the group committed past (sum over its partitions). */
  consumeRate: number | null
  /** Records per second appended to the group's partitions. */
  produceRate: number | null
  trend: Trend | null
}

export function groupRates(
  previous: readonly PartitionLag[] | null,
  current: readonly PartitionLag[],
  elapsedMs: number,
): GroupRate[] {
  const before = new Map((previous ?? []).map((p) => [`${p.group}\u0000${tpKey(p.topic, p.partition)}`, p]))
  const byGroup = new Map<string, PartitionLag[]>()
  for (const p of current) byGroup.set(p.group, [...(byGroup.get(p.group) ?? []), p])
  const seconds = elapsedMs / 1000
  return [...byGroup].map(([group, rows]) => {
    const lag = rows.reduce((n, r) => n + (r.lag ?? 0), 0)
    if (previous === null || seconds <= 0) {
      return { group, lag, lagDelta: null, consumeRate: null, produceRate: null, trend: null }
    }
    let consumed = 0
    let produced = 0
    let lagBefore = 0
    let seen = false
    for (const r of rows) {
      const b = before.get(`${group}\u0000${tpKey(r.topic, r.partition)}`)
      if (!b) continue
      seen = true
      lagBefore += b.lag ?? 0
      if (r.currentOffset !== null && b.currentOffset !== null) consumed += r.currentOffset - b.currentOffset
      if (r.logEndOffset !== null && b.logEndOffset !== null) produced += r.logEndOffset - b.logEndOffset
    }
    if (!seen) return { group, lag, lagDelta: null, consumeRate: null, produceRate: null, trend: null }
    const lagDelta = lag - lagBefore
    return {
      group,
      lag,
      lagDelta,
      consumeRate: consumed / seconds,
      produceRate: produced / seconds,
      trend: lagDelta > 0 ? 'up' : lagDelta < 0 ? 'down' : 'flat',
    }
  })
}
