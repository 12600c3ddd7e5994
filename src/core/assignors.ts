/**
 * The consumer's partition assignors, offline. Range and round-robin are Kafka's RangeAssignor and
 * RoundRobinAssignor exactly (checked against vectors from the Java classes); cooperative-sticky is ktk's
 * implementation of the sticky idea with the CooperativeStickyAssignor's two-phase hand-over.
 */
import { byTopicPartition, type TopicPartition, tpKey } from './group-types.js'

export interface AssignorMember {
  id: string
  /** group.instance.id of a static member. */
  instanceId: string | null
  topics: readonly string[]
  /** Partitions the member owned before this rebalance (sticky assignors). */
  owned?: readonly TopicPartition[]
}

/** topic -> partition count */
export type TopicLayout = ReadonlyMap<string, number>

export type Assignment = Map<string, TopicPartition[]>

/** Kafka's MemberInfo order: static members by instance id first, then the others by member id. */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  if (a.instanceId !== null && b.instanceId !== null) return compareStrings(a.instanceId, b.instanceId)
  if (a.instanceId !== null) return -1
  if (b.instanceId !== null) return 1
  return compareStrings(a.id, b.id)
}

/** Java's String.compareTo order (UTF-16 code units), which JavaScript's < also uses. */
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function emptyAssignment(members: readonly AssignorMember[]): Assignment {
  return new Map(members.map((m) => [m.id, [] as TopicPartition[]]))
}

/**
 * RangeAssignor: per topic, the members subscribed to it in MemberInfo order; each gets a contiguous
 * range of floor(n/k) partitions, the first n%k one more.
 */
export function rangeAssign(topics: TopicLayout, members: readonly AssignorMember[]): Assignment {
  const assignment = emptyAssignment(members)
  const sorted = [...members].sort(compareMembers)
  for (const [topic, count] of [...topics].sort(([a], [b]) => compareStrings(a, b))) {
    const consumers = sorted.filter((m) => m.topics.includes(topic))
    if (consumers.length === 0) continue
    const per = Math.floor(count / consumers.length)
    const extra = count % consumers.length
    consumers.forEach((m, i) => {
      const start = per * i + Math.min(i, extra)
      const length = per + (i + 1 > extra ? 0 : 1)
      for (let p = start; p < start + length; p++) assignment.get(m.id)!.push({ topic, partition: p })
    })
  }
  return assignment
}

/**
 * RoundRobinAssignor: every subscribed partition in (topic, partition) order dealt to the members in
 * MemberInfo order, skipping members not subscribed to the partition's topic.
 */
export function roundRobinAssign(topics: TopicLayout, members: readonly AssignorMember[]): Assignment {
  const assignment = emptyAssignment(members)
  const sorted = [...members].sort(compareMembers)
  if (sorted.length === 0) return assignment
  const subscribed = [...new Set(members.flatMap((m) => m.topics))]
    .filter((t) => topics.has(t))
    .sort(compareStrings)
  let next = 0
  for (const topic of subscribed) {
    for (let partition = 0; partition < topics.get(topic)!; partition++) {
      while (!sorted[next % sorted.length]!.topics.includes(topic)) next++
      assignment.get(sorted[next % sorted.length]!.id)!.push({ topic, partition })
      next++
    }
  }
  return assignment
}

export interface StickyResult {
  assignment: Assignment
  /** Partitions that go to a member other than the one that owned them: tpKey -> new owner. */
  transferring: Map<string, string>
}

/**
 * The sticky assignment for members that all subscribe to the same topics: every member ends with
 * floor(P/N) or ceil(P/N) partitions (exactly P mod N of them with the larger count), and keeps as many
 * of the partitions it owned as that balance allows; members that owned more keep more. Partitions it
 * gives up go, in partition order, first to members under the lower quota, then one each to members
 * allowed the higher one.
 */
export function stickyAssign(topics: TopicLayout, members: readonly AssignorMember[]): StickyResult {
  const all: TopicPartition[] = []
  for (const [topic, count] of topics) {
    if (members.some((m) => m.topics.includes(topic)))
      for (let p = 0; p < count; p++) all.push({ topic, partition: p })
  }
  all.sort(byTopicPartition)
  const assignment = emptyAssignment(members)
  const transferring = new Map<string, string>()
  if (members.length === 0) return { assignment, transferring }
  const exists = new Set(all.map((tp) => tpKey(tp.topic, tp.partition)))
  const sorted = [...members].sort((a, b) => compareStrings(a.id, b.id))

  // Previous owners; a partition claimed twice stays with the first claimant in member order.
  const previousOwner = new Map<string, string>()
  const owned = new Map<string, TopicPartition[]>()
  for (const m of sorted) {
    const mine: TopicPartition[] = []
    for (const tp of m.owned ?? []) {
      const key = tpKey(tp.topic, tp.partition)
      if (!exists.has(key) || previousOwner.has(key)) continue
      previousOwner.set(key, m.id)
      mine.push(tp)
    }
    owned.set(m.id, mine)
  }

  const minQuota = Math.floor(all.length / members.length)
  const maxQuota = Math.ceil(all.length / members.length)
  const expectedAtMax = all.length % members.length
  let atMax = 0
  const taken = new Set<string>()
  // Members that owned the most keep the most, so the fewest partitions move.
  const byOwned = [...sorted].sort((a, b) => owned.get(b.id)!.length - owned.get(a.id)!.length)
  for (const m of byOwned) {
    const mine = owned.get(m.id)!
    let keep = Math.min(mine.length, minQuota)
    if (mine.length > minQuota && atMax < expectedAtMax) {
      keep = maxQuota
      atMax++
    }
    for (const tp of mine.slice(0, keep)) {
      assignment.get(m.id)!.push(tp)
      taken.add(tpKey(tp.topic, tp.partition))
    }
  }

  const unassigned = all.filter((tp) => !taken.has(tpKey(tp.topic, tp.partition)))
  const give = (memberId: string, tp: TopicPartition) => {
    assignment.get(memberId)!.push(tp)
    const before = previousOwner.get(tpKey(tp.topic, tp.partition))
    if (before !== undefined && before !== memberId) transferring.set(tpKey(tp.topic, tp.partition), memberId)
  }
  let next = 0
  const unfilled = sorted.filter((m) => assignment.get(m.id)!.length < minQuota)
  while (unfilled.length > 0 && next < unassigned.length) {
    for (let i = 0; i < unfilled.length && next < unassigned.length; ) {
      const m = unfilled[i]!
      give(m.id, unassigned[next++]!)
      if (assignment.get(m.id)!.length >= minQuota) unfilled.splice(i, 1)
      else i++
    }
  }
  for (const m of sorted) {
    if (next >= unassigned.length) break
    if (assignment.get(m.id)!.length === minQuota && atMax < expectedAtMax) {
      give(m.id, unassigned[next++]!)
      atMax++
    }
  }
  for (const list of assignment.values()) list.sort(byTopicPartition)
  return { assignment, transferring }
}

/**
 * CooperativeStickyAssignor's round: the sticky assignment, minus the partitions changing hands; their
 * old owners give them up and rejoin, and the next round hands them over.
 */
export function cooperativeStickyAssign(topics: TopicLayout, members: readonly AssignorMember[]): Assignment {
  const { assignment, transferring } = stickyAssign(topics, members)
  for (const [member, list] of assignment) {
    assignment.set(
      member,
      list.filter((tp) => transferring.get(tpKey(tp.topic, tp.partition)) !== member),
    )
  }
  return assignment
}
