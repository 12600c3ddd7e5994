import { afterEach, describe, expect, it } from 'vitest'
import type { DeliveryReport, ProducerOptions } from '../../../../src/kafka/gateway.js'
import { SessionProducer } from '../../../../src/kafka/records/producer.js'
import type { ScriptedAnswer } from '../../../helpers/scripted-broker.js'
import {
  allProducedBatches,
  type ClusterRequest,
  coordinatorAnswer,
  type ProducedBatch,
  produceAnswer,
  producedBatches,
  type ScriptedCluster,
  startScriptedCluster,
} from '../../../helpers/scripted-cluster.js'

const NOT_LEADER_OR_FOLLOWER = 6
const MESSAGE_TOO_LARGE = 10
const OUT_OF_ORDER_SEQUENCE_NUMBER = 45
const DUPLICATE_SEQUENCE_NUMBER = 46
const INVALID_PRODUCER_EPOCH = 47

/** Retries without real waits. */
const FAST = { refreshDelayMs: 1, retryBackoffMs: 1, retryPollMs: 1 }

const clusters: ScriptedCluster[] = []
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()))
})

/**
 * A partition's log as an idempotent broker keeps it: a batch at the expected sequence is appended, one
 * past it is out of order, one before it a duplicate. `refuse` injects an error before that check.
 */
class PartitionLog {
  readonly values: string[] = []
  private expected = 0

  append(batch: ProducedBatch): number {
    if (batch.baseSequence > this.expected) return OUT_OF_ORDER_SEQUENCE_NUMBER
    if (batch.baseSequence < this.expected) return DUPLICATE_SEQUENCE_NUMBER
    this.values.push(...batch.values)
    this.expected += batch.values.length
    return 0
  }
}

type Refusal = (batch: ProducedBatch, request: ClusterRequest) => number

/** Brokers that keep one log per partition, answer InitProducerId and transactions on node 1. */
async function cluster(nodes: number, partitions: number[], refuse: Refusal = () => 0) {
  const logs = partitions.map(() => new PartitionLog())
  const c = await startScriptedCluster(nodes, { t: partitions }, (request, self) =>
    brokerAnswer(request, self, logs, refuse),
  )
  clusters.push(c)
  return { cluster: c, logs }
}

function brokerAnswer(
  request: ClusterRequest,
  self: ScriptedCluster,
  logs: PartitionLog[],
  refuse: Refusal,
): ScriptedAnswer | null {
  switch (request.api) {
    case 'FindCoordinator':
      return { response: coordinatorAnswer(request, self) }
    case 'InitProducerId':
      return { response: { errorCode: 0, producerId: 4242n, producerEpoch: 7 } }
    case 'AddPartitionsToTxn':
      return { response: addPartitionsAnswer(request) }
    case 'EndTxn':
      return { response: { errorCode: 0 } }
    case 'Produce': {
      const codes = new Map(
        producedBatches(request).map((b) => [
          b.partition,
          refuse(b, request) || logs[b.partition]!.append(b),
        ]),
      )
      return { response: produceAnswer(request, (p) => codes.get(p)!) }
    }
    default:
      throw new Error(`unexpected ${request.api}`)
  }
}

function addPartitionsAnswer(request: ClusterRequest) {
  const topics: { name: string; partitions: number[] }[] = request.body.v3AndBelowTopics
  return {
    resultsByTopicV3AndBelow: topics.map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: 0 })),
    })),
  }
}

function options(reports: DeliveryReport[], overrides: Partial<ProducerOptions> = {}): ProducerOptions {
  return {
    topic: 't',
    acks: 'all',
    idempotent: true,
    transactionalId: null,
    transactionTimeoutMs: 60_000,
    compression: 'none',
    batchBytes: 16_384,
    lingerMs: 0,
    maxBufferedBytes: 1 << 20,
    requestTimeoutMs: 5_000,
    deliveryTimeoutMs: 30_000,
    onDelivery: (report) => reports.push(report),
    ...overrides,
  }
}

/** Sends each value as a record (no key) to the partition, then flushes. */
async function produce(producer: SessionProducer, partition: number, values: string[]): Promise<void> {
  values.forEach((value, i) => {
    producer.send({ line: i + 1, key: null, value: Buffer.from(value), headers: [], partition })
  })
  await producer.flush()
}

