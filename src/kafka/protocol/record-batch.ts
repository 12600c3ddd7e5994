/**
 * Just enough of Kafka's record batch format (magic v2, KIP-98) to find a record's offset and timestamp:
 * batch headers always, record bodies when their codec can be read (none, gzip, snappy, lz4; zstd on
 * Node versions whose zlib has it). Other batches are read from their headers alone.
 */
import { decompress } from './compression.js'

export interface BatchHeader {
  baseOffset: number
  lastOffset: number
  compression: number
  /** true: every record's timestamp is the broker's append time (the batch's maxTimestamp). */
  logAppendTime: boolean
  transactional: boolean
  control: boolean
  baseTimestamp: number
  maxTimestamp: number
  /** The batch's records section (still compressed when compression is not none). */
  records: Buffer
  recordCount: number
}

/** The record batches in a Fetch response's records field; a truncated last batch is left out. */
export function readBatches(data: Buffer): BatchHeader[] {
  const batches: BatchHeader[] = []
  let at = 0
  while (at + 12 <= data.length) {
    const baseOffset = Number(data.readBigInt64BE(at))
    const batchLength = data.readInt32BE(at + 8)
    const end = at + 12 + batchLength
    if (end > data.length || batchLength < 49) break
    const magic = data.readInt8(at + 16)
    if (magic === 2) {
      const attributes = data.readInt16BE(at + 21)
      const lastOffsetDelta = data.readInt32BE(at + 23)
      batches.push({
        baseOffset,
        lastOffset: baseOffset + lastOffsetDelta,
        compression: attributes & 0x07,
        logAppendTime: (attributes & 0x08) !== 0,
        transactional: (attributes & 0x10) !== 0,
        control: (attributes & 0x20) !== 0,
        baseTimestamp: Number(data.readBigInt64BE(at + 27)),
        maxTimestamp: Number(data.readBigInt64BE(at + 35)),
        recordCount: data.readInt32BE(at + 57),
        records: data.subarray(at + 61, end),
      })
    }
    // Message sets older than v2 (magic 0/1, Kafka < 0.11) carry no batch header: skipped.
    at = end
  }
  return batches
}

export interface RecordTime {
  offset: number
  timestamp: number
}

/** Offsets and timestamps of a batch's records, or null when its codec is one ktk cannot read. */
export function recordTimes(batch: BatchHeader): RecordTime[] | null {
  let body: Buffer | null
  try {
    body = decompress(batch.compression, batch.records)
  } catch {
    return null // a corrupt or unexpected frame: the batch header still tells its time
  }
  if (body === null) return null
  const out: RecordTime[] = []
  const r = new VarintReader(body)
  for (let i = 0; i < batch.recordCount && r.offset < body.length; i++) {
    const length = r.varint()
    const start = r.offset
    r.offset += 1 // attributes
    const timestampDelta = r.varint()
    const offsetDelta = r.varint()
    out.push({
      offset: batch.baseOffset + offsetDelta,
      timestamp: batch.logAppendTime ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta,
    })
    r.offset = start + length
  }
  return out
}

export interface FoundRecord {
  /** The record's offset (>= the offset asked for). */
  offset: number
  timestamp: number
  /** false when the batch's codec could not be read and the batch's first timestamp stands in. */
  exact: boolean
}

/**
 * The first data record (not a transaction marker) at or after `offset` in these batches, or null when
 * they hold none. Offsets missing because of compaction are skipped like the consumer skips them.
 */
export function firstRecordAtOrAfter(batches: readonly BatchHeader[], offset: number): FoundRecord | null {
  for (const batch of batches) {
    if (batch.lastOffset < offset || batch.control) continue
    const times = recordTimes(batch)
    if (times === null) {
      const timestamp = batch.logAppendTime ? batch.maxTimestamp : batch.baseTimestamp
      return { offset: Math.max(offset, batch.baseOffset), timestamp, exact: batch.logAppendTime }
    }
    const record = times.find((t) => t.offset >= offset)
    if (record) return { ...record, exact: true }
  }
  return null
}

/** Data records of some batches, for many lookups: each entry covers offsets from..to (one record, or a batch that could not be read). */
export interface RecordIndexEntry {
  from: number
  to: number
  timestamp: number
  exact: boolean
}

/** Decodes the batches once; `find` then answers firstRecordAtOrAfter for any offset by binary search. */
export function indexRecords(batches: readonly BatchHeader[]): { find(offset: number): FoundRecord | null } {
  const entries: RecordIndexEntry[] = []
  for (const batch of batches) {
    if (batch.control) continue
    const times = recordTimes(batch)
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

/** Zig-zag varints (Kafka's record fields), decoded without 32-bit overflow. */
class VarintReader {
  offset = 0
  constructor(private readonly buf: Buffer) {}

  varint(): number {
    let raw = 0
    let scale = 1
    for (;;) {
      const byte = this.buf[this.offset++]
      if (byte === undefined) throw new RangeError('varint runs past the end of the record batch')
      raw += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) break
      scale *= 128
    }
    // zig-zag: even -> n/2, odd -> -(n+1)/2
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2
  }
}
