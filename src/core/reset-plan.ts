/**
 * Offset reset planning with the semantics of kafka-consumer-groups --reset-offsets (ConsumerGroupCommand
 * prepareOffsetsToReset and checkOffsetsRange), pure: the facts about each partition come in, the plan
 * goes out.
 */
import { KtkError } from './errors.js'
import { byTopicPartition, type TopicPartition, tpKey, tpName } from './group-types.js'

export type ResetScenario =
  | { kind: 'to-earliest' }
  | { kind: 'to-latest' }
  | { kind: 'to-current' }
  | { kind: 'to-offset'; offset: number }
  | { kind: 'shift-by'; shift: number }
  /** --to-datetime and --by-duration: the first offset whose timestamp is at or after this time. */
  | { kind: 'to-datetime' | 'by-duration'; timestamp: number }
  | { kind: 'from-file'; offsets: ReadonlyMap<string, number> }

/** What is known about a partition when planning. */
export interface PartitionFacts {
  committed: number | null
  logStart: number | null
  logEnd: number | null
  /** --to-datetime/--by-duration: ListOffsets by timestamp; null when no record is that recent. */
  offsetForTime?: number | null
}

export interface PlannedOffset {
  topic: string
  partition: number
  /** The committed offset before the reset; null when there was none. */
  currentOffset: number | null
  newOffset: number
}

export interface GroupPlan {
  group: string
  partitions: PlannedOffset[]
  /** Kafka's warnings: clamping to the valid range, empty partitions falling back to the latest offset. */
  warnings: string[]
}

/**
 * The new offset of each partition of one group. `partitions` is the scope (--topic, --all-topics; for
 * --from-file, the file's partitions for this group).
 */
export function planGroupReset(
  group: string,
  scenario: ResetScenario,
  partitions: readonly TopicPartition[],
  facts: ReadonlyMap<string, PartitionFacts>,
): GroupPlan {
  const warnings: string[] = []
  const planned: PlannedOffset[] = []
  const fact = (tp: TopicPartition): PartitionFacts =>
    facts.get(tpKey(tp.topic, tp.partition)) ?? { committed: null, logStart: null, logEnd: null }
  const need = (value: number | null, what: string, tp: TopicPartition): number => {
    if (value === null) {
      throw new KtkError('UNEXPECTED', `error getting ${what} offset of topic partition: ${tpName(tp)}`, {
        hints: ['check that the partition exists and has a leader (ktk topics describe)'],
      })
    }
    return value
  }
  /** Kafka's checkOffsetsRange: above the log end -> log end, below the log start -> log start. */
  const clamp = (tp: TopicPartition, offset: number): number => {
    const f = fact(tp)
    if (f.logEnd !== null && offset > f.logEnd) {
      warnings.push(
        `New offset (${offset}) is higher than latest offset for topic partition ${tpName(tp)}. Value will be set to ${f.logEnd}`,
      )
      return f.logEnd
    }
    if (f.logStart !== null && offset < f.logStart) {
      warnings.push(
        `New offset (${offset}) is lower than earliest offset for topic partition ${tpName(tp)}. Value will be set to ${f.logStart}`,
      )
      return f.logStart
    }
    return offset
  }

  for (const tp of [...partitions].sort(byTopicPartition)) {
    const f = fact(tp)
    let newOffset: number
    switch (scenario.kind) {
      case 'to-earliest':
        newOffset = need(f.logStart, 'starting', tp)
        break
      case 'to-latest':
        newOffset = need(f.logEnd, 'ending', tp)
        break
      case 'to-current':
        newOffset = f.committed ?? need(f.logEnd, 'ending', tp)
        break
      case 'to-offset':
        newOffset = clamp(tp, scenario.offset)
        break
      case 'shift-by':
        if (f.committed === null) {
          throw new KtkError(
            'USAGE',
            `cannot shift offset for partition ${tpName(tp)} of group "${group}" since there is no current committed offset`,
            { hints: ['narrow the scope with --topic, or use --to-earliest/--to-latest/--to-offset for it'] },
          )
        }
        newOffset = clamp(tp, f.committed + scenario.shift)
        break
      case 'to-datetime':
      case 'by-duration':
        if (f.offsetForTime === null || f.offsetForTime === undefined) {
          warnings.push(
            `Partition ${tp.partition} from topic ${tp.topic} is empty. Falling back to latest known offset.`,
          )
          newOffset = need(f.logEnd, 'ending', tp)
        } else {
          newOffset = f.offsetForTime
        }
        break
      case 'from-file':
        newOffset = clamp(
          tp,
          need(scenario.offsets.get(tpKey(tp.topic, tp.partition)) ?? null, 'requested', tp),
        )
        break
    }
    planned.push({ topic: tp.topic, partition: tp.partition, currentOffset: f.committed, newOffset })
  }
  return { group, partitions: planned, warnings }
}

/** A --topic value: "orders" (every partition) or "orders:0,2" (those partitions), as Kafka's tool takes it. */
export function parseTopicScope(value: string): { topic: string; partitions: number[] | null } {
  const i = value.indexOf(':')
  if (i < 0) return { topic: value, partitions: null }
  const topic = value.slice(0, i)
  const list = value.slice(i + 1)
  if (topic === '' || list === '' || list.includes(':')) {
    throw new KtkError('USAGE', `invalid topic arg '${value}', expected topic name and partitions`, {
      hints: ['use --topic orders for every partition, or --topic orders:0,1,2 for some'],
    })
  }
  const partitions = list.split(',').map((p) => {
    if (!/^\d+$/.test(p.trim())) {
      throw new KtkError('USAGE', `invalid partition '${p}' specified in topic arg '${value}'`)
    }
    return Number(p.trim())
  })
  return { topic, partitions: [...new Set(partitions)] }
}
