import { VarintReader } from '../../core/varint.js'

/**
 * A small Kafka wire-format writer and reader: the session frames requests with it, and request modules not
 * yet generated (src/kafka/protocol/messages) write and read their bodies with it. Flexible versions
 * (KIP-482) use compact strings/arrays and tagged fields; both styles are here.
 */

export class Writer {
  /** kafkajs's request framing duck-types on `buf` and `buffer`, so a Writer can stand in for its Encoder. */
  buf: Buffer
  offset = 0

  /** capacity: the expected size, so that large requests (record batches) are not copied as they grow. */
  constructor(capacity = 256) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  get buffer(): Buffer {
    return this.buf.subarray(0, this.offset)
  }

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buf.length) return
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.offset + bytes))
    this.buf.copy(next, 0, 0, this.offset)
    this.buf = next
  }

  int8(v: number): this {
    this.ensure(1)
    this.buf.writeInt8(v, this.offset)
    this.offset += 1
    return this
  }

  int16(v: number): this {
    this.ensure(2)
    this.buf.writeInt16BE(v, this.offset)
    this.offset += 2
    return this
  }

  int32(v: number): this {
    this.ensure(4)
    this.buf.writeInt32BE(v, this.offset)
    this.offset += 4
    return this
  }

  int64(v: bigint | number): this {
    this.ensure(8)
    this.buf.writeBigInt64BE(BigInt(v), this.offset)
    this.offset += 8
    return this
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0)
  }

  uvarint(v: number): this {
    let value = v >>> 0
    do {
      let byte = value & 0x7f
      value >>>= 7
      if (value !== 0) byte |= 0x80
      this.ensure(1)
      this.buf[this.offset++] = byte
    } while (value !== 0)
    return this
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length)
    this.buf.set(b, this.offset)
    this.offset += b.length
    return this
  }

  /** BYTES / NULLABLE_BYTES (and RECORDS in non-flexible versions): int32 length (-1 for null). */
  int32Bytes(b: Uint8Array | null): this {
    if (b === null) return this.int32(-1)
    return this.int32(b.length).bytes(b)
  }

  /** STRING / NULLABLE_STRING: int16 length (-1 for null) and UTF-8 bytes. */
  string(v: string | null): this {
    if (v === null) return this.int16(-1)
    const b = Buffer.from(v, 'utf8')
    return this.int16(b.length).bytes(b)
  }

  /** COMPACT_(NULLABLE_)STRING: uvarint length+1 (0 for null). */
  compactString(v: string | null): this {
    if (v === null) return this.uvarint(0)
    const b = Buffer.from(v, 'utf8')
    return this.uvarint(b.length + 1).bytes(b)
  }

  array<T>(items: readonly T[] | null, write: (w: this, item: T) => void): this {
    if (items === null) return this.int32(-1)
    this.int32(items.length)
    for (const item of items) write(this, item)
    return this
  }

  compactArray<T>(items: readonly T[] | null, write: (w: this, item: T) => void): this {
    if (items === null) return this.uvarint(0)
    this.uvarint(items.length + 1)
    for (const item of items) write(this, item)
    return this
  }

  /** An empty tagged-field section. */
  tags(): this {
    return this.uvarint(0)
  }
}

export class Reader {
  offset = 0
  /** Varints are read by core's one reader, over the same bytes. */
  private readonly varints: VarintReader
  constructor(private readonly buf: Buffer) {
    this.varints = new VarintReader(buf)
  }

  // int8 and int16 by hand: Buffer's readers validate their argument on every call, and a large
  // response (DescribeConfigs of every topic) makes tens of thousands of these calls before V8 optimizes.
  int8(): number {
    if (this.offset >= this.buf.length) throw new RangeError('int8 runs past the end of the response')
    return (this.buf[this.offset++]! << 24) >> 24
  }

  int16(): number {
    if (this.offset + 2 > this.buf.length) throw new RangeError('int16 runs past the end of the response')
    const v = ((this.buf[this.offset]! << 24) >> 16) | this.buf[this.offset + 1]!
    this.offset += 2
    return v
  }

