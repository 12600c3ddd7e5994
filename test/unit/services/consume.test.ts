import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { KtkError } from '../../../src/core/errors.js'
import { tpKey } from '../../../src/core/group-types.js'
import type { RecordBlock } from '../../../src/core/records.js'
import type { ConsumerOptions, RecordConsumer, RecordsGateway } from '../../../src/kafka/index.js'
import { newBlock } from '../../../src/kafka/records/record-batch.js'
import { type ConsumeOptions, consumeRecords, type RecordSink } from '../../../src/services/consume.js'
import { FakeGateway, rejected } from '../../helpers/fake-gateway.js'

type Offset = { topic: string; partition: number; offset: number }

/** A block of `count` records of topic t, partition 0, from `from`: values "v<offset>". */
function block(from: number, count: number): RecordBlock {
  const b = newBlock('t', 0, count)
  const values = Array.from({ length: count }, (_, i) => `v${from + i}`)
  b.datas.push(Buffer.from(values.join('')))
  let at = 0
  for (let i = 0; i < count; i++) {
    b.offset[i] = from + i
    b.keyLength[i] = -1
    b.valueStart[i] = at
    b.valueLength[i] = values[i]!.length
    at += values[i]!.length
    b.count++
  }
  return b
}

/**
 * A consumer that hands out the given steps (a block, or an error to throw), then waits; it records
 * every commit with what had been written out at that moment.
 */
class FakeConsumer implements RecordConsumer {
  readonly assignment = [{ topic: 't', partition: 0, start: 0, end: null }]
  readonly commits: { offsets: Offset[]; writtenThen: number }[] = []
  closed = false
  failCommits: Error | undefined
  private readonly processed = new Map<string, Offset>()

  constructor(
    private readonly steps: (RecordBlock | Error)[],
    private readonly written: () => number,
  ) {}

  async poll(waitMs: number): Promise<RecordBlock | undefined | null> {
    await sleep(2)
    const step = this.steps.shift()
    if (step instanceof Error) throw step
    if (step) return step
    await sleep(Math.min(waitMs, 20))
    return undefined
  }

  markProcessed(topic: string, partition: number, offset: number): void {
    this.processed.set(`${topic}:${partition}`, { topic, partition, offset })
  }

  processedOffsets(): Offset[] {
    return [...this.processed.values()].map((o) => ({ ...o }))
  }

  async commitProcessed(): Promise<Offset[]> {
    // What is committed is taken now, before any await: compare it with what was written out now.
    const offsets = this.processedOffsets()
    this.commits.push({ offsets, writtenThen: this.written() })
    await sleep(1)
    if (this.failCommits) throw this.failCommits
    return offsets
  }

  async close(): Promise<void> {
    this.closed = true
  }
}

function setup(steps: (RecordBlock | Error)[]) {
  let writtenRecords = 0
  const consumer = new FakeConsumer(steps, () => writtenRecords)
  const opened: ConsumerOptions[] = []
  const gateway = {
    openConsumer: async (options: ConsumerOptions) => {
      opened.push(options)
      return consumer
    },
    openProducer: async () => {
      throw new Error('not used')
    },
  } as RecordsGateway
  const sink: RecordSink = {
    pipe: false,
    write: async (chunk) => {
      await sleep(1)
      writtenRecords += chunk.toString().split('\n').length - 1
      return true
    },
  }
  return { consumer, gateway, sink, opened, written: () => writtenRecords }
}

const options = (over: Partial<ConsumeOptions> = {}): ConsumeOptions => ({
  topics: ['t'],
  group: 'g',
  start: { kind: 'earliest' },
  exitAtEnd: false,
  isolationLevel: 'read_uncommitted',
  maxMessages: null,
  idleTimeoutMs: null,
  output: 'text',
  format: null,
  keyEncoding: 'utf8',
  valueEncoding: 'utf8',
  filter: { headers: [] },
  collect: false,
  maxBufferedBytes: 1 << 20,
  commitIntervalMs: 1,
  ...over,
})

const unreachable = () =>
  new KtkError('BROKER_UNREACHABLE', 'no broker answered a fetch for 5000 ms: connection refused')

