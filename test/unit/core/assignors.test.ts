import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type AssignorMember,
  rangeAssign,
  roundRobinAssign,
  stickyAssign,
} from '../../../src/core/assignors.js'
import { tpKey } from '../../../src/core/group-types.js'
import { parseEvents, type SimStep, simulate } from '../../../src/core/rebalance-sim.js'

interface Vectors {
  kafkaClientsVersion: string
  cases: {
    strategy: 'range' | 'roundrobin'
    topics: Record<string, number>
    members: { id: string; instanceId: string | null; topics: string[] }[]
    assignment: Record<string, string[]>
  }[]
  sequences: {
    topics: Record<string, number>
    initial: number
    events: string[]
    rebalances: { after: string; round: number; assignment: Record<string, string[]> }[]
  }[]
}

const vectors = JSON.parse(
  readFileSync(join(process.cwd(), 'test', 'unit', 'fixtures', 'assignor-vectors.json'), 'utf8'),
) as Vectors

const names = (list: readonly { topic: string; partition: number }[]) =>
  list.map((tp) => `${tp.topic}-${tp.partition}`).sort()

describe(`range and roundrobin equal Kafka ${vectors.kafkaClientsVersion}'s Java assignors`, () => {
  it.each(
    vectors.cases.map((c, i) => [i, c.strategy, Object.keys(c.topics).length, c.members.length, c] as const),
  )('case %i: %s, %i topic(s), %i member(s)', (_i, strategy, _t, _m, c) => {
    const layout = new Map(Object.entries(c.topics))
    const members: AssignorMember[] = c.members.map((m) => ({
      id: m.id,
      instanceId: m.instanceId,
      topics: m.topics,
    }))
    const ours = strategy === 'range' ? rangeAssign(layout, members) : roundRobinAssign(layout, members)
    const expected = Object.fromEntries(
      Object.entries(c.assignment).map(([m, list]) => [m, [...list].sort()]),
    )
    expect(Object.fromEntries([...ours].map(([m, list]) => [m, names(list)]))).toEqual(expected)
  })
})

const ownerMap = (members: SimStep['members']) =>
  new Map(
    members.flatMap((m) => m.partitions.map((tp) => [`${tp.topic}-${tp.partition}`, m.member] as const)),
  )

/**
 * The fewest partitions that must change owner to go from `owners` (by member) to a balanced assignment
 * of `total` partitions over `members`: the members that own most keep the larger quota.
 */
function fewestMoves(owned: Map<string, number>, members: string[], total: number): number {
  const min = Math.floor(total / members.length)
  const atMax = total % members.length
  const counts = members.map((m) => owned.get(m) ?? 0).sort((a, b) => b - a)
  const kept = counts.reduce((n, c, i) => n + Math.min(c, i < atMax ? min + 1 : min), 0)
  const ownedBefore = [...owned.values()].reduce((n, c) => n + c, 0)
  return ownedBefore - kept
}

describe('cooperative-sticky, against the Java CooperativeStickyAssignor on the same joins and leaves', () => {
  it.each(vectors.sequences.map((s, i) => [i, s.events.join(','), s] as const))(
    'sequence %i: %s',
    (_i, _e, s) => {
      const topics = Object.entries(s.topics).map(([topic, partitions]) => ({ topic, partitions }))
      const total = topics.reduce((n, t) => n + t.partitions, 0)
      const initial = Array.from({ length: s.initial }, (_, i) => `c${i + 1}`)
      const steps = simulate({
        strategy: 'cooperative-sticky',
        topics,
        members: initial,
        events: parseEvents(s.events.join(','), initial, Object.keys(s.topics)),
      })
      let before = new Map<string, string>()
      for (const event of ['initial', ...s.events]) {
        const ours = steps.filter((x) => x.event === event)
        const java = s.rebalances.filter((r) => r.after === event)
        // Same rebalances as Java: one, or two when partitions change hands.
        expect(ours.length, event).toBe(java.length)
        // Both end balanced.
        const last = ours[ours.length - 1]!
        expect(last.balanced, event).toBe(true)
        const javaCounts = Object.values(java[java.length - 1]!.assignment).map((l) => l.length)
        expect(Math.max(...javaCounts) - Math.min(...javaCounts), event).toBeLessThanOrEqual(1)
        // Cooperative: a partition never goes straight from one member to another within a rebalance.
        for (const step of ours) {
          const revoked = new Set(step.revoked.map((r) => tpKey(r.topic, r.partition)))
          for (const a of step.assigned) expect(revoked.has(tpKey(a.topic, a.partition)), event).toBe(false)
        }
        // Sticky: exactly the fewest moves balance allows from where the group stood.
        const after = ownerMap(last.members)
        const moved = [...after].filter(([tp, owner]) => before.has(tp) && before.get(tp) !== owner).length
        const ownedCounts = new Map<string, number>()
        for (const owner of before.values()) ownedCounts.set(owner, (ownedCounts.get(owner) ?? 0) + 1)
        expect(moved, event).toBe(
          fewestMoves(
            ownedCounts,
            last.members.map((m) => m.member),
            total,
          ),
        )
        before = after
      }
    },
  )
})

