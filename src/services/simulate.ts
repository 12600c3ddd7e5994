import { KtkError } from '../core/errors.js'
import { parseEvents, type SimStep, type Strategy, simulate } from '../core/rebalance-sim.js'

export interface SimulateOptions {
  strategy: Strategy
  /** --topic values: "name" or "name:partitions". */
  topics: readonly string[]
  /** --partitions: the partition count of topics given without one (and of the default topic "t"). */
  partitions: number | undefined
  consumers: number
  events: string | undefined
}

export interface SimulateResult {
  strategy: Strategy
  topics: { topic: string; partitions: number }[]
  members: string[]
  steps: SimStep[]
}

/** `groups simulate`: members c1..cM subscribed to every topic, then the events, one rebalance (or two) each. */
export function runSimulation(options: SimulateOptions): SimulateResult {
  if (options.consumers < 0 || options.consumers > 1000) {
    throw new KtkError('USAGE', '--consumers must be between 0 and 1000')
  }
  const specs = options.topics.length > 0 ? options.topics : ['t']
  const topics = specs.map((spec) => {
    const [topic, count] = spec.includes(':')
      ? [spec.slice(0, spec.lastIndexOf(':')), spec.slice(spec.lastIndexOf(':') + 1)]
      : [spec, undefined]
    const partitions = count !== undefined ? Number(count) : options.partitions
    if (partitions === undefined) {
      throw new KtkError('USAGE', `give the partition count: --partitions N, or --topic ${topic}:N`)
    }
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) {
      throw new KtkError('USAGE', `the partition count of ${topic} must be a whole number from 1 to 10000`)
    }
    return { topic, partitions }
  })
  if (new Set(topics.map((t) => t.topic)).size !== topics.length)
    throw new KtkError('USAGE', 'a topic is given twice')
  const members = Array.from({ length: options.consumers }, (_, i) => `c${i + 1}`)
  const events = parseEvents(
    options.events ?? '',
    members,
    topics.map((t) => t.topic),
  )
  return {
    strategy: options.strategy,
    topics,
    members,
    steps: simulate({ strategy: options.strategy, topics, members, events }),
  }
}