describe('consumeRecords', () => {
  it('commits periodically while it runs, never ahead of what was written out', async () => {
    const steps = Array.from({ length: 30 }, (_, i) => block(i * 10, 10))
    const { consumer, gateway, sink } = setup([...steps, unreachable()])
    const { result } = await consumeRecords(gateway, options(), sink)
    // Periodic commits happened before the end, not only the last one.
    expect(consumer.commits.length).toBeGreaterThan(2)
    expect(consumer.commits.some((c) => c.offsets.length > 0 && c.offsets[0]!.offset < 300)).toBe(true)
    for (const c of consumer.commits)
      for (const o of c.offsets)
        expect(o.offset, 'a commit ahead of the output').toBeLessThanOrEqual(c.writtenThen)
    expect(result.records).toBe(300)
  })

  it('a lost cluster ends with the report of what was written and committed, beside the failure', async () => {
    const lost = unreachable()
    const { consumer, gateway, sink } = setup([block(0, 10), block(10, 10), lost])
    consumer.failCommits = new KtkError('BROKER_UNREACHABLE', 'cannot reach a broker: connection refused')
    const { result, failure } = await consumeRecords(gateway, options({ commitIntervalMs: null }), sink)
    expect(failure).toBe(lost)
    expect(result.stoppedBy).toBe('failed')
    expect(result.records).toBe(20)
    expect(result.committed).toEqual([])
    expect(result.notCommitted).toEqual([{ topic: 't', partition: 0, offset: 20 }])
    expect(result.commitError).toMatch(/connection refused/)
    expect(consumer.closed).toBe(true)
  })

  it('SIGTERM stops the loop like Ctrl-C: the last commit is exactly what was written', async () => {
    const controller = new AbortController()
    const { consumer, gateway, sink } = setup([block(0, 10), block(10, 5)])
    const run = consumeRecords(gateway, options({ commitIntervalMs: null }), sink, {
      signal: controller.signal,
    })
    while (consumer.processedOffsets()[0]?.offset !== 15) await sleep(5)
    controller.abort('SIGTERM')
    const { result, failure } = await run
    expect(failure).toBeUndefined()
    expect(result.stoppedBy).toBe('terminated')
    expect(result.committed).toEqual([{ topic: 't', partition: 0, offset: 15 }])
    expect(consumer.commits.at(-1)!.writtenThen).toBe(15)
  })

  it('a commit that fails after Ctrl-C is reported, and the stop stays an interruption', async () => {
    const controller = new AbortController()
    const { consumer, gateway, sink } = setup([block(0, 10)])
    consumer.failCommits = unreachable()
    const run = consumeRecords(gateway, options({ commitIntervalMs: null }), sink, {
      signal: controller.signal,
    })
    while (consumer.processedOffsets().length === 0) await sleep(5)
    controller.abort('SIGINT')
    const { result, failure } = await run
    expect(result.stoppedBy).toBe('interrupted')
    expect(result.notCommitted).toEqual([{ topic: 't', partition: 0, offset: 10 }])
    expect((failure as KtkError).code).toBe('BROKER_UNREACHABLE')
  })

  it('a signal while joining stops at once, and the consumer is closed once it has joined', async () => {
    const controller = new AbortController()
    const consumer = new FakeConsumer([], () => 0)
    let joined: (c: RecordConsumer) => void = () => {}
    const gateway = {
      openConsumer: () => new Promise<RecordConsumer>((resolve) => (joined = resolve)),
      openProducer: async () => {
        throw new Error('not used')
      },
    } as RecordsGateway
    const run = consumeRecords(
      gateway,
      options(),
      { pipe: false, write: async () => true },
      {
        signal: controller.signal,
      },
    )
    controller.abort('SIGTERM')
    const { result, failure } = await run
    expect(failure).toBeUndefined()
    expect(result).toMatchObject({ stoppedBy: 'terminated', records: 0, committed: [] })
    joined(consumer)
    await sleep(5)
    expect(consumer.closed).toBe(true)
  })

  it('an invalid --format is a usage error before the consumer connects or joins', async () => {
    const { gateway, sink, opened } = setup([])
    const error = await consumeRecords(gateway, options({ format: '%Z' }), sink).catch((e) => e)
    expect(error).toBeInstanceOf(KtkError)
    expect((error as KtkError).exit).toBe(2)
    expect(opened).toEqual([])
  })
})

describe('consumeRecords through the fake gateway', () => {
  function cluster() {
    const gateway = new FakeGateway()
    gateway.addTopic('orders', {
      partitions: 2,
      records: [
        ['a', 'b', 'c'],
        ['d', 'e'],
      ],
    })
    return gateway
  }
  function collect() {
    const chunks: string[] = []
    const sink: RecordSink = {
      pipe: true,
      write: async (chunk) => {
        chunks.push(chunk.toString())
        return true
      },
    }
    return { sink, text: () => chunks.join('') }
  }
  const atEnd = (over: Partial<ConsumeOptions> = {}) =>
    options({ topics: ['orders'], group: undefined, exitAtEnd: true, commitIntervalMs: null, ...over })

  it('--exit at the end: every record of every partition, each value on its line', async () => {
    const { sink, text } = collect()
    const { result, failure } = await consumeRecords(cluster(), atEnd(), sink)
    expect(failure).toBeUndefined()
    expect(text()).toBe('a\nb\nc\nd\ne\n')
    expect(result).toMatchObject({ records: 5, skipped: 0, stoppedBy: 'end', committed: [] })
    expect(result.partitions.map((p) => [p.partition, p.start, p.end, p.records, p.position])).toEqual([
      [0, 0, 3, 3, 3],
      [1, 0, 2, 2, 2],
    ])
  })

  it('-n stops after exactly N records; with a group, the commit is what was written', async () => {
    const gateway = cluster()
    const { sink, text } = collect()
    const { result } = await consumeRecords(gateway, atEnd({ group: 'g', maxMessages: 2 }), sink)
    expect(text()).toBe('a\nb\n')
    expect(result).toMatchObject({ records: 2, stoppedBy: 'max-messages' })
    expect(result.committed).toEqual([{ topic: 'orders', partition: 0, offset: 2 }])
    expect(gateway.groups.get('g')!.committed.get(tpKey('orders', 0))).toBe(2)
  })

  it('--json collects envelopes instead of writing', async () => {
    const { sink, text } = collect()
    const { result } = await consumeRecords(cluster(), atEnd({ collect: true, partitions: [1] }), sink)
    expect(text()).toBe('')
    expect(result.messages).toMatchObject([
      { topic: 'orders', partition: 1, offset: 0, value: 'd' },
      { topic: 'orders', partition: 1, offset: 1, value: 'e' },
    ])
  })

  it('a topic that does not exist fails to open (exit 4)', async () => {
    const { sink } = collect()
    expect(await rejected(consumeRecords(cluster(), atEnd({ topics: ['nope'] }), sink))).toMatchObject({
      code: 'TOPIC_NOT_FOUND',
      exit: 4,
    })
  })
})
