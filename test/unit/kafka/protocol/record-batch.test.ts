import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  firstRecordAtOrAfter,
  indexRecords,
  readBatches,
  recordTimes,
} from '../../../../src/kafka/protocol/record-batch.js'

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

/** A magic-v2 record batch as the broker stores it (CRC not checked by the reader, left 0). */
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
  return Buffer.concat([header, recordsSection])
}

const T = 1_700_000_000_000

describe('record batches', () => {
  it('reads headers and record offsets and timestamps, uncompressed and gzip', () => {
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
    const batches = readBatches(data)
    expect(batches.map((b) => [b.baseOffset, b.lastOffset, b.compression])).toEqual([
      [10, 12, 0],
      [13, 14, 1],
    ])
    expect(recordTimes(batches[0]!)).toEqual([
      { offset: 10, timestamp: T },
      { offset: 11, timestamp: T + 60_000 },
      { offset: 12, timestamp: T - 5 },
    ])
    expect(recordTimes(batches[1]!)).toEqual([
      { offset: 13, timestamp: T + 1000 },
      { offset: 14, timestamp: T + 1000 + 3_000_000_000 },
    ])
    expect(firstRecordAtOrAfter(batches, 11)).toEqual({ offset: 11, timestamp: T + 60_000, exact: true })
    expect(firstRecordAtOrAfter(batches, 14)).toEqual({
      offset: 14,
      timestamp: T + 3_000_001_000,
      exact: true,
    })
    expect(firstRecordAtOrAfter(batches, 15)).toBeNull()
  })

  it('skips transaction markers and compacted-away offsets', () => {
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
    const batches = readBatches(data)
    expect(firstRecordAtOrAfter(batches, 1)).toEqual({ offset: 3, timestamp: T + 30, exact: true })
    expect(firstRecordAtOrAfter(batches, 4)).toEqual({ offset: 6, timestamp: T + 207, exact: true })
    expect(firstRecordAtOrAfter(batches, 5)).toEqual({ offset: 6, timestamp: T + 207, exact: true })
  })

  it('uses the append time for LogAppendTime batches', () => {
    const batches = readBatches(
      batch(
        0,
        T,
        [
          { offsetDelta: 0, timestampDelta: 0 },
          { offsetDelta: 1, timestampDelta: 9 },
        ],
        { logAppendTime: T + 5555 },
      ),
    )
    expect(firstRecordAtOrAfter(batches, 1)).toEqual({ offset: 1, timestamp: T + 5555, exact: true })
  })

  it('leaves out a truncated last batch, and stands in the first timestamp for codecs it cannot read', () => {
    const whole = batch(0, T, [{ offsetDelta: 0, timestampDelta: 0 }])
    const next = batch(1, T + 50, [{ offsetDelta: 0, timestampDelta: 0 }])
    expect(readBatches(Buffer.concat([whole, next.subarray(0, next.length - 3)]))).toHaveLength(1)
    const snappy = Buffer.from(batch(7, T + 9, [{ offsetDelta: 0, timestampDelta: 0 }]))
    snappy.writeInt16BE(4, 21) // zstd: not readable on Node 20 (and not zstd data anyway)
    const [b] = readBatches(snappy)
    expect(recordTimes(b!)).toBeNull()
    expect(firstRecordAtOrAfter([b!], 7)).toEqual({ offset: 7, timestamp: T + 9, exact: false })
  })
})

describe('indexRecords', () => {
  it('answers like firstRecordAtOrAfter for every offset', () => {
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
    const snappy = batch(8, T + 300, [
      { offsetDelta: 0, timestampDelta: 0 },
      { offsetDelta: 1, timestampDelta: 1 },
    ])
    snappy.writeInt16BE(4, 21) // zstd: not readable on Node 20 (and not zstd data anyway)
    const batches = readBatches(Buffer.concat([data, snappy]))
    const index = indexRecords(batches)
    for (let offset = 0; offset <= 11; offset++)
      expect(index.find(offset), `offset ${offset}`).toEqual(firstRecordAtOrAfter(batches, offset))
    expect(index.find(9)).toEqual({ offset: 9, timestamp: T + 300, exact: false })
  })
})
