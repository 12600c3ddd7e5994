import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { COMPRESSIONS, headersOf, keyBytes, valueBytes } from '../../../../src/core/records.js'
import { crc32c, crc32cTable } from '../../../../src/kafka/protocol/crc32c.js'
import native from '../../../../src/kafka/protocol/native-crc32c.cjs'
import { BatchBuilder, setBaseSequence } from '../../../../src/kafka/records/batch-builder.js'
import { decompress } from '../../../../src/kafka/records/compression.js'
import {
  batchBody,
  decodeInto,
  indexRecords,
  isCommitMarker,
  newBlock,
  recordTimes,
  scanBatches,
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

  it('the native (hardware) and the table-driven code agree, on views at any offset', () => {
    // This platform (linux-x64) has @node-rs/crc32's binary: crc32c takes the native path for 1 KiB and up.
    expect(native.crc32c).not.toBeNull()
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 131 + (i >> 7)) & 0xff))
    const view = data.subarray(13)
    for (const [start, end] of [
      [0, 70_000],
      [1, 65_537],
      [4093, 5117],
      [100, 1123],
      [9, 1030],
    ] as const) {
      expect(crc32c(data, start, end)).toBe(crc32cTable(data, start, end))
      expect(crc32c(view, start, end - 13)).toBe(crc32cTable(view, start, end - 13))
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

// Timestamp look-ups (lag in time) read batches as the broker stores them, written here by hand so that
// they can hold what ktk's own producer never writes: offset gaps (compaction), markers, LogAppendTime.
function varint(n: number): number[] {
  let z = n >= 0 ? n * 2 : -n * 2 - 1
  const out: number[] = []
  do {
    let byte = z % 128
    z = Math.floor(z / 128)
    if (z > 0) byte |= 0x80
    out.push(byte)
  } while (z > 0)
  return out
}

interface Rec {
  offsetDelta: number
  timestampDelta: number
  value?: string
}

/** A magic-v2 record batch as the broker stores it, CRC included. */
function batch(
  baseOffset: number,
  baseTimestamp: number,
  records: Rec[],
  options: { gzip?: boolean; control?: boolean; logAppendTime?: number; lastOffsetDelta?: number } = {},
): Buffer {
  const body = Buffer.concat(
    records.map((r) => {
      const value = Buffer.from(r.value ?? 'v')
      const inner = Buffer.from([
        0, // attributes
        ...varint(r.timestampDelta),
        ...varint(r.offsetDelta),
        ...varint(-1), // null key
        ...varint(value.length),
        ...value,
        ...varint(0), // headers
      ])
      return Buffer.concat([Buffer.from(varint(inner.length)), inner])
    }),
  )
  const recordsSection = options.gzip ? gzipSync(body) : body
  const header = Buffer.alloc(61)
  const lastOffsetDelta = options.lastOffsetDelta ?? Math.max(...records.map((r) => r.offsetDelta), 0)
  header.writeBigInt64BE(BigInt(baseOffset), 0)
  header.writeInt32BE(49 + recordsSection.length, 8)
  header.writeInt32BE(0, 12)
  header.writeInt8(2, 16)
  let attributes = options.gzip ? 1 : 0
  if (options.logAppendTime !== undefined) attributes |= 0x08
  if (options.control) attributes |= 0x20 | 0x10
  header.writeInt16BE(attributes, 21)
  header.writeInt32BE(lastOffsetDelta, 23)
  header.writeBigInt64BE(BigInt(baseTimestamp), 27)
  const maxTs = options.logAppendTime ?? baseTimestamp + Math.max(...records.map((r) => r.timestampDelta), 0)
  header.writeBigInt64BE(BigInt(maxTs), 35)
  header.writeBigInt64BE(-1n, 43)
  header.writeInt16BE(-1, 51)
  header.writeInt32BE(-1, 53)
  header.writeInt32BE(records.length, 57)
  const whole = Buffer.concat([header, recordsSection])
  whole.writeUInt32BE(crc32c(whole, 21), 17)
  return whole
}

const T = 1_700_000_000_000
const lenient = (data: Buffer) => scanBatches(data, 't', 0, { lenient: true })
const find = async (data: Buffer, offset: number) => (await indexRecords(data, lenient(data))).find(offset)

describe('record timestamps at offsets (lag in time)', () => {
  it('reads headers and record offsets and timestamps, uncompressed and gzip', async () => {
    const data = Buffer.concat([
      batch(10, T, [
        { offsetDelta: 0, timestampDelta: 0 },
        { offsetDelta: 1, timestampDelta: 60_000 },
        { offsetDelta: 2, timestampDelta: -5 },
      ]),
      batch(
        13,
        T + 1000,
        [
          { offsetDelta: 0, timestampDelta: 0 },
          { offsetDelta: 1, timestampDelta: 3_000_000_000 },
        ],
        { gzip: true },
      ),
    ])
    const batches = lenient(data)
    expect(batches.map((b) => [b.baseOffset, b.lastOffset, b.codec])).toEqual([
      [10, 12, 0],
      [13, 14, 1],
    ])
    // Lenient and strict reading agree on well-formed batches.
    expect(scanBatches(data, 't', 0)).toEqual(batches)
    expect(await recordTimes(data, batches[0]!)).toEqual([
      { offset: 10, timestamp: T },
      { offset: 11, timestamp: T + 60_000 },
      { offset: 12, timestamp: T - 5 },
    ])
    expect(await recordTimes(data, batches[1]!)).toEqual([
      { offset: 13, timestamp: T + 1000 },
      { offset: 14, timestamp: T + 1000 + 3_000_000_000 },
    ])
    expect(await find(data, 11)).toEqual({ offset: 11, timestamp: T + 60_000, exact: true })
    expect(await find(data, 14)).toEqual({ offset: 14, timestamp: T + 3_000_001_000, exact: true })
    expect(await find(data, 15)).toBeNull()
  })

  it('skips transaction markers and compacted-away offsets', async () => {
    const data = Buffer.concat([
      batch(
        0,
        T,
        [
          { offsetDelta: 0, timestampDelta: 0 },
          { offsetDelta: 3, timestampDelta: 30 },
        ],
        {
          lastOffsetDelta: 4,
        },
      ),
      batch(5, T + 100, [{ offsetDelta: 0, timestampDelta: 0 }], { control: true }),
      batch(6, T + 200, [{ offsetDelta: 0, timestampDelta: 7 }]),
    ])
    expect(await find(data, 1)).toEqual({ offset: 3, timestamp: T + 30, exact: true })
    expect(await find(data, 4)).toEqual({ offset: 6, timestamp: T + 207, exact: true })
    expect(await find(data, 5)).toEqual({ offset: 6, timestamp: T + 207, exact: true })
  })

  it('uses the append time for LogAppendTime batches', async () => {
    const data = batch(
      0,
      T,
      [
        { offsetDelta: 0, timestampDelta: 0 },
        { offsetDelta: 1, timestampDelta: 9 },
      ],
      { logAppendTime: T + 5555 },
    )
    expect(await find(data, 1)).toEqual({ offset: 1, timestamp: T + 5555, exact: true })
  })

  it('leaves out a truncated last batch, and stands in the first timestamp for records it cannot read', async () => {
    const whole = batch(0, T, [{ offsetDelta: 0, timestampDelta: 0 }])
    const next = batch(1, T + 50, [{ offsetDelta: 0, timestampDelta: 0 }])
    expect(lenient(Buffer.concat([whole, next.subarray(0, next.length - 3)]))).toHaveLength(1)
    const garbled = Buffer.from(batch(7, T + 9, [{ offsetDelta: 0, timestampDelta: 0 }]))
    garbled.writeInt16BE(4, 21) // says zstd, but the records are not zstd data
    const [b] = lenient(garbled)
    expect(await recordTimes(garbled, b!)).toBeNull()
    expect(await find(garbled, 7)).toEqual({ offset: 7, timestamp: T + 9, exact: false })
  })

  it('reads every codec, zstd included, from batches ktk writes', async () => {
    for (const compression of COMPRESSIONS) {
      const builder = new BatchBuilder(1024)
      for (let i = 0; i < 5; i++) builder.append(i, null, Buffer.from(`value ${i}`), [], T + i * 1000)
      const data = await builder.build({
        compression,
        producerId: -1n,
        producerEpoch: -1,
        baseSequence: -1,
        transactional: false,
      })
      expect(await find(data, 3), compression).toEqual({ offset: 3, timestamp: T + 3000, exact: true })
    }
  })

  it('is lenient where the consumer is strict: a bad CRC is read, an old message set is skipped', async () => {
    const good = batch(3, T, [{ offsetDelta: 0, timestampDelta: 4 }])
    const badCrc = Buffer.from(good)
    badCrc.writeUInt32BE(0, 17)
    expect(() => scanBatches(badCrc, 't', 0)).toThrow(/CRC mismatch/)
    expect(await find(badCrc, 3)).toEqual({ offset: 3, timestamp: T + 4, exact: true })
    const old = Buffer.from(batch(0, T - 1, [{ offsetDelta: 0, timestampDelta: 0 }]))
    old.writeInt8(1, 16) // magic 1: a message set from before Kafka 0.11
    expect(() => scanBatches(old, 't', 0)).toThrow(/magic 1/)
    expect(lenient(Buffer.concat([old, good])).map((b) => b.baseOffset)).toEqual([3])
  })
})

describe('indexRecords', () => {
  it('answers for every offset: the first data record at or after it', async () => {
    const data = Buffer.concat([
      batch(
        0,
        T,
        [
          { offsetDelta: 0, timestampDelta: 0 },
          { offsetDelta: 3, timestampDelta: 30 },
        ],
        { lastOffsetDelta: 4 },
      ),
      batch(5, T + 100, [{ offsetDelta: 0, timestampDelta: 0 }], { control: true }),
      batch(
        6,
        T + 200,
        [
          { offsetDelta: 0, timestampDelta: 7 },
          { offsetDelta: 1, timestampDelta: 9 },
        ],
        { gzip: true },
      ),
    ])
    const garbled = batch(8, T + 300, [
      { offsetDelta: 0, timestampDelta: 0 },
      { offsetDelta: 1, timestampDelta: 1 },
    ])
    garbled.writeInt16BE(4, 21) // says zstd, but the records are not zstd data
    const all = Buffer.concat([data, garbled])
    const index = await indexRecords(all, lenient(all))
    const exact = (offset: number, timestamp: number) => ({ offset, timestamp, exact: true })
    const expected = [
      exact(0, T),
      exact(3, T + 30),
      exact(3, T + 30),
      exact(3, T + 30),
      exact(6, T + 207),
      exact(6, T + 207),
      exact(6, T + 207),
      exact(7, T + 209),
      { offset: 8, timestamp: T + 300, exact: false },
      { offset: 9, timestamp: T + 300, exact: false },
      null,
      null,
    ]
    for (let offset = 0; offset <= 11; offset++)
      expect(index.find(offset), `offset ${offset}`).toEqual(expected[offset])
  })
})
