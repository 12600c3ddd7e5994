import { describe, expect, it } from 'vitest'
import { COMPRESSIONS, headersOf, keyBytes, valueBytes } from '../../../../src/core/records.js'
import { crc32c } from '../../../../src/kafka/protocol/crc32c.js'
import { decompress } from '../../../../src/kafka/records/compression.js'
import {
  BatchBuilder,
  batchBody,
  decodeInto,
  isCommitMarker,
  newBlock,
  scanBatches,
  setBaseSequence,
} from '../../../../src/kafka/records/record-batch.js'

describe('crc32c', () => {
  it('matches the standard check value and slicing agrees with bytewise', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff))
    for (const [start, end] of [
      [0, 1000],
      [3, 997],
      [7, 8],
      [5, 5],
    ] as const) {
      let crc = -1
      for (let i = start; i < end; i++) {
        crc ^= data[i]!
        for (let k = 0; k < 8; k++) crc = crc & 1 ? 0x82f63b78 ^ (crc >>> 1) : crc >>> 1
      }
      expect(crc32c(data, start, end)).toBe((crc ^ -1) >>> 0)
    }
  })
})

describe('record batches', () => {
  const records = [
    { key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [] },
    { key: null, value: Buffer.from([0, 255, 10, 13]), headers: [{ key: 'h', value: Buffer.from('x') }] },
    { key: Buffer.from('k3'), value: null, headers: [{ key: 'a', value: null }] },
    { key: Buffer.alloc(0), value: Buffer.alloc(300, 7), headers: [] },
  ]

  it.each(COMPRESSIONS)('encodes and decodes every field with %s', async (compression) => {
    const builder = new BatchBuilder(1024)
    records.forEach((r, i) => {
      builder.append(i + 1, r.key, r.value, r.headers, 1_700_000_000_000 + i * 10 - 5)
    })
    const batch = await builder.build({
      compression,
      producerId: 7n,
      producerEpoch: 1,
      baseSequence: 40,
      transactional: false,
    })
    expect(builder.lines).toEqual([1, 2, 3, 4])
    const [info] = scanBatches(batch, 't', 0)
    expect(info).toMatchObject({ baseOffset: 0, lastOffset: 3, count: 4, producerId: 7n, control: false })
    expect(info!.codec).toBe(COMPRESSIONS.indexOf(compression))
    const block = newBlock('t', 0, 4)
    decodeInto(block, info!, await batchBody(batch, info!), 0, Number.MAX_SAFE_INTEGER)
    expect(block.count).toBe(4)
    for (let i = 0; i < 4; i++) {
      expect(keyBytes(block, i)).toEqual(records[i]!.key)
      expect(valueBytes(block, i)).toEqual(records[i]!.value)
      expect(headersOf(block, i)).toEqual(records[i]!.headers)
      expect(block.offset[i]).toBe(i)
      expect(block.timestamp[i]).toBe(1_700_000_000_000 + i * 10 - 5)
    }
  })

  it('decodes only the offsets asked for, and rewrites sequences with a valid CRC', async () => {
    const builder = new BatchBuilder(1024)
    for (let i = 0; i < 10; i++) builder.append(i, null, Buffer.from(`v${i}`), [], 1)
    const batch = await builder.build({
      compression: 'none',
      producerId: 1n,
      producerEpoch: 0,
      baseSequence: 0,
      transactional: true,
    })
    setBaseSequence(batch, 99)
    expect(batch.readInt32BE(53)).toBe(99)
    const [info] = scanBatches(batch, 't', 0)
    expect(info!.transactional).toBe(true)
    const block = newBlock('t', 0, 10)
    decodeInto(block, info!, await batchBody(batch, info!), 3, 6)
    expect(Array.from(block.offset.subarray(0, block.count))).toEqual([3, 4, 5])
  })

  it('rejects a corrupted batch and leaves out a batch cut off at the end', async () => {
    const builder = new BatchBuilder(1024)
    builder.append(1, null, Buffer.from('value'), [], 1)
    const batch = await builder.build({
      compression: 'none',
      producerId: -1n,
      producerEpoch: -1,
      baseSequence: -1,
      transactional: false,
    })
    expect(scanBatches(batch.subarray(0, batch.length - 1), 't', 0)).toEqual([])
    const corrupt = Buffer.from(batch)
    corrupt[corrupt.length - 1] = corrupt[corrupt.length - 1]! ^ 1
    expect(() => scanBatches(corrupt, 't', 0)).toThrow(/CRC mismatch/)
  })

  it('reads commit and abort markers', () => {
    // length, attributes, timestamp delta, offset delta, key length 4, key (version 0, type)
    const marker = (type: number) => Buffer.from([20, 0, 0, 0, 8, 0, 0, 0, type, 0])
    expect(isCommitMarker(marker(1))).toBe(true)
    expect(isCommitMarker(marker(0))).toBe(false)
  })

  it('decompresses xerial-framed and raw snappy, and lz4 frames with checksums flags', async () => {
    const data = Buffer.from('hello hello hello hello hello hello '.repeat(5000))
    const { compress } = await import('../../../../src/kafka/records/compression.js')
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
      const packed = await compress(codec, data)
      expect(packed.length).toBeLessThan(data.length / 4)
      expect((await decompress(COMPRESSIONS.indexOf(codec), packed)).equals(data)).toBe(true)
    }
  })
})