  int32(): number {
    const v = this.buf.readInt32BE(this.offset)
    this.offset += 4
    return v
  }

  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.offset)
    this.offset += 8
    return v
  }

  bool(): boolean {
    return this.int8() !== 0
  }

  uvarint(): number {
    this.varints.pos = this.offset
    const value = this.varints.uvarint()
    this.offset = this.varints.pos
    return value
  }

  raw(length: number): Buffer {
    // subarray would silently return fewer bytes: a truncated response must fail, not decode short.
    if (length < 0 || this.offset + length > this.buf.length)
      throw new RangeError(`${length} bytes run past the end of the response`)
    const v = this.buf.subarray(this.offset, this.offset + length)
    this.offset += length
    return v
  }

  uuid(): string {
    return this.raw(16).toString('base64url')
  }

  /** BYTES / NULLABLE_BYTES: int32 length (-1 for null). */
  bytes(): Buffer | null {
    const length = this.int32()
    return length < 0 ? null : this.raw(length)
  }

  /** COMPACT_(NULLABLE_)BYTES: uvarint length+1 (0 for null). */
  compactBytes(): Buffer | null {
    const length = this.uvarint()
    return length === 0 ? null : this.raw(length - 1)
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.buf.length - this.offset
  }

  string(): string | null {
    const length = this.int16()
    if (length < 0) return null
    return this.utf8(length)
  }

  compactString(): string | null {
    const length = this.uvarint()
    if (length === 0) return null
    return this.utf8(length - 1)
  }

  // Decodes in place: a describe of every topic reads thousands of strings, and a subarray per string
  // costs more than the decoding.
  private utf8(length: number): string {
    const start = this.offset
    this.offset += length
    if (this.offset > this.buf.length) throw new RangeError('string runs past the end of the response')
    return this.buf.toString('utf8', start, this.offset)
  }

  array<T>(read: (r: this) => T): T[] {
    const length = this.int32()
    this.ensureRoom(length)
    const out: T[] = []
    for (let i = 0; i < length; i++) out.push(read(this))
    return out
  }

  compactArray<T>(read: (r: this) => T): T[] {
    const length = this.uvarint()
    this.ensureRoom(length - 1)
    const out: T[] = []
    for (let i = 0; i < length - 1; i++) out.push(read(this))
    return out
  }

  /** Every array item takes at least a byte: a count beyond the bytes left is a corrupt response. */
  private ensureRoom(items: number): void {
    if (items > this.remaining)
      throw new RangeError(`an array of ${items} items cannot fit in the ${this.remaining} bytes left`)
  }

  /** Skips a tagged-field section (ktk reads no tagged fields). */
  tags(): void {
    const count = this.uvarint()
    for (let i = 0; i < count; i++) {
      this.uvarint()
      this.raw(this.uvarint())
    }
  }
}

/** A request in the shape kafkajs's connection pool sends: framing by kafkajs, body and decoding by ktk. */
export interface RawRequest<T> {
  apiKey: number
  apiVersion: number
  apiName: string
  /** True for flexible versions, whose request header carries a tagged-field section after the client id. */
  flexible: boolean
  body: (w: Writer) => void
  /** Decodes the answer; `answer` (when the session passes one) receives what the session acts on. */
  decode: (r: Reader, answer?: AnswerMeta) => T
  /** False for requests the broker does not answer (Produce with acks=0). */
  expectResponse?: boolean
  /** About how many bytes the body takes (for requests that carry record batches). */
  sizeHint?: number
  /**
   * How long the session waits for this answer, when the protocol gives the request its own wait (JoinGroup:
   * the rebalance timeout plus a margin); otherwise --timeout.
   */
  deadlineMs?: number
}

/** What a decoded answer tells the session beyond the request's own result. */
export interface AnswerMeta {
  /** The broker's throttle_time_ms (quota): the next request to that broker waits it out. */
  throttleTimeMs: number
}

/**
 * A request ktk can speak in a range of versions: the session picks, per broker, the newest version both
 * sides support (from the broker's ApiVersions answer) and builds the request in it. No request is sent
 * in a version the broker did not announce.
 */
export interface VersionedRequest<T> {
  apiKey: number
  apiName: string
  /** The oldest and newest versions ktk can encode and decode for this use. */
  minVersion: number
  maxVersion: number
  /** What an older broker lacks, for the error when no version fits (e.g. "deleting offsets needs Kafka 2.4 or newer"). */
  needs?: string
  /** As RawRequest.deadlineMs: a wait of the request's own, instead of --timeout. */
  deadlineMs?: number
  build(version: number): RawRequest<T>
}

export const isVersioned = <T>(
  request: RawRequest<T> | VersionedRequest<T>,
): request is VersionedRequest<T> => 'build' in request
