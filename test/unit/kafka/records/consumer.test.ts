import { afterEach, describe, expect, it } from 'vitest'
import { valueBytes } from '../../../../src/core/records.js'
import type { ConsumerOptions } from '../../../../src/kafka/gateway.js'
import { SessionConsumer } from '../../../../src/kafka/records/consumer.js'
import type { ScriptedAnswer } from '../../../helpers/scripted-broker.js'
import {
  type BatchSpec,
  type ClusterRequest,
  listOffsetsAnswer,
  recordBatch,
  type ScriptedCluster,
  startScriptedCluster,
} from '../../../helpers/scripted-cluster.js'

const NOT_LEADER_OR_FOLLOWER = 6

/** Retries without real waits. */
const FAST = { refreshDelayMs: 1, fetchRetryMs: 1, listOffsetsRetryMs: 1 }

const clusters: ScriptedCluster[] = []
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()))
})

/** What a partition's leader holds: its batches, aborted transactions, and a limit of batches per answer. */
interface PartitionLog {
  batches: BatchSpec[]
  aborted?: { producerId: bigint; firstOffset: number }[]
  batchesPerFetch?: number
}

function lastOffset(b: BatchSpec): number {
  return b.baseOffset + (b.lastOffsetDelta ?? (b.marker ? 0 : b.records.at(-1)!.offsetDelta))
}

function endOffset(log: PartitionLog): number {
  return lastOffset(log.batches.at(-1)!) + 1
}

/** Fetch: the batches from the one holding the fetch offset on (as a broker answers). */
function fetchAnswer(request: ClusterRequest, logs: PartitionLog[], codeOf: (r: ClusterRequest) => number) {
  return {
    responses: request.body.topics.map(
      (t: { topic: string; partitions: { partition: number; fetchOffset: bigint }[] }) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const log = logs[p.partition]!
          const errorCode = codeOf(request)
          const from = log.batches.filter((b) => lastOffset(b) >= Number(p.fetchOffset))
          const batches = from.slice(0, log.batchesPerFetch ?? from.length)
          return {
            partitionIndex: p.partition,
            errorCode,
            highWatermark: BigInt(endOffset(log)),
            lastStableOffset: BigInt(endOffset(log)),
            logStartOffset: 0n,
            abortedTransactions: errorCode ? null : (log.aborted ?? []),
            records: errorCode || batches.length === 0 ? null : Buffer.concat(batches.map(recordBatch)),
          }
        }),
      }),
    ),
  }
}

/** ListOffsets: earliest (-2) is 0, latest (-1) the end of the log. */
async function cluster(
  nodes: number,
  leaders: number[],
  logs: PartitionLog[],
  fetchError: (r: ClusterRequest, c: ScriptedCluster) => number = () => 0,
) {
  const c: ScriptedCluster = await startScriptedCluster(
    nodes,
    { t: leaders },
    (request, self): ScriptedAnswer => {
      if (request.api === 'ListOffsets')
        return { response: listOffsetsAnswer(request, (p) => endOffset(logs[p]!)) }
      if (request.api === 'Fetch') return { response: fetchAnswer(request, logs, (r) => fetchError(r, self)) }
      throw new Error(`unexpected ${request.api}`)
    },
  )
  clusters.push(c)
  return c
}

function options(overrides: Partial<ConsumerOptions> = {}): ConsumerOptions {
  return {
    topics: ['t'],
    start: { kind: 'earliest' },
    exitAtEnd: true,
    isolationLevel: 'read_uncommitted',
    maxBufferedBytes: 1 << 20,
    ...overrides,
  }
}

/** Polls until the consumer reaches its ends: every record as offset=value. */
async function readAll(consumer: SessionConsumer): Promise<string[]> {
  const out: string[] = []
  for (;;) {
    const block = await consumer.poll(1000)
    if (block === null) return out
    for (let i = 0; i < (block?.count ?? 0); i++) out.push(`${block!.offset[i]}=${valueBytes(block!, i)}`)
  }
}

const fetched = (c: ScriptedCluster) =>
  c
    .sent('Fetch')
    .flatMap((r) =>
      r.body.topics.flatMap((t: { partitions: { partition: number; fetchOffset: bigint }[] }) =>
        t.partitions.map((p) => `@${r.node} p${p.partition} from ${p.fetchOffset}`),
      ),
    )

const records = (baseOffset: number, ...values: string[]) => ({
  baseOffset,
  records: values.map((value, offsetDelta) => ({ offsetDelta, value })),
})

