/**
 * Kafka's record batch format (magic 2; KIP-98, DefaultRecordBatch.java): where each header field is, and
 * the reading of fetched bytes: batch headers, records (decompressed), transaction markers, and the
 * timestamps of the records at given offsets (lag in time). batch-builder.ts writes the same layout.
 */
import type { RecordBlock, RecordHeader } from '../../core/records.js'
import { VarintReader } from '../../core/varint.js'
import { crc32c } from '../protocol/crc32c.js'
import { decompress } from './compression.js'

/** Byte positions of a batch header's fields, from the start of the batch; the records follow at `records`. */
export const At = {
  baseOffset: 0,
  length: 8,
  leaderEpoch: 12,
  magic: 16,
  crc: 17,
  /** The CRC covers everything from here to the end of the batch. */
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  count: 57,
  records: 61,
} as const
export const BATCH_HEADER_SIZE: number = At.records
/** Bytes a batch's length does not count (base offset, length). */
export const LOG_OVERHEAD = 12

/** Attribute bits (bits 0-2 are the compression codec). */
export const Attr = { codec: 0x07, logAppendTime: 0x08, transactional: 0x10, control: 0x20 } as const

/** A record batch's header, as found in fetched bytes. */
export interface BatchInfo {
  /** Where the batch starts and ends in the fetched bytes. */
  start: number
  end: number
  baseOffset: number
  lastOffset: number
  count: number
  codec: number
  producerId: bigint
  transactional: boolean
  control: boolean
  /** true: every record's timestamp is the broker's append time (the batch's maxTimestamp). */
  logAppendTime: boolean
  baseTimestamp: number
  maxTimestamp: number
}

/** Thrown for a batch whose CRC does not match: the data is corrupt. */
export class CorruptBatchError extends Error {}

/**
 * The record batches in one partition's fetched bytes. A batch cut off at the end (fetch size limits) is
 * left out; the next fetch starts at its offset. Strict (the consumer): CRCs are checked, and a message
 * set older than magic 2 is an error. Lenient (timestamp look-ups): neither; old message sets are skipped.
 */
export function scanBatches(
  data: Buffer,
  topic: string,
  partition: number,
  options: { lenient?: boolean } = {},
): BatchInfo[] {
  const out: BatchInfo[] = []
  let i = 0
  while (i + BATCH_HEADER_SIZE <= data.length) {
    const batchLength = data.readInt32BE(i + At.length)
    const end = i + LOG_OVERHEAD + batchLength
    if (end > data.length) break
    if (options.lenient && batchLength < BATCH_HEADER_SIZE - LOG_OVERHEAD) break
    const magic = data.readInt8(i + At.magic)
    const baseOffset = Number(data.readBigInt64BE(i + At.baseOffset))
    if (magic !== 2) {
      if (options.lenient) {
        i = end
        continue
      }
      throw new CorruptBatchError(
        `${topic}-${partition} has a record batch of magic ${magic} at offset ${baseOffset}; ktk reads magic 2 (Kafka 0.11 and later)`,
      )
    }
    if (!options.lenient && crc32c(data, i + At.attributes, end) !== data.readUInt32BE(i + At.crc)) {
      throw new CorruptBatchError(
        `CRC mismatch in the record batch at offset ${baseOffset} of ${topic}-${partition}`,
      )
    }
    const attributes = data.readInt16BE(i + At.attributes)
    out.push({
      start: i,
      end,
      baseOffset,
      lastOffset: baseOffset + data.readInt32BE(i + At.lastOffsetDelta),
      count: data.readInt32BE(i + At.count),
      codec: attributes & Attr.codec,
      producerId: data.readBigInt64BE(i + At.producerId),
      transactional: (attributes & Attr.transactional) !== 0,
      control: (attributes & Attr.control) !== 0,
      logAppendTime: (attributes & Attr.logAppendTime) !== 0,
      baseTimestamp: Number(data.readBigInt64BE(i + At.baseTimestamp)),
      maxTimestamp: Number(data.readBigInt64BE(i + At.maxTimestamp)),
    })
    i = end
  }
  return out
}

/** A batch's records section, decompressed. */
export async function batchBody(data: Buffer, batch: BatchInfo): Promise<Buffer> {
  const body = data.subarray(batch.start + BATCH_HEADER_SIZE, batch.end)
  return batch.codec === 0 ? body : decompress(batch.codec, body)
}

/** True when a control batch's marker is a commit (false: abort). */
export function isCommitMarker(body: Buffer): boolean {
  // One record: length, attributes, timestamp delta, offset delta, then the key (version int16, type int16).
  const r = new VarintReader(body)
  r.varint()
  r.pos++
  r.varlong()
  r.varint()
  r.varint()
  return body.length >= r.pos + 4 && body.readInt16BE(r.pos + 2) === 1
}

