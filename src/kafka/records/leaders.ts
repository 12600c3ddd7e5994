import { KtkError } from '../../core/errors.js'
import { partitionError } from '../errors.js'
import type { KafkaSession } from '../session.js'

/** The leader of each partition of these topics (-1 while a partition has none), from one Metadata request. */
export async function partitionLeaders(
  session: KafkaSession,
  topics: readonly string[],
): Promise<Map<string, number[]>> {
  const metadata = await session.metadata(topics)
  const out = new Map<string, number[]>()
  for (const topic of topics) {
    const t = metadata.topics.find((x) => x.name === topic)
    if (!t || t.errorCode === 3 || (t.errorCode !== 0 && t.partitions.length === 0)) {
      if (t && t.errorCode !== 3 && t.errorCode !== 0)
        throw partitionError(t.errorCode, `cannot use topic "${topic}"`)
      throw new KtkError('TOPIC_NOT_FOUND', `topic "${topic}" does not exist`, {
        hints: ['list topics with: ktk topics list'],
      })
    }
    const leaders: number[] = []
    for (const p of t.partitions) leaders[p.partition] = p.leader
    out.set(topic, leaders)
  }
  return out
}

export async function topicLeaders(session: KafkaSession, topic: string): Promise<number[]> {
  return (await partitionLeaders(session, [topic])).get(topic)!
}
