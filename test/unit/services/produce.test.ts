import { describe, expect, it } from 'vitest'
import type { LineModeOptions } from '../../../src/core/line-input.js'
import {
  type ProduceOptions,
  type ProduceResult,
  produceFailure,
  produceRecords,
} from '../../../src/services/produce.js'
import { FakeGateway, type FakeProducer, rejected } from '../../helpers/fake-gateway.js'

const result = (over: Partial<ProduceResult>): ProduceResult => ({
  topic: 'orders',
  records: 3,
  acknowledged: 3,
  notAcknowledged: 0,
  bytes: 3,
  durationMs: 10,
  recordsPerSecond: 300,
  megabytesPerSecond: 0,
  acks: 'all',
  idempotent: true,
  compression: 'none',
  partitions: [],
  failures: [],
  transaction: null,
  interrupted: false,
  signal: null,
  linesRead: 3,
  invalidLines: 0,
  ...over,
})

const invalid = {
  lines: '2',
  count: 1,
  partition: null,
  written: 'no' as const,
  reason: 'invalid envelope: unknown field "valeu"',
}

describe('produceFailure: the exit code follows the cause', () => {
  it('SIGTERM is 143 (TERMINATED), Ctrl-C 130, even when every record read was acknowledged', () => {
    expect(produceFailure(result({ interrupted: true, signal: 'SIGTERM' }))).toMatchObject({
      code: 'TERMINATED',
      exit: 143,
      message: 'terminated (SIGTERM): 0 of 3 records read were not acknowledged',
    })
    expect(produceFailure(result({ interrupted: true, signal: 'SIGINT' }))).toMatchObject({
      code: 'INTERRUPTED',
      exit: 130,
    })
  })

  it('input lines that are not records are exit 2, naming the lines; a timeout still wins', () => {
    const bad = result({ acknowledged: 2, notAcknowledged: 1, invalidLines: 1, failures: [invalid] })
    expect(produceFailure(bad)).toMatchObject({
      code: 'USAGE',
      exit: 2,
      message: '1 of 3 records were not acknowledged (lines 2)',
    })
    const timedOut = {
      ...invalid,
      lines: '3',
      partition: 0,
      written: 'unknown' as const,
      reason: 'partition 0 did not acknowledge within 1000 ms',
    }
    expect(
      produceFailure({ ...bad, acknowledged: 1, notAcknowledged: 2, failures: [invalid, timedOut] }),
    ).toMatchObject({ code: 'TIMEOUT', exit: 7 })
  })

  it('nothing to report is no failure', () => {
    expect(produceFailure(result({}))).toBeNull()
  })
})

