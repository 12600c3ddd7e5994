/**
 * An offline rebalance simulator: members join and leave a group whose members all subscribe to the
 * same topics, and each rebalance is computed with the chosen assignor. Eager assignors (range,
 * roundrobin) revoke everything and reassign in one rebalance; cooperative-sticky keeps what stays put,
 * revokes what must move, and hands it over in a follow-up rebalance, as the Java consumer does.
 */
import {
  type Assignment,
  type AssignorMember,
  cooperativeStickyAssign,
  rangeAssign,
  roundRobinAssign,
  type TopicLayout,
} from './assignors.js'
import { KtkError } from './errors.js'
import { byTopicPartition, type TopicPartition, tpKey } from './group-types.js'

export const STRATEGIES = ['range', 'roundrobin', 'cooperative-sticky'] as const
export type Strategy = (typeof STRATEGIES)[number]

export type SimEvent =
  | { kind: 'join'; member: string }
  | { kind: 'leave'; member: string }
  | { kind: 'partitions'; topic: string; count: number }

export interface SimStep {
  /** "initial", "join:c4", "leave:c1", "partitions:orders=12". */
  event: string
  /** 1 for the rebalance an event triggers; 2 for a cooperative follow-up. */
  round: number
  members: { member: string; partitions: TopicPartition[] }[]
  /** Partitions taken from a member in this rebalance. */
  revoked: (TopicPartition & { from: string })[]
  /** Partitions given to a member in this rebalance. */
  assigned: (TopicPartition & { to: string })[]
  /** Partitions no member owns after this rebalance (cooperative hand-over in progress, or no members). */
  unassigned: TopicPartition[]
  /** Every member has floor(P/N) or ceil(P/N) partitions and none is unassigned. */
  balanced: boolean
}

const eventName = (e: SimEvent) =>
  e.kind === 'partitions' ? `partitions:${e.topic}=${e.count}` : `${e.kind}:${e.member}`

/**
 * --events: comma-separated join (a new member cN), join:NAME, leave (the newest member), leave:NAME,
 * partitions:N (the only topic) or partitions:TOPIC=N.
 */
export function parseEvents(
  text: string,
  initialMembers: readonly string[],
  topics: readonly string[],
): SimEvent[] {
  const members = [...initialMembers]
  let counter = members.length
  const events: SimEvent[] = []
  for (const raw of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [kind, arg] = [raw.split(':')[0]!, raw.includes(':') ? raw.slice(raw.indexOf(':') + 1) : undefined]
    if (kind === 'join') {
      let member = arg
      if (!member) {
        do member = `c${++counter}`
        while (members.includes(member))
      }
      if (members.includes(member)) throw new KtkError('USAGE', `--events: ${member} is already a member`)
      members.push(member)
      events.push({ kind: 'join', member })
    } else if (kind === 'leave') {
      const member = arg ?? members[members.length - 1]
      if (!member || !members.includes(member)) {
        throw new KtkError('USAGE', `--events: ${arg ?? 'leave'}: no such member`, {
          hints: [`members at that point: ${members.join(', ') || 'none'}`],
        })
      }
      members.splice(members.indexOf(member), 1)
      events.push({ kind: 'leave', member })
    } else if (kind === 'partitions' && arg) {
      const [topic, count] = arg.includes('=')
        ? arg.split('=')
        : topics.length === 1
          ? [topics[0]!, arg]
          : [undefined, arg]
      if (!topic || !topics.includes(topic)) {
        throw new KtkError('USAGE', `--events: ${raw}: name the topic (partitions:TOPIC=N)`, {
          hints: [`topics: ${topics.join(', ')}`],
        })
      }
      if (!/^\d+$/.test(count ?? '') || Number(count) < 1)
        throw new KtkError('USAGE', `--events: ${raw}: N must be a positive number`)
      events.push({ kind: 'partitions', topic, count: Number(count) })
    } else {
      throw new KtkError('USAGE', `--events: "${raw}" is not an event`, {
        hints: ['events: join, join:NAME, leave, leave:NAME, partitions:N, partitions:TOPIC=N'],
      })
    }
  }
  return events
}