/** Only the first time a batch reaches a broker: refused with this code. */
function firstAttempt(code: number): Refusal {
  let refused = false
  return () => {
    if (refused) return 0
    refused = true
    return code
  }
}

const summary = (b: ProducedBatch) =>
  `@${b.node} p${b.partition} seq ${b.baseSequence} [${b.values.join(',')}]`

describe('the producer through a scripted broker connection', () => {
  it('retries NOT_LEADER_OR_FOLLOWER at the new leader after a metadata refresh, with the same sequence', async () => {
    const { cluster: c, logs } = await cluster(2, [1], (_batch, request) => {
      if (request.node !== 1) return 0
      c.leaders.set('t', [2])
      return NOT_LEADER_OR_FOLLOWER
    })
    const reports: DeliveryReport[] = []
    const producer = await SessionProducer.open(c.session(), options(reports), FAST)
    await produce(producer, 0, ['a', 'b'])

    expect(allProducedBatches(c).map(summary)).toEqual(['@1 p0 seq 0 [a,b]', '@2 p0 seq 0 [a,b]'])
    const apis = c.requests.map((r) => r.api)
    expect(apis.lastIndexOf('Metadata')).toBeGreaterThan(apis.indexOf('Produce'))
    expect(apis.lastIndexOf('Metadata')).toBeLessThan(apis.lastIndexOf('Produce'))
    expect(new Set(allProducedBatches(c).map((b) => `${b.producerId}/${b.producerEpoch}`))).toEqual(
      new Set(['4242/7']),
    )
    // The newest version ktk and the broker share (ktk stops at v11), acks=all.
    expect(c.sent('Produce').map((r) => [r.version, r.body.acks])).toEqual([
      [11, -1],
      [11, -1],
    ])
    expect(logs[0]!.values).toEqual(['a', 'b'])
    expect(reports).toEqual([
      { partition: 0, lines: [1, 2], bytes: 2, baseOffset: 0, error: null, written: 'yes' },
    ])
  })

  it('resends batches after a retriable failure in their order, each with its first sequence', async () => {
    const { cluster: c, logs } = await cluster(1, [1], firstAttempt(NOT_LEADER_OR_FOLLOWER))
    const reports: DeliveryReport[] = []
    // Batches of one record each, all in flight at once: the first fails, the broker refuses the
    // others as out of order until the first is in.
    const producer = await SessionProducer.open(c.session(), options(reports, { batchBytes: 1 }), FAST)
    await produce(producer, 0, ['a', 'b', 'c'])

    const batches = allProducedBatches(c)
    const sequenceOf = new Map<string, Set<number>>()
    for (const b of batches) {
      const seen = sequenceOf.get(b.values[0]!) ?? new Set()
      sequenceOf.set(b.values[0]!, seen.add(b.baseSequence))
    }
    expect(sequenceOf).toEqual(
      new Map([
        ['a', new Set([0])],
        ['b', new Set([1])],
        ['c', new Set([2])],
      ]),
    )
    expect(batches.filter((b) => b.values[0] === 'a').length).toBe(2)
    expect(logs[0]!.values).toEqual(['a', 'b', 'c'])
    expect(reports.map((r) => [r.lines, r.written])).toEqual([
      [[1], 'yes'],
      [[2], 'yes'],
      [[3], 'yes'],
    ])
  })

  it('splits a batch the broker refuses as too large and delivers every record once', async () => {
    const { cluster: c, logs } = await cluster(1, [1], (batch) =>
      batch.values.length > 2 ? MESSAGE_TOO_LARGE : 0,
    )
    const reports: DeliveryReport[] = []
    const producer = await SessionProducer.open(c.session(), options(reports), FAST)
    await produce(producer, 0, ['a', 'b', 'c', 'd'])

    expect(allProducedBatches(c).map(summary)).toEqual([
      '@1 p0 seq 0 [a,b,c,d]',
      '@1 p0 seq 0 [a,b]',
      '@1 p0 seq 2 [c,d]',
    ])
    expect(logs[0]!.values).toEqual(['a', 'b', 'c', 'd'])
    expect(reports.map((r) => [r.lines, r.written, r.error])).toEqual([
      [[1, 2], 'yes', null],
      [[3, 4], 'yes', null],
    ])
  })

  it('continues the sequence at the new leader after a leader change, with the same producer id and epoch', async () => {
    let moved = false
    const { cluster: c, logs } = await cluster(2, [1], (_batch, request) =>
      moved && request.node === 1 ? NOT_LEADER_OR_FOLLOWER : 0,
    )
    const reports: DeliveryReport[] = []
    const producer = await SessionProducer.open(c.session(), options(reports), FAST)
    await produce(producer, 0, ['a', 'b'])
    moved = true
    c.leaders.set('t', [2])
    await produce(producer, 0, ['c'])

    expect(allProducedBatches(c).map(summary)).toEqual([
      '@1 p0 seq 0 [a,b]',
      '@1 p0 seq 2 [c]',
      '@2 p0 seq 2 [c]',
    ])
    expect(new Set(allProducedBatches(c).map((b) => `${b.producerId}/${b.producerEpoch}`))).toEqual(
      new Set(['4242/7']),
    )
    expect(c.sent('InitProducerId')).toHaveLength(1)
    expect(logs[0]!.values).toEqual(['a', 'b', 'c'])
    expect(reports.every((r) => r.written === 'yes')).toBe(true)
  })

  it('aborts a transaction with EndTxn committed=false; the fenced partition reports nothing delivered', async () => {
    const { cluster: c, logs } = await cluster(1, [1, 1], (batch) =>
      batch.partition === 1 ? INVALID_PRODUCER_EPOCH : 0,
    )
    const reports: DeliveryReport[] = []
    const failed: number[] = []
    const producer = await SessionProducer.open(
      c.session(),
      options(reports, { transactionalId: 'tx', onPartitionFailed: (p) => failed.push(p) }),
      FAST,
    )
    producer.send({ line: 1, key: null, value: Buffer.from('a'), headers: [], partition: 0 })
    producer.send({ line: 2, key: null, value: Buffer.from('b'), headers: [], partition: 1 })
    await producer.flush()
    producer.send({ line: 3, key: null, value: Buffer.from('c'), headers: [], partition: 1 })
    await producer.flush()
    await producer.endTransaction(false)

    const apis = c.requests.map((r) => r.api).filter((a) => a !== 'Metadata')
    expect(apis.slice(0, 3)).toEqual(['FindCoordinator', 'InitProducerId', 'AddPartitionsToTxn'])
    expect(apis.at(-1)).toBe('EndTxn')
    expect(c.sent('InitProducerId')[0]!.body.transactionalId).toBe('tx')
    expect(c.sent('AddPartitionsToTxn')[0]!.body.v3AndBelowTopics).toEqual([
      { name: 't', partitions: [0, 1] },
    ])
    expect(c.sent('Produce').every((r) => r.body.transactionalId === 'tx')).toBe(true)
    expect(allProducedBatches(c).every((b) => b.transactional)).toBe(true)
    const endTxn = c.sent('EndTxn')
    expect(endTxn).toHaveLength(1)
    expect(endTxn[0]!.body).toMatchObject({
      transactionalId: 'tx',
      producerId: 4242n,
      producerEpoch: 7,
      committed: false,
    })
    expect(failed).toEqual([1])
    expect(logs[1]!.values).toEqual([])
    const partition1 = reports.filter((r) => r.partition === 1)
    expect(partition1.map((r) => [r.lines, r.written])).toEqual([
      [[2], 'no'],
      [[3], 'no'],
    ])
    expect(
      partition1.every((r) => r.baseOffset === null && r.error?.includes('INVALID_PRODUCER_EPOCH')),
    ).toBe(true)
  })

  it('gives up after the delivery timeout with a report that names the error code', async () => {
    const { cluster: c, logs } = await cluster(1, [1], () => NOT_LEADER_OR_FOLLOWER)
    const reports: DeliveryReport[] = []
    const failures: Error[] = []
    const producer = await SessionProducer.open(
      c.session(),
      options(reports, { deliveryTimeoutMs: 50, onPartitionFailed: (_, e) => failures.push(e) }),
      FAST,
    )
    await produce(producer, 0, ['a'])

    expect(c.sent('Produce').length).toBeGreaterThan(1)
    expect(allProducedBatches(c).every((b) => b.baseSequence === 0)).toBe(true)
    expect(logs[0]!.values).toEqual([])
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ lines: [1], baseOffset: null, written: 'no' })
    expect(reports[0]!.error).toBe(
      'partition 0 did not acknowledge within 50 ms (produce to partition 0: NOT_LEADER_OR_FOLLOWER)',
    )
    expect(failures.map((e) => e.message)).toEqual([reports[0]!.error])
  })
})
