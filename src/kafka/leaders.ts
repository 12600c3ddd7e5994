/**
 * Partition leaders from Metadata: which broker to send a partition's Produce, Fetch or ListOffsets to.
 * One lookup for the consumer, the producer and the groups commands' partition reads.
 */
import type { Operation } from '../core/acl.js'
import { topicNotFound } from '../core/errors.js'
import { Err } from './error-codes.js'
import { partitionError, principalName } from './error-mapping.js'
import type { KafkaSession } from './session.js'

export interface TopicLeaders {
  /** The topic's error code in the Metadata answer (UNKNOWN_TOPIC_OR_PARTITION when it is missing). */
  errorCode: number
  /** The leader of each partition, by partition number (-1 while a partition has none). */
  leaders: number[]
}

/** The leaders of each partition of these topics, from one Metadata request. */
export async function metadataLeaders(
  session: KafkaSession,
  topics: readonly string[],
): Promise<Map<string, TopicLeaders>> {
  const metadata = await session.metadata(topics)
  const out = new Map<string, TopicLeaders>()
  for (const topic of topics) {
    const t = metadata.topics.find((x) => x.name === topic)
    const leaders: number[] = []
    for (const p of t?.partitions ?? []) leaders[p.partition] = p.leader
    out.set(topic, { errorCode: t ? t.errorCode : Err.unknownTopicOrPartition, leaders })
  }
  return out
}

/** The leader of each partition of these topics (-1 while a partition has none); a missing topic is an error. */
export async function partitionLeaders(
  session: KafkaSession,
  topics: readonly string[],
  operation: Operation,
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>()
  for (const [topic, t] of await metadataLeaders(session, topics)) {
    if (t.errorCode === Err.unknownTopicOrPartition || (t.errorCode !== 0 && t.leaders.length === 0)) {
      if (t.errorCode !== Err.unknownTopicOrPartition)
        throw partitionError(t.errorCode, `cannot use topic "${topic}"`, null, {
          principal: principalName(session.settings),
          topic: { name: topic, operation },
        })
      throw topicNotFound([topic])
    }
    out.set(topic, t.leaders)
  }
  return out
}

export async function topicLeaders(
  session: KafkaSession,
  topic: string,
  operation: Operation,
): Promise<number[]> {
  return (await partitionLeaders(session, [topic], operation)).get(topic)!
}
