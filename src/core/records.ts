/** Records in domain terms: what produce reads and consume writes, independent of any Kafka client. */

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'
export const COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

export type Acks = 'all' | '1' | '0'
export type IsolationLevel = 'read_committed' | 'read_uncommitted'

export interface RecordHeader {
  key: string
  value: Buffer | null
}

/** A record to produce; `line` is its line number in the input (1-based), for exact failure reports. */
export interface OutgoingRecord {
  line: number
  key: Buffer | null
  value: Buffer | null
  headers: RecordHeader[]
  /** An explicit partition; otherwise the key's murmur2 partition, or a sticky one for null keys. */
  partition?: number
  /** Milliseconds since the epoch; now when absent. */
  timestamp?: number
  /** When set, the value is value[valueStart, valueEnd): a line of an input chunk, without a copy. */
  valueStart?: number
  valueEnd?: number
}

export interface ConsumedRecord {
  topic: string
  partition: number
  offset: number
  timestamp: number
  /** 0 CreateTime, 1 LogAppendTime. */
  timestampType: 0 | 1
  key: Buffer | null
  value: Buffer | null
  headers: RecordHeader[]
}

export type ValueEncoding = 'utf8' | 'base64' | 'hex'
export const VALUE_ENCODINGS: readonly ValueEncoding[] = ['utf8', 'base64', 'hex']

/** Exact UTF-8 (the bytes survive decoding and re-encoding unchanged). */
export function isUtf8(bytes: Buffer): boolean {
  // Buffer's isUtf8 is Node 18.14+/20: exact, fast validation without decoding.
  return (Buffer as unknown as { isUtf8?: (b: Uint8Array) => boolean }).isUtf8?.(bytes) ?? roundTrips(bytes)
}

function roundTrips(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)
}

/** Where a partition starts reading. */
export type StartSpec =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number }
  | { kind: 'last'; count: number }
  | { kind: 'time'; timestamp: number }

/**
 * Records of one partition as read from Kafka, in columns over the bytes they arrived in: no object or
 * Buffer per record, so hundreds of thousands of records a second cost little garbage. Record i's key
 * is datas[data[i]] from keyStart[i], keyLength[i] bytes long (-1: null); the same for values.
 */
export interface RecordBlock {
  topic: string
  partition: number
  count: number
  timestampType: Uint8Array
  datas: Buffer[]
  data: Uint16Array
  offset: Float64Array
  timestamp: Float64Array
  keyStart: Int32Array
  keyLength: Int32Array
  valueStart: Int32Array
  valueLength: Int32Array
  /** Where record i's headers start in its data, and how many it has. */
  headersStart: Int32Array
  headerCount: Int32Array
  /** Decodes record i's headers: the block's maker knows the format they arrived in. */
  readHeaders: (block: RecordBlock, i: number) => RecordHeader[]
}

export function keyBytes(b: RecordBlock, i: number): Buffer | null {
  const length = b.keyLength[i]!
  if (length < 0) return null
  const start = b.keyStart[i]!
  return b.datas[b.data[i]!]!.subarray(start, start + length)
}

export function valueBytes(b: RecordBlock, i: number): Buffer | null {
  const length = b.valueLength[i]!
  if (length < 0) return null
  const start = b.valueStart[i]!
  return b.datas[b.data[i]!]!.subarray(start, start + length)
}

/** Key (or value) as text, without making a Buffer; null stays null. */
export function keyText(b: RecordBlock, i: number): string | null {
  const length = b.keyLength[i]!
  return length < 0 ? null : b.datas[b.data[i]!]!.toString('utf8', b.keyStart[i]!, b.keyStart[i]! + length)
}

export function valueText(b: RecordBlock, i: number): string | null {
  const length = b.valueLength[i]!
  return length < 0
    ? null
    : b.datas[b.data[i]!]!.toString('utf8', b.valueStart[i]!, b.valueStart[i]! + length)
}

export function headersOf(b: RecordBlock, i: number): RecordHeader[] {
  return b.headerCount[i] === 0 ? [] : b.readHeaders(b, i)
}

export function recordAt(b: RecordBlock, i: number): ConsumedRecord {
  return {
    topic: b.topic,
    partition: b.partition,
    offset: b.offset[i]!,
    timestamp: b.timestamp[i]!,
    timestampType: b.timestampType[i] === 1 ? 1 : 0,
    key: keyBytes(b, i),
    value: valueBytes(b, i),
    headers: headersOf(b, i),
  }
}
