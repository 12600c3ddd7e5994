import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../../src/core/byte-writer.js'
import { KtkError } from '../../../src/core/errors.js'
import { compileFilter } from '../../../src/core/record-filter.js'
import { compileFormat, VALUE_LINES } from '../../../src/core/record-format.js'
import type { RecordBlock } from '../../../src/core/records.js'
import { parseWhere } from '../../../src/core/where.js'
import { BatchBuilder } from '../../../src/kafka/records/batch-builder.js'
import { batchBody, decodeInto, newBlock, scanBatches } from '../../../src/kafka/records/record-batch.js'

async function block(
  records: { key: Buffer | null; value: Buffer | null; headers?: { key: string; value: Buffer | null }[] }[],
): Promise<RecordBlock> {
  const builder = new BatchBuilder(1024)
  records.forEach((r, i) => {
    builder.append(i, r.key, r.value, r.headers ?? [], 1000 + i)
  })
  const batch = await builder.build({
    compression: 'none',
    producerId: -1n,
    producerEpoch: -1,
    baseSequence: -1,
    transactional: false,
  })
  const [info] = scanBatches(batch, 'orders', 3)
  const b = newBlock('orders', 3, records.length)
  decodeInto(b, info!, await batchBody(batch, info!), 0, Number.MAX_SAFE_INTEGER)
  return b
}

function render(format: (b: RecordBlock, i: number, out: ByteWriter) => void, b: RecordBlock): Buffer {
  const out = new ByteWriter(16)
  for (let i = 0; i < b.count; i++) format(b, i, out)
  return Buffer.from(out.take())
}

describe('--format', () => {
  it('writes every token, escapes and raw bytes', async () => {
    const b = await block([
      {
        key: Buffer.from('k'),
        value: Buffer.from([0xff, 0x00]),
        headers: [
          { key: 'a', value: Buffer.from('1') },
          { key: 'b', value: null },
        ],
      },
      { key: null, value: null },
    ])
    const out = render(compileFormat('%t|%p|%o|%k|%v|%s|%T|%h|%K|%S|100%%\\t\\n'), b)
    expect(out).toEqual(
      Buffer.concat([
        Buffer.from('orders|3|0|k|'),
        Buffer.from([0xff, 0x00]),
        Buffer.from('|'),
        Buffer.from([0xff, 0x00]),
        Buffer.from('|1000|a=1,b=null|1|2|100%\t\n'),
        Buffer.from('orders|3|1|null|null|null|1001||-1|-1|100%\t\n'),
      ]),
    )
  })

  it('the default prints each value on a line', async () => {
    const b = await block([
      { key: null, value: Buffer.from('a'.repeat(300)) },
      { key: null, value: Buffer.from('b') },
    ])
    expect(render(VALUE_LINES, b).toString()).toBe(`${'a'.repeat(300)}\nb\n`)
  })

  it('rejects unknown tokens and escapes', () => {
    expect(() => compileFormat('%x')).toThrow(KtkError)
    expect(() => compileFormat('\\q')).toThrow(KtkError)
  })
})

describe('filters', () => {
  it('--grep matches key or value; --header-filter needs every header; --where reads JSON values', async () => {
    const b = await block([
      {
        key: Buffer.from('order-1'),
        value: Buffer.from('{"total_price":150}'),
        headers: [{ key: 'src', value: Buffer.from('web') }],
      },
      {
        key: Buffer.from('order-2'),
        value: Buffer.from('{"total_price":50}'),
        headers: [{ key: 'src', value: Buffer.from('app') }],
      },
      { key: null, value: Buffer.from('not json, order-3') },
      { key: Buffer.from('x'), value: null },
    ])
    const keep = (spec: Parameters<typeof compileFilter>[0]) => {
      const f = compileFilter(spec)!
      return Array.from({ length: b.count }, (_, i) => i).filter((i) => f(b, i))
    }
    expect(compileFilter({})).toBeNull()
    expect(keep({ grep: /order-[13]/ })).toEqual([0, 2])
    expect(keep({ headers: [{ key: 'src', value: 'web' }] })).toEqual([0])
    expect(keep({ where: parseWhere('total_price > 100') })).toEqual([0])
    expect(keep({ where: parseWhere('total_price < 100'), grep: /order/ })).toEqual([1])
  })
})
