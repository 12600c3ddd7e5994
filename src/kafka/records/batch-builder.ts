/**
 * Record batches written by ktk itself: one pass per record straight into a Buffer, no intermediate
 * objects, in the layout record-batch.ts reads (magic 2; KIP-98, DefaultRecordBatch.java).
 */
import { type Compression, headersOf, keyBytes, type RecordHeader, valueBytes } from '../../core/records.js'
import { crc32c } from '../protocol/crc32c.js'
import { COMPRESSION_CODE, compress } from './compression.js'
import {
  At,
  Attr,
  BATCH_HEADER_SIZE,
  type BatchInfo,
  decodeInto,
  LOG_OVERHEAD,
  newBlock,
} from './record-batch.js'

export function varintSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0
  let n = 1
  while (v >= 0x80) {
    v >>>= 7
    n++
  }
  return n
}

function varlongSize(value: number): number {
  // zigzag of a safe integer, in floating point (timestamps deltas fit easily)
  let v = value >= 0 ? value * 2 : -value * 2 - 1
  let n = 1
  while (v >= 0x80) {
    v = Math.floor(v / 128)
    n++
  }
  return n
}

/** Bytes one record takes inside a batch (without compression). */
export function recordSize(
  key: Buffer | null,
  value: Buffer | null,
  headers: readonly RecordHeader[],
  timestampDelta: number,
  offsetDelta: number,
): number {
  const body = recordBodySize(key, value === null ? -1 : value.length, headers, timestampDelta, offsetDelta)
  return varintSize(body) + body
}

const headerKeys = new Map<string, Buffer>()
function headerKeyBytes(key: string): Buffer {
  let b = headerKeys.get(key)
  if (!b) {
    b = Buffer.from(key, 'utf8')
    if (headerKeys.size < 1000) headerKeys.set(key, b)
  }
  return b
}

function recordBodySize(
  key: Buffer | null,
  valueLength: number,
  headers: readonly RecordHeader[],
  timestampDelta: number,
  offsetDelta: number,
): number {
  let size = 1 + varlongSize(timestampDelta) + varintSize(offsetDelta)
  size += key === null ? 1 : varintSize(key.length) + key.length
  size += valueLength < 0 ? 1 : varintSize(valueLength) + valueLength
  size += varintSize(headers.length)
  for (const h of headers) {
    const k = headerKeyBytes(h.key)
    size += varintSize(k.length) + k.length
    size += h.value === null ? 1 : varintSize(h.value.length) + h.value.length
  }
  return size
}

