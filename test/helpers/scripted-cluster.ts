import type { ConnectionSettings } from '../../src/core/connection-settings.js'
import { valueBytes } from '../../src/core/records.js'
import { crc32c } from '../../src/kafka/protocol/crc32c.js'
import { At, decodeInto, newBlock, scanBatches } from '../../src/kafka/records/record-batch.js'
import { KafkaSession } from '../../src/kafka/session.js'
import {
  type ScriptedAnswer,
  type ScriptedBroker,
  type ScriptedRequest,
  startScriptedBroker,
} from './scripted-broker.js'

/** A request as one broker of the cluster read it. */
export interface ClusterRequest extends ScriptedRequest {
  node: number
}

/**
 * Scripted brokers as one cluster (node ids 1..n, node 1 the seed and the coordinator): every broker
 * answers Metadata from `leaders`, which a test changes to move a partition's leadership; every other
 * request goes to `answer` with the node it reached. Frames in, frames out: the code under test runs
 * over a real KafkaSession.
 */
export interface ScriptedCluster {
  readonly brokers: ScriptedBroker[]
  /** The leader of each partition, per topic (change it to move leadership). */
  readonly leaders: Map<string, number[]>
  /** Every request but ApiVersions, in the order the brokers read them. */
  readonly requests: ClusterRequest[]
  /** The requests of one API. */
  sent(api: string): ClusterRequest[]
  /** A session bootstrapped from node 1, closed with the cluster. */
  session(timeoutMs?: number): KafkaSession
  close(): Promise<void>
}

export async function startScriptedCluster(
  nodes: number,
  leaders: Record<string, number[]>,
  answer: (request: ClusterRequest, cluster: ScriptedCluster) => ScriptedAnswer | null,
): Promise<ScriptedCluster> {
  const requests: ClusterRequest[] = []
  const brokers: ScriptedBroker[] = []
  const sessions: KafkaSession[] = []
  const cluster: ScriptedCluster = {
    brokers,
    leaders: new Map(Object.entries(leaders)),
    requests,
    sent: (api) => requests.filter((r) => r.api === api),
    session: (timeoutMs = 5000) => {
      const s = new KafkaSession(settings(brokers[0]!, timeoutMs))
      sessions.push(s)
      return s
    },
    close: async () => {
      await Promise.all(sessions.map((s) => s.close()))
      await Promise.all(brokers.map((b) => b.close()))
    },
  }
  for (let node = 1; node <= nodes; node++) {
    brokers.push(
      await startScriptedBroker((request) => {
        const seen = { ...request, node }
        requests.push(seen)
        if (request.api === 'Metadata') return { response: metadataAnswer(cluster, request) }
        return answer(seen, cluster)
      }),
    )
  }
  return cluster
}

function settings(seed: ScriptedBroker, timeoutMs: number): ConnectionSettings {
  return {
    bootstrapServers: [seed.address],
    source: 'flag',
    clientId: 'ktk-unit',
    timeoutMs,
    securityProtocol: 'PLAINTEXT',
  }
}

function metadataAnswer(cluster: ScriptedCluster, request: ScriptedRequest) {
  const asked: { name: string }[] | null = request.body.topics
  const names = asked === null ? [...cluster.leaders.keys()] : asked.map((t) => t.name)
  return {
    brokers: cluster.brokers.map((b, i) => ({ nodeId: i + 1, host: '127.0.0.1', port: b.port, rack: null })),
    clusterId: 'scripted',
    controllerId: 1,
    topics: names.map((name) => {
      const leaders = cluster.leaders.get(name)
      return {
        errorCode: leaders ? 0 : 3,
        name,
        partitions: (leaders ?? []).map((leaderId, partitionIndex) => ({
          errorCode: 0,
          partitionIndex,
          leaderId,
          replicaNodes: [leaderId],
          isrNodes: [leaderId],
        })),
      }
    }),
  }
}

/** FindCoordinator in any version: node 1 coordinates every key. */
export function coordinatorAnswer(request: ClusterRequest, cluster: ScriptedCluster) {
  const port = cluster.brokers[0]!.port
  if (request.version >= 4)
    return {
      coordinators: (request.body.coordinatorKeys as string[]).map((key) => ({
        key,
        nodeId: 1,
        host: '127.0.0.1',
        port,
        errorCode: 0,
      })),
    }
  return { errorCode: 0, nodeId: 1, host: '127.0.0.1', port }
}

/** One record batch of a Produce request, as the broker reads it. */
export interface ProducedBatch {
  node: number
  version: number
  partition: number
  producerId: bigint
  producerEpoch: number
  baseSequence: number
  transactional: boolean
  values: string[]
}

/** The record batches of one Produce request, as the broker reads them (uncompressed batches only). */
export function producedBatches(request: ClusterRequest): ProducedBatch[] {
  return request.body.topicData.flatMap(
    (topic: { partitionData: { index: number; records: Uint8Array }[] }) =>
      topic.partitionData.map((p) => {
        const data = Buffer.from(p.records)
        return {
          node: request.node,
          version: request.version,
          partition: p.index,
          producerId: data.readBigInt64BE(At.producerId),
          producerEpoch: data.readInt16BE(At.producerEpoch),
          baseSequence: data.readInt32BE(At.baseSequence),
          transactional: (data.readInt16BE(At.attributes) & 0x10) !== 0,
          values: batchValues(data),
        }
      }),
  )
}

