import type { PartitionState } from './cluster-types.js'

/** The partition health filters of kafka-topics --describe, with the same definitions (TopicCommand). */
export const HEALTH_FILTERS = ['under-replicated', 'under-min-isr', 'at-min-isr', 'unavailable'] as const
export type HealthFilter = (typeof HEALTH_FILTERS)[number]

export interface PartitionHealth {
  underReplicated: boolean
  underMinIsr: boolean
  atMinIsr: boolean
  unavailable: boolean
}

export function partitionHealth(
  p: PartitionState,
  minIsr: number,
  liveBrokers: ReadonlySet<number>,
): PartitionHealth {
  const hasLeader = p.leader !== null
  return {
    underReplicated: p.replicas.length - p.isr.length > 0,
    underMinIsr: !hasLeader || p.isr.length < minIsr,
    atMinIsr: p.isr.length === minIsr,
    unavailable: !hasLeader || !liveBrokers.has(p.leader!),
  }
}

export function matchesHealthFilters(health: PartitionHealth, filters: readonly HealthFilter[]): boolean {
  return filters.some(
    (f) =>
      (f === 'under-replicated' && health.underReplicated) ||
      (f === 'under-min-isr' && health.underMinIsr) ||
      (f === 'at-min-isr' && health.atMinIsr) ||
      (f === 'unavailable' && health.unavailable),
  )
}