/** Accumulates records of one partition into an uncompressed batch body. */
export class BatchBuilder {
  private buf: Buffer
  private offset = BATCH_HEADER_SIZE
  count = 0
  baseTimestamp = 0
  maxTimestamp = 0
  readonly lines: number[] = []
  /** Key and value bytes appended. */
  payloadBytes = 0

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 1024))
  }

  get size(): number {
    return this.offset
  }

  private lastStart = 0
  private lastMaxTimestamp = 0
  private lastPayload = 0

  /** Takes back the record just appended (it made the batch too large). */
  removeLast(): void {
    this.offset = this.lastStart
    this.maxTimestamp = this.lastMaxTimestamp
    this.count--
    this.lines.pop()
    this.payloadBytes -= this.lastPayload
  }

  /** The encoded records (uncompressed, without the batch header). */
  recordsBody(): Buffer {
    return this.buf.subarray(BATCH_HEADER_SIZE, this.offset)
  }

  append(
    line: number,
    key: Buffer | null,
    value: Buffer | null,
    headers: readonly RecordHeader[],
    timestamp: number,
    valueStart = 0,
    valueEnd = value?.length ?? 0,
  ): void {
    this.lastStart = this.offset
    this.lastMaxTimestamp = this.maxTimestamp
    if (this.count === 0) {
      this.baseTimestamp = timestamp
      this.maxTimestamp = timestamp
    } else if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp
    const delta = timestamp - this.baseTimestamp
    const valueLength = value === null ? -1 : valueEnd - valueStart
    const body = recordBodySize(key, valueLength, headers, delta, this.count)
    this.ensure(varintSize(body) + body)
    this.varint(body)
    this.buf[this.offset++] = 0
    this.varlong(delta)
    this.varint(this.count)
    this.bytes(key)
    if (value === null) this.buf[this.offset++] = 1
    else this.range(value, valueStart, valueEnd)
    this.varint(headers.length)
    for (const h of headers) {
      const k = headerKeyBytes(h.key)
      this.varint(k.length)
      k.copy(this.buf, this.offset)
      this.offset += k.length
      this.bytes(h.value)
    }
    this.count++
    this.lines.push(line)
    this.lastPayload = (key?.length ?? 0) + Math.max(0, valueLength)
    this.payloadBytes += this.lastPayload
  }

  /**
   * The batch, compressed and framed. Producer id, epoch and sequence are written now and can be
   * changed later with setSequence (the CRC is recomputed).
   */
  async build(options: {
    compression: Compression
    producerId: bigint
    producerEpoch: number
    baseSequence: number
    transactional: boolean
  }): Promise<Buffer> {
    const recordsPart = this.buf.subarray(BATCH_HEADER_SIZE, this.offset)
    const compressed =
      options.compression === 'none' ? recordsPart : await compress(options.compression, recordsPart)
    const out =
      options.compression === 'none'
        ? this.buf.subarray(0, this.offset)
        : Buffer.concat([this.buf.subarray(0, BATCH_HEADER_SIZE), compressed])
    out.writeBigInt64BE(0n, At.baseOffset)
    out.writeInt32BE(out.length - LOG_OVERHEAD, At.length)
    out.writeInt32BE(-1, At.leaderEpoch)
    out.writeInt8(2, At.magic)
    let attributes = COMPRESSION_CODE[options.compression]
    if (options.transactional) attributes |= Attr.transactional
    out.writeInt16BE(attributes, At.attributes)
    out.writeInt32BE(this.count - 1, At.lastOffsetDelta)
    out.writeBigInt64BE(BigInt(this.baseTimestamp), At.baseTimestamp)
    out.writeBigInt64BE(BigInt(this.maxTimestamp), At.maxTimestamp)
    out.writeBigInt64BE(options.producerId, At.producerId)
    out.writeInt16BE(options.producerEpoch, At.producerEpoch)
    out.writeInt32BE(options.baseSequence, At.baseSequence)
    out.writeInt32BE(this.count, At.count)
    out.writeUInt32BE(crc32c(out, At.attributes), At.crc)
    return out
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.offset + bytes))
    this.buf.copy(next, 0, 0, this.offset)
    this.buf = next
  }

  private varint(value: number): void {
    let v = ((value << 1) ^ (value >> 31)) >>> 0
    while (v >= 0x80) {
      this.buf[this.offset++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    this.buf[this.offset++] = v
  }

  private varlong(value: number): void {
    let v = value >= 0 ? value * 2 : -value * 2 - 1
    while (v >= 0x80) {
      this.buf[this.offset++] = (v % 128) | 0x80
      v = Math.floor(v / 128)
    }
    this.buf[this.offset++] = v
  }

  private bytes(b: Buffer | null): void {
    if (b === null)
      this.buf[this.offset++] = 1 // zigzag(-1)
    else this.range(b, 0, b.length)
  }

  /** Length and bytes of source[start, end). */
  private range(source: Buffer, start: number, end: number): void {
    const length = end - start
    this.varint(length)
    if (length > 32) {
      source.copy(this.buf, this.offset, start, end)
      this.offset += length
      return
    }
    // Short copies by hand: Buffer#copy costs more per call than copying a few dozen bytes.
    const buf = this.buf
    let o = this.offset
    for (let i = start; i < end; i++) buf[o++] = source[i]!
    this.offset = o
  }
}

/** The records of a batch in two new batches (for a batch the broker found too large). */
export function splitBatch(builder: BatchBuilder): [BatchBuilder, BatchBuilder] {
  const body = builder.recordsBody()
  const info: BatchInfo = {
    start: 0,
    end: body.length,
    baseOffset: 0,
    lastOffset: builder.count - 1,
    count: builder.count,
    codec: 0,
    producerId: -1n,
    transactional: false,
    control: false,
    logAppendTime: false,
    baseTimestamp: builder.baseTimestamp,
    maxTimestamp: builder.maxTimestamp,
  }
  const block = newBlock('', 0, builder.count)
  decodeInto(block, info, body, 0, Number.MAX_SAFE_INTEGER)
  const half = Math.ceil(builder.count / 2)
  const halves: [BatchBuilder, BatchBuilder] = [
    new BatchBuilder(body.length / 2 + 1024),
    new BatchBuilder(body.length / 2 + 1024),
  ]
  for (let i = 0; i < block.count; i++) {
    halves[i < half ? 0 : 1].append(
      builder.lines[i]!,
      keyBytes(block, i),
      valueBytes(block, i),
      headersOf(block, i),
      block.timestamp[i]!,
    )
  }
  return halves
}

/** Rewrites a built batch's base sequence (after an earlier batch of the partition failed for good). */
export function setBaseSequence(batch: Buffer, baseSequence: number): void {
  batch.writeInt32BE(baseSequence, At.baseSequence)
  batch.writeUInt32BE(crc32c(batch, At.attributes), At.crc)
}
