import type { TopicPartition } from '../core/group-types.js'
import { tpKey } from '../core/group-types.js'
import type { SimStep } from '../core/rebalance-sim.js'
import type { SimulateResult } from '../services/simulate.js'
import type { OutputMode } from './mode.js'
import { style } from './style.js'
import { renderTable } from './table.js'

/** "orders:0,1,2;payments:3" as in Kafka's member assignment strings. */
function partitionsText(list: readonly TopicPartition[]): string {
  const byTopic = new Map<string, number[]>()
  for (const tp of list) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition])
  return [...byTopic].map(([t, ps]) => `${t}:${ps.join(',')}`).join(';')
}

/**
 * A grid per step: a row per member, a cell per partition: █ owned, + assigned in this rebalance,
 * - revoked in this rebalance, · someone else's; a last row (none) marks with ○ partitions nobody owns.
 */
function picture(step: SimStep, topics: SimulateResult['topics'], mode: OutputMode): string {
  const s = style(mode)
  const added = new Set(step.assigned.map((a) => `${tpKey(a.topic, a.partition)}\u0000${a.to}`))
  const removed = new Set(step.revoked.map((r) => `${tpKey(r.topic, r.partition)}\u0000${r.from}`))
  const width = Math.max(...step.members.map((m) => m.member.length), step.unassigned.length > 0 ? 6 : 4)
  const header = `${' '.repeat(width)}  ${topics.map((t) => t.topic.padEnd(t.partitions).slice(0, Math.max(t.partitions, 1))).join(' ')}`
  const rows = step.members.map((m) => {
    const mine = new Set(m.partitions.map((tp) => tpKey(tp.topic, tp.partition)))
    const cells = topics
      .map((t) =>
        Array.from({ length: t.partitions }, (_, p) => {
          const key = tpKey(t.topic, p)
          if (added.has(`${key}\u0000${m.member}`)) return s.green('+')
          if (mine.has(key)) return s.cyan('█')
          if (removed.has(`${key}\u0000${m.member}`)) return s.red('-')
          return s.dim('·')
        }).join(''),
      )
      .join(' ')
    return `${m.member.padEnd(width)}  ${cells}  ${m.partitions.length}`
  })
  const waiting = new Set(step.unassigned.map((tp) => tpKey(tp.topic, tp.partition)))
  const cellsOfNobody = topics
    .map((t) =>
      Array.from({ length: t.partitions }, (_, p) =>
        waiting.has(tpKey(t.topic, p)) ? s.yellow('○') : ' ',
      ).join(''),
    )
    .join(' ')
  const unassigned =
    step.unassigned.length > 0
      ? [`${'(none)'.padEnd(width)}  ${cellsOfNobody}  ${step.unassigned.length}`]
      : []
  return [s.dim(header), ...rows, ...unassigned].join('\n')
}

export function renderSimulation(result: SimulateResult, mode: OutputMode): string {
  const s = style(mode)
  const blocks: string[] = []
  const total = result.topics.reduce((n, t) => n + t.partitions, 0)
  for (const step of result.steps) {
    const rounds = result.steps.filter((x) => x.event === step.event).length
    const moved = step.assigned.filter((a) =>
      step.revoked.some((r) => r.topic === a.topic && r.partition === a.partition),
    ).length
    const facts = [
      `${step.members.length} member${step.members.length === 1 ? '' : 's'}`,
      rounds > 1 ? `rebalance ${step.round} of ${rounds}` : null,
      step.revoked.length > 0 ? `${step.revoked.length} revoked` : null,
      step.assigned.length > 0 ? `${step.assigned.length} assigned` : null,
      moved > 0 ? `${moved} moved` : null,
      step.unassigned.length > 0 ? `${step.unassigned.length} waiting for the next rebalance` : null,
      step.balanced ? 'balanced' : total > 0 && step.members.length > 0 ? s.yellow('not balanced') : null,
    ].filter(Boolean)
    const heading = `${s.bold(step.event)}: ${facts.join(', ')}`
    const table = renderTable(
      [
        { header: 'MEMBER' },
        { header: '#PARTITIONS', align: 'right' },
        { header: 'ASSIGNMENT' },
        { header: 'CHANGE' },
      ],
      step.members.map((m) => {
        const plus = step.assigned.filter((a) => a.to === m.member)
        const minus = step.revoked.filter((r) => r.from === m.member)
        const change = [
          plus.length > 0 ? `+${partitionsText(plus)}` : '',
          minus.length > 0 ? `-${partitionsText(minus)}` : '',
        ]
          .filter(Boolean)
          .join(' ')
        return [m.member, m.partitions.length, partitionsText(m.partitions), change]
      }),
      mode,
    )
    blocks.push([heading, table, picture(step, result.topics, mode)].join('\n'))
  }
  return blocks.join('\n\n')
}
