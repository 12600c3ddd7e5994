import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { json, ktk } from '../helpers/cli.js'

interface Vectors {
  cases: {
    strategy: string
    topics: Record<string, number>
    members: { id: string; instanceId: string | null; topics: string[] }[]
    assignment: Record<string, string[]>
  }[]
}
interface SimJson {
  steps: {
    event: string
    round: number
    members: { member: string; partitions: { topic: string; partition: number }[] }[]
    balanced: boolean
  }[]
}

const vectors = JSON.parse(
  readFileSync(join(process.cwd(), 'test', 'unit', 'fixtures', 'assignor-vectors.json'), 'utf8'),
) as Vectors

describe('groups simulate (no cluster)', () => {
  it('range and roundrobin print the Java assignors’ assignment for c1..cN', async () => {
    const simple = vectors.cases.filter(
      (c) =>
        c.members.every(
          (m, i) =>
            m.id === `c${i + 1}` && m.instanceId === null && m.topics.length === Object.keys(c.topics).length,
        ) && [7, 12].includes(c.members.length + Object.values(c.topics)[0]!),
    )
    expect(simple.length).toBeGreaterThan(2)
    for (const c of simple) {
      const topics = Object.entries(c.topics).flatMap(([t, n]) => ['--topic', `${t}:${n}`])
      const r = await ktk([
        'groups',
        'simulate',
        ...topics,
        '--consumers',
        String(c.members.length),
        '--strategy',
        c.strategy,
        '--json',
      ])
      expect(r.code, r.stderr).toBe(0)
      const step = json<SimJson>(r).steps[0]!
      const ours = Object.fromEntries(
        step.members.map((m) => [m.member, m.partitions.map((p) => `${p.topic}-${p.partition}`).sort()]),
      )
      expect(ours).toEqual(
        Object.fromEntries(Object.entries(c.assignment).map(([m, l]) => [m, [...l].sort()])),
      )
    }
  })

  it('shows each event as a table and a picture; cooperative-sticky takes two rebalances to move partitions', async () => {
    const r = await ktk([
      'groups',
      'simulate',
      '--partitions',
      '6',
      '--consumers',
      '2',
      '--strategy',
      'cooperative-sticky',
      '--events',
      'join,leave:c1',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('join:c3: 3 members, rebalance 1 of 2, 2 revoked')
    expect(r.stdout).toContain('join:c3: 3 members, rebalance 2 of 2, 2 assigned, balanced')
    expect(r.stdout).toMatch(/^MEMBER\s+#PARTITIONS\s+ASSIGNMENT\s+CHANGE$/m)
    expect(r.stdout).toMatch(/^c3\s+·+\+\+\s+2$/m)
    const bad = await ktk(['groups', 'simulate', '--partitions', '6', '--events', 'leave:c9'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('no such member')
  })
})