export function newBlock(topic: string, partition: number, capacity: number): RecordBlock {
  return {
    topic,
    partition,
    count: 0,
    timestampType: new Uint8Array(capacity),
    datas: [],
    data: new Uint16Array(capacity),
    offset: new Float64Array(capacity),
    timestamp: new Float64Array(capacity),
    keyStart: new Int32Array(capacity),
    keyLength: new Int32Array(capacity),
    valueStart: new Int32Array(capacity),
    valueLength: new Int32Array(capacity),
    headersStart: new Int32Array(capacity),
    headerCount: new Int32Array(capacity),
    readHeaders: decodeHeaders,
  }
}

/** Record i's headers, from its header section: a varint count, then per header a varint-length key and value. */
function decodeHeaders(b: RecordBlock, i: number): RecordHeader[] {
  const count = b.headerCount[i]!
  const buf = b.datas[b.data[i]!]!
  const r = new VarintReader(buf, b.headersStart[i]!)
  r.varint() // the count again
  const headers: RecordHeader[] = []
  for (let h = 0; h < count; h++) {
    const keyLength = r.varint()
    const key = keyLength < 0 ? '' : buf.toString('utf8', r.pos, r.pos + keyLength)
    r.pos += Math.max(0, keyLength)
    const valueLength = r.varint()
    const value = valueLength < 0 ? null : buf.subarray(r.pos, r.pos + valueLength)
    r.pos += Math.max(0, valueLength)
    headers.push({ key, value })
  }
  return headers
}

/** Decodes a batch's records with offsets in [from, until) into the block's columns. */
export function decodeInto(
  block: RecordBlock,
  batch: BatchInfo,
  body: Buffer,
  from: number,
  until: number,
): void {
  const dataIndex = block.datas.length
  block.datas.push(body)
  const r = new VarintReader(body)
  let n = block.count
  const capacity = block.offset.length
  const tsType = batch.logAppendTime ? 1 : 0
  for (let i = 0; i < batch.count && r.pos < body.length && n < capacity; i++) {
    const length = r.varint()
    const next = r.pos + length
    r.pos++ // attributes
    const timestampDelta = r.varlong()
    const offset = batch.baseOffset + r.varint()
    if (offset < from || offset >= until) {
      r.pos = next
      continue
    }
    const keyLength = r.varint()
    block.keyStart[n] = r.pos
    block.keyLength[n] = keyLength
    if (keyLength > 0) r.pos += keyLength
    const valueLength = r.varint()
    block.valueStart[n] = r.pos
    block.valueLength[n] = valueLength
    if (valueLength > 0) r.pos += valueLength
    block.headersStart[n] = r.pos
    block.headerCount[n] = r.varint()
    block.offset[n] = offset
    block.timestamp[n] = batch.logAppendTime ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta
    block.timestampType[n] = tsType
    block.data[n] = dataIndex
    n++
    r.pos = next
  }
  block.count = n
}

export interface FoundRecord {
  /** The record's offset (>= the offset asked for). */
  offset: number
  timestamp: number
  /** false when the batch's records could not be read and the batch's first timestamp stands in. */
  exact: boolean
}

/** Offsets and timestamps of a batch's records, or null when they cannot be read (an unknown codec, corrupt data). */
export async function recordTimes(
  data: Buffer,
  batch: BatchInfo,
): Promise<{ offset: number; timestamp: number }[] | null> {
  let body: Buffer
  try {
    body = await batchBody(data, batch)
  } catch {
    return null // the batch header still tells its time
  }
  // No record takes less than a byte: a count larger than the body is not believed.
  const block = newBlock('', 0, Math.min(batch.count, body.length))
  decodeInto(block, batch, body, 0, Number.MAX_SAFE_INTEGER)
  return Array.from({ length: block.count }, (_, i) => ({
    offset: block.offset[i]!,
    timestamp: block.timestamp[i]!,
  }))
}

/**
 * Decodes the data records of some batches (transaction markers are left out) once; `find(offset)` then
 * answers, by binary search, with the first record at or after the offset (offsets missing because of
 * compaction are skipped like the consumer skips them), or null when these batches hold none. A batch
 * whose records cannot be read answers for all its offsets with its first timestamp, not exact (unless
 * the timestamps are the append time, which the header holds).
 */
export async function indexRecords(
  data: Buffer,
  batches: readonly BatchInfo[],
): Promise<{ find(offset: number): FoundRecord | null }> {
  const entries: { from: number; to: number; timestamp: number; exact: boolean }[] = []
  for (const batch of batches) {
    if (batch.control) continue
    const times = await recordTimes(data, batch)
    if (times === null) {
      const timestamp = batch.logAppendTime ? batch.maxTimestamp : batch.baseTimestamp
      entries.push({ from: batch.baseOffset, to: batch.lastOffset, timestamp, exact: batch.logAppendTime })
    } else {
      for (const t of times)
        entries.push({ from: t.offset, to: t.offset, timestamp: t.timestamp, exact: true })
    }
  }
  return {
    find(offset: number): FoundRecord | null {
      let lo = 0
      let hi = entries.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (entries[mid]!.to < offset) lo = mid + 1
        else hi = mid
      }
      const e = entries[lo]
      return e ? { offset: Math.max(offset, e.from), timestamp: e.timestamp, exact: e.exact } : null
    },
  }
}