/** Every record batch produced so far, in the order the brokers read them. */
export function allProducedBatches(cluster: ScriptedCluster): ProducedBatch[] {
  return cluster.sent('Produce').flatMap(producedBatches)
}

function batchValues(data: Buffer): string[] {
  const [batch] = scanBatches(data, 't', 0)
  if (batch?.codec !== 0) throw new Error('expected one uncompressed batch')
  const block = newBlock('t', 0, batch!.count)
  decodeInto(block, batch!, data.subarray(At.records, batch!.end), 0, Number.MAX_SAFE_INTEGER)
  return Array.from({ length: block.count }, (_, i) => valueBytes(block, i)!.toString())
}

/** A Produce answer: every partition of the request with the error code `codeOf` gives it (0: appended). */
export function produceAnswer(
  request: ClusterRequest,
  codeOf: (partition: number) => number,
  baseOffset = 0,
) {
  return {
    responses: request.body.topicData.map((t: { name: string; partitionData: { index: number }[] }) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((p) => ({
        index: p.index,
        errorCode: codeOf(p.index),
        baseOffset: BigInt(baseOffset),
      })),
    })),
  }
}

/** ListOffsets: the earliest offset (-2) is 0, any other the partition's end. */
export function listOffsetsAnswer(request: ClusterRequest, endOf: (partition: number) => number) {
  return {
    topics: request.body.topics.map(
      (t: { name: string; partitions: { partitionIndex: number; timestamp: bigint }[] }) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: 0,
          timestamp: -1n,
          offset: p.timestamp === -2n ? 0n : BigInt(endOf(p.partitionIndex)),
        })),
      }),
    ),
  }
}

/** A record of a batch written for a fetch answer: its offset within the batch, and its value. */
export interface WrittenRecord {
  offsetDelta: number
  value: string
}

export interface BatchSpec {
  baseOffset: number
  records: WrittenRecord[]
  /** Defaults to the last record's offset delta (larger: records at the end were compacted away). */
  lastOffsetDelta?: number
  producerId?: bigint
  transactional?: boolean
  /** A control batch: its one record is this transaction marker. */
  marker?: 'commit' | 'abort'
}

/** A record batch (magic 2, uncompressed) as a broker stores it, for Fetch answers. */
export function recordBatch(spec: BatchSpec): Buffer {
  const records = spec.marker ? [markerRecord(spec.marker)] : spec.records.map(dataRecord)
  const body = Buffer.concat(records)
  const header = Buffer.alloc(At.records)
  const last = spec.lastOffsetDelta ?? spec.records.at(-1)?.offsetDelta ?? 0
  header.writeBigInt64BE(BigInt(spec.baseOffset), At.baseOffset)
  header.writeInt32BE(At.records - 12 + body.length, At.length)
  header.writeInt8(2, At.magic)
  header.writeInt16BE(
    (spec.transactional || spec.marker ? 0x10 : 0) | (spec.marker ? 0x20 : 0),
    At.attributes,
  )
  header.writeInt32BE(last, At.lastOffsetDelta)
  header.writeBigInt64BE(1_700_000_000_000n, At.baseTimestamp)
  header.writeBigInt64BE(1_700_000_000_000n, At.maxTimestamp)
  header.writeBigInt64BE(spec.producerId ?? -1n, At.producerId)
  header.writeInt16BE(spec.producerId === undefined ? -1 : 0, At.producerEpoch)
  header.writeInt32BE(-1, At.baseSequence)
  header.writeInt32BE(records.length, At.count)
  const batch = Buffer.concat([header, body])
  batch.writeUInt32BE(crc32c(batch, At.attributes), At.crc)
  return batch
}

function dataRecord(record: WrittenRecord): Buffer {
  const value = Buffer.from(record.value)
  const inner = Buffer.concat([
    Buffer.from([0]), // attributes
    varint(0), // timestamp delta
    varint(record.offsetDelta),
    varint(-1), // null key
    varint(value.length),
    value,
    varint(0), // no headers
  ])
  return Buffer.concat([varint(inner.length), inner])
}

function markerRecord(marker: 'commit' | 'abort'): Buffer {
  const key = Buffer.from([0, 0, 0, marker === 'commit' ? 1 : 0])
  const value = Buffer.from([0, 0, 0, 0, 0, 0])
  const inner = Buffer.concat([
    Buffer.from([0]),
    varint(0),
    varint(0),
    varint(key.length),
    key,
    varint(value.length),
    value,
    varint(0),
  ])
  return Buffer.concat([varint(inner.length), inner])
}

/** A zigzag varint, as record fields are written. */
function varint(value: number): Buffer {
  let v = (value << 1) ^ (value >> 31)
  const bytes: number[] = []
  while ((v & ~0x7f) !== 0) {
    bytes.push((v & 0x7f) | 0x80)
    v >>>= 7
  }
  bytes.push(v)
  return Buffer.from(bytes)
}
