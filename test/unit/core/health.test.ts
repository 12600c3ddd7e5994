import { describe, expect, it } from 'vitest'
import type { PartitionState } from '../../../src/core/cluster-types.js'
import {
  HEALTH_FILTERS,
  type HealthFilter,
  matchesHealthFilters,
  type PartitionHealth,
  partitionHealth,
} from '../../../src/core/health.js'

const live = new Set([0, 1, 2, 3])
const p = (leader: number | null, replicas: number[], isr: number[]): PartitionState => ({
  partition: 0,
  leader,
  replicas,
  isr,
  offlineReplicas: [],
})

describe('partitionHealth (TopicCommand PartitionDescription)', () => {
  it.each<[string, PartitionState, number, PartitionHealth]>([
    [
      'healthy, 3 replicas in sync, minIsr 2',
      p(1, [1, 2, 3], [1, 2, 3]),
      2,
      { underReplicated: false, underMinIsr: false, atMinIsr: false, unavailable: false },
    ],
    [
      'one replica out of sync, isr == minIsr',
      p(1, [1, 2, 3], [1, 2]),
      2,
      { underReplicated: true, underMinIsr: false, atMinIsr: true, unavailable: false },
    ],
    [
      'isr below minIsr',
      p(1, [1, 2, 3], [1]),
      2,
      { underReplicated: true, underMinIsr: true, atMinIsr: false, unavailable: false },
    ],
    [
      'no leader: under min isr and unavailable even with isr >= minIsr',
      p(null, [1, 2, 3], [1, 2, 3]),
      1,
      { underReplicated: false, underMinIsr: true, atMinIsr: false, unavailable: true },
    ],
    [
      'no leader, empty isr',
      p(null, [1, 2], []),
      1,
      { underReplicated: true, underMinIsr: true, atMinIsr: false, unavailable: true },
    ],
    [
      'leader on a broker that is not live',
      p(9, [9, 1], [9, 1]),
      1,
      { underReplicated: false, underMinIsr: false, atMinIsr: false, unavailable: true },
    ],
    [
      'single replica, minIsr 1: at min isr',
      p(1, [1], [1]),
      1,
      { underReplicated: false, underMinIsr: false, atMinIsr: true, unavailable: false },
    ],
    [
      'leader 0 is a real broker id, not "no leader"',
      p(0, [0, 1], [0, 1]),
      1,
      { underReplicated: false, underMinIsr: false, atMinIsr: false, unavailable: false },
    ],
  ])('%s', (_, partition, minIsr, expected) => {
    expect(partitionHealth(partition, minIsr, live)).toEqual(expected)
  })

  it('leader 0 not live is unavailable', () => {
    expect(partitionHealth(p(0, [0, 1], [0, 1]), 1, new Set([1, 2])).unavailable).toBe(true)
  })
})

describe('matchesHealthFilters', () => {
  const healthy: PartitionHealth = {
    underReplicated: false,
    underMinIsr: false,
    atMinIsr: false,
    unavailable: false,
  }

  it('knows the four kafka-topics filters', () => {
    expect([...HEALTH_FILTERS]).toEqual(['under-replicated', 'under-min-isr', 'at-min-isr', 'unavailable'])
  })

  it.each<[Partial<PartitionHealth>, HealthFilter[], boolean]>([
    [{}, ['under-replicated', 'under-min-isr', 'at-min-isr', 'unavailable'], false],
    [{ underReplicated: true }, ['under-replicated'], true],
    [{ underReplicated: true }, ['under-min-isr'], false],
    [{ underMinIsr: true }, ['under-min-isr'], true],
    [{ underMinIsr: true }, ['at-min-isr'], false],
    [{ atMinIsr: true }, ['at-min-isr'], true],
    [{ atMinIsr: true }, ['unavailable'], false],
    [{ unavailable: true }, ['unavailable'], true],
    [{ unavailable: true }, ['under-replicated'], false],
    [{ underReplicated: true }, ['unavailable', 'under-replicated'], true],
    [{ underReplicated: true, unavailable: true }, [], false],
  ])('%j with %j -> %s', (flags, filters, expected) => {
    expect(matchesHealthFilters({ ...healthy, ...flags }, filters)).toBe(expected)
  })
})