/** Two transactions by producers 9 (aborted) and 8 (committed), between plain records. */
const transactional: PartitionLog = {
  batches: [
    records(0, 'a', 'b'),
    { ...records(2, 'x1', 'x2'), producerId: 9n, transactional: true },
    { ...records(4, 'c'), producerId: 8n, transactional: true },
    { baseOffset: 5, records: [], producerId: 9n, marker: 'abort' },
    { baseOffset: 6, records: [], producerId: 8n, marker: 'commit' },
    records(7, 'd'),
  ],
  aborted: [{ producerId: 9n, firstOffset: 2 }],
}

describe('the consumer through a scripted broker connection', () => {
  it('read_committed drops the records of aborted transactions and never hands out control batches', async () => {
    const c = await cluster(1, [1], [transactional])
    const consumer = await SessionConsumer.open(
      c.session(),
      options({ isolationLevel: 'read_committed' }),
      FAST,
    )

    expect(await readAll(consumer)).toEqual(['0=a', '1=b', '4=c', '7=d'])
    // Fetch v12 at most (later versions name topics by id), read_committed.
    expect(c.sent('Fetch').map((r) => [r.version, r.body.isolationLevel])).toEqual([[12, 1]])
    // Where to start is any record's offset; where to end is the last stable offset.
    const listed = c
      .sent('ListOffsets')
      .map((r) => [r.body.isolationLevel, r.body.topics[0].partitions[0].timestamp])
    expect(listed).toEqual([
      [0, -2n],
      [0, -1n],
      [1, -1n],
    ])
    expect(fetched(c)).toEqual(['@1 p0 from 0'])
    await consumer.close()
  })

  it('read_uncommitted hands out aborted records too, but still no control batch', async () => {
    const c = await cluster(1, [1], [transactional])
    const consumer = await SessionConsumer.open(c.session(), options(), FAST)

    expect(await readAll(consumer)).toEqual(['0=a', '1=b', '2=x1', '3=x2', '4=c', '7=d'])
    expect(c.sent('Fetch').every((r) => r.body.isolationLevel === 0)).toBe(true)
    await consumer.close()
  })

  it('follows compaction gaps: the next fetch starts after the last offset of the batch, not at the next expected one', async () => {
    const compacted: PartitionLog = {
      batches: [
        // Offsets 1 and 3 were compacted away; the batch still ends at 3.
        {
          baseOffset: 0,
          records: [
            { offsetDelta: 0, value: 'a' },
            { offsetDelta: 2, value: 'c' },
          ],
          lastOffsetDelta: 3,
        },
        {
          baseOffset: 7,
          records: [
            { offsetDelta: 0, value: 'h' },
            { offsetDelta: 2, value: 'j' },
          ],
        },
      ],
      batchesPerFetch: 1,
    }
    const c = await cluster(1, [1], [compacted])
    const consumer = await SessionConsumer.open(c.session(), options(), FAST)

    expect(await readAll(consumer)).toEqual(['0=a', '2=c', '7=h', '9=j'])
    expect(fetched(c)).toEqual(['@1 p0 from 0', '@1 p0 from 4'])
    expect(consumer.assignment).toEqual([{ topic: 't', partition: 0, start: 0, end: 10 }])
    await consumer.close()
  })

  it('after NOT_LEADER_OR_FOLLOWER mid-read, refreshes metadata and fetches from the new leader where it stopped', async () => {
    const log: PartitionLog = { batches: [records(0, 'a', 'b'), records(2, 'c', 'd')], batchesPerFetch: 1 }
    const c = await cluster(2, [1], [log], (request, self) => {
      const earlier = self.sent('Fetch').filter((r) => r.node === 1).length
      if (request.node !== 1 || earlier === 1) return 0
      self.leaders.set('t', [2])
      return NOT_LEADER_OR_FOLLOWER
    })
    const consumer = await SessionConsumer.open(c.session(), options(), FAST)

    expect(await readAll(consumer)).toEqual(['0=a', '1=b', '2=c', '3=d'])
    expect(fetched(c)).toEqual(['@1 p0 from 0', '@1 p0 from 2', '@2 p0 from 2'])
    const apis = c.requests.map((r) => `${r.api}@${r.node}`)
    const refresh = apis.lastIndexOf('Metadata@1')
    expect(refresh).toBeGreaterThan(apis.indexOf('Fetch@1', apis.indexOf('Fetch@1') + 1))
    expect(refresh).toBeLessThan(apis.indexOf('Fetch@2'))
    await consumer.close()
  })
})