describe('produceRecords through the fake gateway', () => {
  const lineMode: LineModeOptions = {
    keySeparator: Buffer.from(':'),
    fixedKey: null,
    nullValue: false,
    headers: [],
    keyEncoding: 'utf8',
    valueEncoding: 'utf8',
  }
  const options = (over: Partial<ProduceOptions> = {}): ProduceOptions => ({
    topic: 'orders',
    acks: 'all',
    idempotent: true,
    transactionalId: null,
    transactionTimeoutMs: 60_000,
    compression: 'none',
    batchBytes: 16_384,
    lingerMs: 0,
    maxBufferedBytes: 1 << 20,
    requestTimeoutMs: 1000,
    deliveryTimeoutMs: 1000,
    input: 'lines',
    lineMode,
    keyEncoding: 'utf8',
    valueEncoding: 'utf8',
    ...over,
  })
  async function* chunks(...parts: string[]): AsyncIterable<Buffer> {
    for (const p of parts) yield Buffer.from(p)
  }
  const input = (...parts: string[]) => ({ chunks: chunks(...parts), totalBytes: null })

  function cluster(partitions = 2) {
    const gateway = new FakeGateway()
    gateway.addTopic('orders', { partitions })
    return gateway
  }
  const values = (gateway: FakeGateway, partition: number) =>
    gateway.partition('orders', partition).records.map((r) => `${r.key}:${r.value}`)

  it('writes every line (split across chunks) and accounts for it per partition', async () => {
    const gateway = cluster()
    const result = await produceRecords(gateway, options(), input('a:1\nb:', '2\nc:3\n'))
    expect(result).toMatchObject({
      topic: 'orders',
      records: 3,
      acknowledged: 3,
      notAcknowledged: 0,
      bytes: 6,
      linesRead: 3,
    })
    expect(result.partitions).toEqual([
      { partition: 0, records: 2, firstOffset: 0, lastOffset: 1 },
      { partition: 1, records: 1, firstOffset: 0, lastOffset: 0 },
    ])
    expect(values(gateway, 0)).toEqual(['a:1', 'c:3'])
    expect(produceFailure(result)).toBeNull()
  })

  it('a line that is not a record is reported by line number and never produced (exit 2)', async () => {
    const gateway = cluster(1)
    const result = await produceRecords(
      gateway,
      options({ input: 'jsonl' }),
      input('{"value":"x"}\n{"valeu":"y"}\n'),
    )
    expect(result).toMatchObject({ records: 2, acknowledged: 1, invalidLines: 1 })
    expect(result.failures).toEqual([
      {
        lines: '2',
        count: 1,
        partition: null,
        written: 'no',
        reason: expect.stringMatching(/^invalid envelope: /),
      },
    ])
    expect(produceFailure(result)).toMatchObject({ code: 'USAGE', exit: 2 })
  })

  it('records a partition refuses are listed as not acknowledged, by line ranges', async () => {
    const gateway = cluster()
    const opened: FakeProducer[] = []
    const open = gateway.openProducer.bind(gateway)
    gateway.openProducer = async (o) => {
      const producer = (await open(o)) as FakeProducer
      producer.failPartitions.set(1, 'not authorized to WRITE topic "orders"')
      opened.push(producer)
      return producer
    }
    const result = await produceRecords(gateway, options(), input('a:1\nb:2\nc:3\nd:4\n'))
    expect(result.failures).toEqual([
      {
        lines: '2,4',
        count: 2,
        partition: 1,
        written: 'no',
        reason: 'not authorized to WRITE topic "orders"',
      },
    ])
    expect(produceFailure(result)).toMatchObject({ code: 'AUTHORIZATION_FAILED', exit: 6 })
  })

  it('a transaction commits when every record was acknowledged, and aborts (nothing visible) otherwise', async () => {
    const gateway = cluster(1)
    const committed = await produceRecords(gateway, options({ transactionalId: 'tx' }), input('a:1\n'))
    expect(committed.transaction).toEqual({ id: 'tx', outcome: 'committed' })
    const aborted = await produceRecords(
      gateway,
      options({ transactionalId: 'tx', input: 'jsonl' }),
      input('{"value":"ok"}\nnot json\n'),
    )
    expect(aborted.transaction).toEqual({ id: 'tx', outcome: 'aborted' })
    expect(aborted).toMatchObject({ acknowledged: 0, bytes: 0, partitions: [] })
    expect(aborted.failures.map((f) => [f.lines, f.reason])).toContainEqual([
      '1',
      'acknowledged, then the transaction was aborted',
    ])
  })

  it('a producer the cluster refuses says nothing was written', async () => {
    const gateway = cluster()
    const error = await rejected(produceRecords(gateway, options({ topic: 'nope' }), input('a:1\n')))
    expect(error).toMatchObject({ code: 'TOPIC_NOT_FOUND', exit: 4 })
    expect(error.hints).toContain('nothing was written: no input was read')
  })

  it('an abort stops reading: the result says interrupted, by which signal, and how far it read', async () => {
    const gateway = cluster(1)
    const stop = new AbortController()
    async function* endless(): AsyncIterable<Buffer> {
      yield Buffer.from('a:1\nb:2\n')
      stop.abort('SIGTERM')
      yield Buffer.from('c:3\n')
      await new Promise(() => {})
    }
    const result = await produceRecords(
      gateway,
      options(),
      { chunks: endless(), totalBytes: null },
      { signal: stop.signal },
    )
    // The fake sends on flush: what was queued when the signal came is reported as not sent.
    expect(result).toMatchObject({
      interrupted: true,
      signal: 'SIGTERM',
      records: 2,
      linesRead: 2,
      acknowledged: 0,
    })
    expect(result.failures).toEqual([
      { lines: '1-2', count: 2, partition: 0, written: 'no', reason: 'not sent: stopped' },
    ])
    expect(produceFailure(result)).toMatchObject({ code: 'TERMINATED', exit: 143 })
  })

  it('an input that fails is thrown after what was read is flushed', async () => {
    const gateway = cluster(1)
    async function* broken(): AsyncIterable<Buffer> {
      yield Buffer.from('a:1\n')
      throw new Error('EIO: cannot read')
    }
    await expect(produceRecords(gateway, options(), { chunks: broken(), totalBytes: null })).rejects.toThrow(
      'EIO',
    )
    expect(values(gateway, 0)).toEqual([])
  })
})
