/**
 * The embedded protocol of classic consumer groups (protocol type "consumer"): the subscription a member
 * sends when it joins and the assignment the leader hands out (JoinGroup and SyncGroup carry them as
 * bytes, DescribeGroups returns them).
 */
import { Reader, Writer } from './codec.js'

export interface TopicPartitionList {
  topic: string
  partitions: number[]
}

/** ConsumerProtocolSubscription v0: the topics a member wants. */
export function encodeSubscription(topics: readonly string[]): Buffer {
  const w = new Writer()
    .int16(0)
    .array(topics, (x, t) => x.string(t))
    .int32Bytes(null)
  return Buffer.from(w.buffer)
}

/** ConsumerProtocolAssignment v0: topic -> partitions. */
export function encodeAssignment(assignment: ReadonlyMap<string, readonly number[]>): Buffer {
  const w = new Writer()
    .int16(0)
    .array([...assignment], (x, [topic, partitions]) =>
      x.string(topic).array(partitions, (y, p) => y.int32(p)),
    )
    .int32Bytes(null)
  return Buffer.from(w.buffer)
}

/** ConsumerProtocolAssignment v0-v3: the partitions assigned to a member. Unreadable bytes give []. */
export function decodeAssignment(bytes: Buffer): TopicPartitionList[] {
  if (bytes.length < 2) return []
  try {
    const r = new Reader(bytes)
    r.int16()
    return readTopicPartitions(r)
  } catch {
    return []
  }
}

export interface Subscription {
  topics: string[]
  ownedPartitions: TopicPartitionList[]
  rackId: string | null
}

/** ConsumerProtocolSubscription v0-v3: what a member asked for when it joined. */
export function decodeSubscription(bytes: Buffer): Subscription {
  const empty: Subscription = { topics: [], ownedPartitions: [], rackId: null }
  if (bytes.length < 2) return empty
  try {
    const r = new Reader(bytes)
    const version = r.int16()
    const topics = r.array((x) => x.string() ?? '')
    r.bytes()
    const ownedPartitions = version >= 1 && r.remaining >= 4 ? readTopicPartitions(r) : []
    if (version >= 2 && r.remaining >= 4) r.int32()
    const rackId = version >= 3 && r.remaining >= 2 ? r.string() : null
    return { topics, ownedPartitions, rackId }
  } catch {
    return empty
  }
}

function readTopicPartitions(r: Reader): TopicPartitionList[] {
  return r.array((x) => ({ topic: x.string() ?? '', partitions: x.array((y) => y.int32()) }))
}