export interface SimOptions {
  strategy: Strategy
  topics: { topic: string; partitions: number }[]
  members: readonly string[]
  events: readonly SimEvent[]
}

export function simulate(options: SimOptions): SimStep[] {
  const layout = new Map(options.topics.map((t) => [t.topic, t.partitions]))
  const topicNames = options.topics.map((t) => t.topic)
  const members = [...options.members]
  let owned: Assignment = new Map()
  const steps: SimStep[] = []

  const rebalance = (event: string): void => {
    for (let round = 1; round <= 3; round++) {
      const input: AssignorMember[] = members.map((id) => ({
        id,
        instanceId: null,
        topics: topicNames,
        owned: owned.get(id) ?? [],
      }))
      const next = assign(options.strategy, layout, input)
      steps.push(step(event, round, layout, owned, next, members))
      owned = next
      const complete = countAssigned(next) === total(layout) || members.length === 0
      if (options.strategy !== 'cooperative-sticky' || complete) return
    }
  }

  rebalance('initial')
  for (const e of options.events) {
    if (e.kind === 'join') members.push(e.member)
    else if (e.kind === 'leave') {
      members.splice(members.indexOf(e.member), 1)
      owned.delete(e.member)
    } else {
      layout.set(e.topic, e.count)
      // Partitions that no longer exist are no longer owned.
      for (const [m, list] of owned)
        owned.set(
          m,
          list.filter((tp) => tp.topic !== e.topic || tp.partition < e.count),
        )
    }
    rebalance(eventName(e))
  }
  return steps
}

function assign(strategy: Strategy, layout: TopicLayout, members: AssignorMember[]): Assignment {
  if (strategy === 'range') return rangeAssign(layout, members)
  if (strategy === 'roundrobin') return roundRobinAssign(layout, members)
  return cooperativeStickyAssign(layout, members)
}

const total = (layout: TopicLayout) => [...layout.values()].reduce((n, c) => n + c, 0)
const countAssigned = (a: Assignment) => [...a.values()].reduce((n, l) => n + l.length, 0)

function step(
  event: string,
  round: number,
  layout: TopicLayout,
  before: Assignment,
  after: Assignment,
  members: readonly string[],
): SimStep {
  const ownerBefore = new Map<string, string>()
  for (const [m, list] of before) for (const tp of list) ownerBefore.set(tpKey(tp.topic, tp.partition), m)
  const ownerAfter = new Map<string, string>()
  for (const [m, list] of after) for (const tp of list) ownerAfter.set(tpKey(tp.topic, tp.partition), m)
  const revoked: SimStep['revoked'] = []
  const assigned: SimStep['assigned'] = []
  const unassigned: TopicPartition[] = []
  for (const [topic, count] of layout) {
    for (let partition = 0; partition < count; partition++) {
      const key = tpKey(topic, partition)
      const from = ownerBefore.get(key)
      const to = ownerAfter.get(key)
      if (from !== undefined && from !== to) revoked.push({ topic, partition, from })
      if (to !== undefined && to !== from) assigned.push({ topic, partition, to })
      if (to === undefined) unassigned.push({ topic, partition })
    }
  }
  const counts = members.map((m) => after.get(m)?.length ?? 0)
  const p = total(layout)
  const balanced =
    unassigned.length === 0 &&
    (members.length === 0 ||
      counts.every((c) => c === Math.floor(p / members.length) || c === Math.ceil(p / members.length)))
  return {
    event,
    round,
    members: members.map((member) => ({
      member,
      partitions: [...(after.get(member) ?? [])].sort(byTopicPartition),
    })),
    revoked: revoked.sort(byTopicPartition),
    assigned: assigned.sort(byTopicPartition),
    unassigned,
    balanced,
  }
}
