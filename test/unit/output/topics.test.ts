import { beforeAll, describe, expect, it } from 'vitest'
import type { PartitionState } from '../../../src/core/cluster-types.js'
import { HEALTH_FILTERS, matchesHealthFilters, partitionHealth } from '../../../src/core/health.js'
import type { OutputMode } from '../../../src/output/mode.js'
import { loadStyles } from '../../../src/output/style.js'
import { renderDescribe } from '../../../src/output/topics.js'
import type { PartitionView, TopicView } from '../../../src/services/topics.js'

const plain: OutputMode = { tty: false, color: false, width: 200 }
beforeAll(() => loadStyles(plain, plain))

const partition = (
  state: Omit<PartitionState, 'partition' | 'offlineReplicas'>,
  minIsr: number,
): PartitionView => {
  const p: PartitionState = { partition: 0, offlineReplicas: [], ...state }
  return {
    ...p,
    ...partitionHealth(p, minIsr, new Set([1, 2, 3])),
    earliestOffset: 0,
    latestOffset: 0,
    records: 0,
  }
}

const topic = (p: PartitionView, minIsr: number): TopicView => ({
  name: 't',
  topicId: null,
  internal: false,
  partitionCount: 1,
  replicationFactor: p.replicas.length,
  minInsyncReplicas: minIsr,
  configs: [],
  partitions: [p],
})

/** The STATUS cell of the one partition row of a piped describe. */
const statusOf = (view: TopicView, filters: string[]) => {
  const lines = renderDescribe({ topics: [view], filters, matched: 1 }, plain).split('\n')
  return lines[1]!.trim().split(/\s+/).at(-1)
}

describe('topics describe STATUS agrees with the health filters', () => {
  it('a replication-factor-1 partition at min.insync.replicas 1 is labelled at-min-isr, as the filter lists it', () => {
    const p = partition({ leader: 1, replicas: [1], isr: [1] }, 1)
    expect(matchesHealthFilters(p, ['at-min-isr'])).toBe(true)
    expect(statusOf(topic(p, 1), ['at-min-isr'])).toBe('at-min-isr')
  })

  // Every shape of a partition on three brokers: whenever a filter lists it, STATUS names a problem.
  const shapes: [string, Omit<PartitionState, 'partition' | 'offlineReplicas'>, number][] = []
  for (const replicas of [[1], [1, 2], [1, 2, 3]])
    for (let inSync = 0; inSync <= replicas.length; inSync++)
      for (const leader of [1, null])
        for (const minIsr of [1, 2, 3])
          shapes.push([
            `RF ${replicas.length}, ISR ${inSync}, ${leader === null ? 'no leader' : 'leader'}, minIsr ${minIsr}`,
            { leader, replicas, isr: replicas.slice(0, inSync) },
            minIsr,
          ])

  it.each(shapes)('%s', (_, state, minIsr) => {
    const p = partition(state, minIsr)
    const status = statusOf(topic(p, minIsr), [])!.split(',')
    for (const filter of HEALTH_FILTERS) {
      const listed = matchesHealthFilters(p, [filter])
      const why = `${filter}: STATUS ${status.join(',')}`
      if (!listed) expect(status, why).not.toContain(filter)
      // under-min-isr is the stronger label for a partition that is both (no leader, ISR == minIsr).
      else if (filter === 'at-min-isr' && p.underMinIsr) expect(status, why).toContain('under-min-isr')
      else expect(status, why).toContain(filter)
    }
  })
})