describe('stickyAssign', () => {
  const layout = new Map([['t', 10]])
  const tps = (...ps: number[]) => ps.map((partition) => ({ topic: 't', partition }))

  it('keeps what balance allows, members that owned more keep more, and reports hand-overs', () => {
    const members: AssignorMember[] = [
      { id: 'a', instanceId: null, topics: ['t'], owned: tps(0, 1, 2, 3, 4, 5) },
      { id: 'b', instanceId: null, topics: ['t'], owned: tps(6, 7, 8, 9) },
      { id: 'c', instanceId: null, topics: ['t'], owned: [] },
    ]
    const { assignment, transferring } = stickyAssign(layout, members)
    expect(names(assignment.get('a')!)).toEqual(['t-0', 't-1', 't-2', 't-3'])
    expect(names(assignment.get('b')!)).toEqual(['t-6', 't-7', 't-8'])
    expect(names(assignment.get('c')!)).toEqual(['t-4', 't-5', 't-9'])
    expect([...transferring.keys()].length).toBe(3)
  })

  it('ignores partitions that no longer exist and double claims', () => {
    const members: AssignorMember[] = [
      { id: 'a', instanceId: null, topics: ['t'], owned: tps(0, 1, 42) },
      { id: 'b', instanceId: null, topics: ['t'], owned: tps(1, 2) },
    ]
    const { assignment } = stickyAssign(layout, members)
    expect(names(assignment.get('a')!)).toContain('t-1')
    expect(names(assignment.get('b')!)).not.toContain('t-1')
    expect(assignment.get('a')!.length + assignment.get('b')!.length).toBe(10)
  })
})

describe('simulate', () => {
  it('eager range reassigns in one rebalance; the moved partitions are reported', () => {
    const steps = simulate({
      strategy: 'range',
      topics: [{ topic: 't', partitions: 6 }],
      members: ['c1', 'c2'],
      events: parseEvents('join', ['c1', 'c2'], ['t']),
    })
    expect(steps.map((s) => [s.event, s.round])).toEqual([
      ['initial', 1],
      ['join:c3', 1],
    ])
    expect(steps[1]!.members.map((m) => names(m.partitions))).toEqual([
      ['t-0', 't-1'],
      ['t-2', 't-3'],
      ['t-4', 't-5'],
    ])
    expect(steps[1]!.revoked.map((r) => `${r.partition}:${r.from}`)).toEqual(['2:c1', '4:c2', '5:c2'])
  })

  it('cooperative-sticky hands partitions over in a second rebalance', () => {
    const steps = simulate({
      strategy: 'cooperative-sticky',
      topics: [{ topic: 't', partitions: 6 }],
      members: ['c1', 'c2'],
      events: parseEvents('join:x', ['c1', 'c2'], ['t']),
    })
    expect(steps.map((s) => [s.event, s.round, s.unassigned.length])).toEqual([
      ['initial', 1, 0],
      ['join:x', 1, 2],
      ['join:x', 2, 0],
    ])
    expect(steps[2]!.balanced).toBe(true)
  })

  it('events: join/leave by name or default, partitions changes, and usage errors', () => {
    expect(parseEvents('join,join:z,leave,leave:c1,partitions:8', ['c1', 'c2'], ['t'])).toEqual([
      { kind: 'join', member: 'c3' },
      { kind: 'join', member: 'z' },
      { kind: 'leave', member: 'z' },
      { kind: 'leave', member: 'c1' },
      { kind: 'partitions', topic: 't', count: 8 },
    ])
    expect(() => parseEvents('leave:nobody', ['c1'], ['t'])).toThrow(/no such member/)
    expect(() => parseEvents('dance', ['c1'], ['t'])).toThrow(/not an event/)
    expect(() => parseEvents('partitions:3', ['c1'], ['a', 'b'])).toThrow(/name the topic/)
    const steps = simulate({
      strategy: 'roundrobin',
      topics: [{ topic: 't', partitions: 2 }],
      members: ['c1', 'c2', 'c3'],
      events: parseEvents('partitions:6', ['c1', 'c2', 'c3'], ['t']),
    })
    expect(steps[0]!.members.map((m) => m.partitions.length)).toEqual([1, 1, 0])
    expect(steps[1]!.members.map((m) => m.partitions.length)).toEqual([2, 2, 2])
  })
})
