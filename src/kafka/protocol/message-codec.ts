/**
 * Encodes and decodes Kafka messages at any version from the schema tables generated out of Kafka's own
 * JSON message definitions (src/kafka/protocol/messages, by scripts/generate-messages.mjs). One small
 * interpreter instead of a hand-written encoder per version: each (message, version) is compiled once into
 * a plan of the fields that exist in that version, then walked.
 *
 * Decoding treats every byte as hostile: a length or count that runs past the end, a null where the version
 * allows none, a varint over 5 bytes or trailing bytes raise MalformedResponse, never a RangeError, and no
 * allocation is sized by the input before it is checked against the bytes actually there.
 */
import { KtkError } from '../../core/errors.js'
import { VarintError, VarintReader } from '../../core/varint.js'
import type { ApiSchema, FieldSchema, MessageSchema } from './message-schema.js'
import { RequestHeaderSchema, ResponseHeaderSchema } from './messages/headers.js'

export type { ApiSchema, FieldSchema, MessageSchema, StructSchema } from './message-schema.js'

/** Bytes from a broker (or a fake) that do not decode as the message and version they should be. */
export class MalformedResponse extends KtkError {
  constructor(
    readonly messageName: string,
    readonly version: number,
    readonly detail: string,
  ) {
    super('UNEXPECTED', `malformed ${messageName} v${version}: ${detail}`, {
      hints: ['the broker answered with bytes ktk cannot read; run with --debug and report it'],
    })
    this.name = 'MalformedResponse'
  }
}

/** A value ktk cannot encode at a version (a bug in the caller: a field the version lacks, a number out of range). */
export class MessageEncodeError extends KtkError {
  constructor(messageName: string, version: number, detail: string) {
    super('UNEXPECTED', `cannot encode ${messageName} v${version}: ${detail}`)
    this.name = 'MessageEncodeError'
  }
}

// ---------------------------------------------------------------------------------------------------------
// Versions

type Range = readonly [number, number] | null

const rangeCache = new Map<string, Range>()

/** "0+", "3-5", "7" or "none" as [min, max]. */
export function parseVersions(text: string | undefined): Range {
  if (text === undefined || text === 'none') return null
  let range = rangeCache.get(text)
  if (range !== undefined) return range
  const m = /^(\d+)(?:(\+)|-(\d+))?$/.exec(text)
  if (!m) throw new Error(`bad version range ${JSON.stringify(text)}`)
  const min = Number(m[1])
  range = [min, m[2] ? 0x7fff : m[3] !== undefined ? Number(m[3]) : min]
  rangeCache.set(text, range)
  return range
}

const inRange = (range: Range, v: number) => range !== null && v >= range[0] && v <= range[1]

/** The versions of a message ktk can encode and decode. */
export function versionRange(schema: MessageSchema): readonly [number, number] {
  return parseVersions(schema.validVersions)!
}

export const isFlexible = (schema: MessageSchema, version: number) =>
  inRange(parseVersions(schema.flexibleVersions), version)

/** Request header v2 (flexible: a tagged-field section) for flexible requests, else v1. */
export const requestHeaderVersion = (api: ApiSchema, version: number) =>
  isFlexible(api.request, version) ? 2 : 1

/** Response header v1 for flexible responses, else v0; ApiVersions always v0 (KIP-511: clients of any age read it). */
export const responseHeaderVersion = (api: ApiSchema, version: number) =>
  api.apiKey !== 18 && isFlexible(api.response, version) ? 1 : 0

// ---------------------------------------------------------------------------------------------------------
// Plans: one per (message, version)

enum Kind {
  Bool,
  Int8,
  Int16,
  Uint16,
  Int32,
  Uint32,
  Int64,
  Float64,
  String,
  Uuid,
  Bytes,
  Records,
  Struct,
}

const kinds: Record<string, Kind> = {
  bool: Kind.Bool,
  int8: Kind.Int8,
  int16: Kind.Int16,
  uint16: Kind.Uint16,
  int32: Kind.Int32,
  uint32: Kind.Uint32,
  int64: Kind.Int64,
  float64: Kind.Float64,
  string: Kind.String,
  uuid: Kind.Uuid,
  bytes: Kind.Bytes,
  records: Kind.Records,
}

interface Op {
  readonly name: string
  /** Where the field is in the message (e.g. topics.partitions.errorCode), for errors. */
  readonly path: string
  readonly kind: Kind
  readonly array: boolean
  readonly nullable: boolean
  /** Compact (varint) lengths: the version is flexible and the field does not opt out. */
  readonly compact: boolean
  readonly tag: number
  readonly ignorable: boolean
  /** The default value (arrays: null or EMPTY; structs: null or undefined, built on demand). */
  readonly def: unknown
  readonly struct: Plan | null
}

interface Plan {
  readonly name: string
  /** The path of the struct's fields ('' at the top, 'topics.' in a topic). */
  readonly path: string
  readonly flexible: boolean
  /** Fields in this version, in wire order. */
  readonly fields: Op[]
  /** Tagged fields in this version, by ascending tag. */
  readonly tagged: Op[]
  /** Fields this version lacks: a non-default value for one of these cannot be sent. */
  readonly absent: Op[]
  readonly byTag: Map<number, Op>
}

const EMPTY: readonly never[] = Object.freeze([])
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA'

const plans = new WeakMap<MessageSchema, Map<number, Plan>>()

function planOf(schema: MessageSchema, version: number): Plan {
  let byVersion = plans.get(schema)
  if (!byVersion) {
    byVersion = new Map()
    plans.set(schema, byVersion)
  }
  let plan = byVersion.get(version)
  if (!plan) {
    const flexible = isFlexible(schema, version)
    const common = new Map((schema.commonStructs ?? []).map((s) => [s.name, s.fields]))
    plan = compile(schema.name, '', schema.fields, version, flexible, common)
    byVersion.set(version, plan)
  }
  return plan
}

function compile(
  name: string,
  path: string,
  fields: readonly FieldSchema[],
  version: number,
  flexible: boolean,
  common: Map<string, readonly FieldSchema[]>,
): Plan {
  const plan: Plan = { name, path, flexible, fields: [], tagged: [], absent: [], byTag: new Map() }
  for (const f of fields) {
    const array = f.type.startsWith('[]')
    const inner = array ? f.type.slice(2) : f.type
    const kind = kinds[inner] ?? Kind.Struct
    const present = inRange(parseVersions(f.versions), version)
    const nullable = present && inRange(parseVersions(f.nullableVersions), version)
    let struct: Plan | null = null
    if (kind === Kind.Struct) {
      const structFields = f.fields ?? common.get(inner)
      if (!structFields) throw new Error(`${name}.${f.name}: unknown struct ${inner}`)
      struct = compile(inner, `${path}${f.name}.`, structFields, version, flexible, common)
    }
    const tagged = f.tag !== undefined && inRange(parseVersions(f.taggedVersions), version)
    const op: Op = {
      name: f.name,
      path: path + f.name,
      kind,
      array,
      nullable,
      compact:
        flexible && (f.flexibleVersions === undefined || inRange(parseVersions(f.flexibleVersions), version)),
      tag: tagged ? f.tag! : -1,
      ignorable: f.ignorable === true,
      def: defaultOf(f, kind, array),
      struct,
    }
    if (!present) plan.absent.push(op)
    else if (tagged) {
      plan.tagged.push(op)
      plan.byTag.set(op.tag, op)
    } else plan.fields.push(op)
  }
  plan.tagged.sort((a, b) => a.tag - b.tag)
  return plan
}

function defaultOf(f: FieldSchema, kind: Kind, array: boolean): unknown {
  const text = f.default
  if (text === 'null') return null
  if (array) return EMPTY
  switch (kind) {
    case Kind.Bool:
      return text === 'true'
    case Kind.Int64:
      return text ? BigInt(text) : 0n
    case Kind.String:
      return text ?? ''
    case Kind.Uuid:
      return ZERO_UUID
    case Kind.Bytes:
      return EMPTY_BYTES
    case Kind.Records:
      return null
    case Kind.Struct:
      return undefined
    default:
      return text ? Number(text) : 0
  }
}

const EMPTY_BYTES = new Uint8Array(0)

/** A fresh default value (arrays and structs are not shared between decoded objects). */
function freshDefault(op: Op): unknown {
  if (op.def === EMPTY) return []
  if (op.kind === Kind.Struct && !op.array && op.def === undefined) return defaultStruct(op.struct!)
  return op.def
}

function defaultStruct(plan: Plan): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const op of plan.fields) out[op.name] = freshDefault(op)
  for (const op of plan.tagged) out[op.name] = freshDefault(op)
  return out
}

/** Whether a value equals the field's default, as Kafka's generated code decides it. */
function isDefault(op: Op, value: unknown): boolean {
  if (value === undefined) return true
  // A value of the wrong type is not the default: writing it then raises a MessageEncodeError.
  if (value === null || op.def === null) return value === op.def
  if (op.array) return Array.isArray(value) && value.length === 0
  switch (op.kind) {
    case Kind.Int64:
      return (
        value === op.def ||
        (typeof value === 'number' && Number.isSafeInteger(value) && BigInt(value) === op.def)
      )
    case Kind.Bytes:
      return value instanceof Uint8Array && value.length === 0
    case Kind.Struct:
      return isDefaultStruct(op.struct!, value as Record<string, unknown>)
    default:
      return value === op.def
  }
}

function isDefaultStruct(plan: Plan, value: Record<string, unknown>): boolean {
  for (const op of plan.fields) if (!isDefault(op, value[op.name])) return false
  for (const op of plan.tagged) if (!isDefault(op, value[op.name])) return false
  for (const op of plan.absent) if (!isDefault(op, value[op.name])) return false
  return true
}

// ---------------------------------------------------------------------------------------------------------
// Encoding

class Writer {
  buf: Buffer
  offset = 0

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  ensure(bytes: number): void {
    if (this.offset + bytes <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.offset + bytes))
    this.buf.copy(next, 0, 0, this.offset)
    this.buf = next
  }

  uvarint(v: number): void {
    this.ensure(5)
    let value = v >>> 0
    while (value >= 0x80) {
      this.buf[this.offset++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    this.buf[this.offset++] = value
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length)
    this.buf.set(b, this.offset)
    this.offset += b.length
  }
}

interface EncodeContext {
  readonly message: string
  readonly version: number
}

function encodeError(ctx: EncodeContext, path: string, detail: string): MessageEncodeError {
  return new MessageEncodeError(ctx.message, ctx.version, `${path}: ${detail}`)
}

function writeStruct(
  ctx: EncodeContext,
  w: Writer,
  plan: Plan,
  value: Record<string, unknown>,
  path: string,
) {
  if (value === null || typeof value !== 'object') throw encodeError(ctx, path, 'is not an object')
  for (const op of plan.absent) {
    const v = value[op.name]
    if (!op.ignorable && !isDefault(op, v)) {
      throw encodeError(ctx, op.path, `version ${ctx.version} has no such field (value ${show(v)})`)
    }
  }
  for (const op of plan.fields) writeField(ctx, w, op, value[op.name])
  if (!plan.flexible) return
  let count = 0
  for (const op of plan.tagged) if (!isDefault(op, value[op.name])) count++
  w.uvarint(count)
  for (const op of plan.tagged) {
    const v = value[op.name]
    if (isDefault(op, v)) continue
    const inner = new Writer(64)
    writeField(ctx, inner, op, v)
    w.uvarint(op.tag)
    w.uvarint(inner.offset)
    w.raw(inner.buf.subarray(0, inner.offset))
  }
}

const show = (v: unknown) => {
  const text = typeof v === 'bigint' ? `${v}` : (JSON.stringify(v) ?? String(v))
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

function writeField(ctx: EncodeContext, w: Writer, op: Op, given: unknown): void {
  const v = given === undefined ? freshDefault(op) : given
  if (v === null) {
    if (!op.nullable) throw encodeError(ctx, op.path, 'is null, which this version does not allow')
    if (op.array || op.kind === Kind.String || op.kind === Kind.Bytes || op.kind === Kind.Records) {
      if (op.compact) w.uvarint(0)
      else writeInt(w, op.kind === Kind.String && !op.array ? 2 : 4, -1)
    } else writeInt(w, 1, -1) // a nullable struct: presence byte
    return
  }
  if (op.array) {
    if (!Array.isArray(v)) throw encodeError(ctx, op.path, 'is not an array')
    if (op.compact) w.uvarint(v.length + 1)
    else writeInt(w, 4, v.length)
    for (const item of v) writeValue(ctx, w, op, item)
    return
  }
  if (op.kind === Kind.Struct && op.nullable) writeInt(w, 1, 1)
  writeValue(ctx, w, op, v)
}

const intBounds: Partial<Record<Kind, readonly [number, number, number]>> = {
  [Kind.Int8]: [1, -128, 127],
  [Kind.Int16]: [2, -32768, 32767],
  [Kind.Uint16]: [2, 0, 65535],
  [Kind.Int32]: [4, -2147483648, 2147483647],
  [Kind.Uint32]: [4, 0, 4294967295],
}

function writeInt(w: Writer, size: number, v: number): void {
  w.ensure(size)
  if (size === 1) w.buf[w.offset] = v & 0xff
  else if (size === 2) w.buf.writeUInt16BE(v & 0xffff, w.offset)
  else w.buf.writeUInt32BE(v >>> 0, w.offset)
  w.offset += size
}

function writeValue(ctx: EncodeContext, w: Writer, op: Op, v: unknown): void {
  switch (op.kind) {
    case Kind.Bool:
      if (typeof v !== 'boolean') throw encodeError(ctx, op.path, `${show(v)} is not a boolean`)
      writeInt(w, 1, v ? 1 : 0)
      return
    case Kind.Int64: {
      let big: bigint
      try {
        big = BigInt(v as bigint)
      } catch {
        throw encodeError(ctx, op.path, `${show(v)} is not an integer`)
      }
      if (big < -(2n ** 63n) || big >= 2n ** 63n) {
        throw encodeError(ctx, op.path, `${big} is out of int64 range`)
      }
      w.ensure(8)
      w.buf.writeBigInt64BE(big, w.offset)
      w.offset += 8
      return
    }
    case Kind.Float64:
      if (typeof v !== 'number') throw encodeError(ctx, op.path, `${show(v)} is not a number`)
      w.ensure(8)
      w.buf.writeDoubleBE(v, w.offset)
      w.offset += 8
      return
    case Kind.String: {
      if (typeof v !== 'string') throw encodeError(ctx, op.path, `${show(v)} is not a string`)
      const length = Buffer.byteLength(v, 'utf8')
      if (op.compact) w.uvarint(length + 1)
      else {
        if (length > 0x7fff) throw encodeError(ctx, op.path, `a string of ${length} bytes is over 32767`)
        writeInt(w, 2, length)
      }
      w.ensure(length)
      w.offset += w.buf.write(v, w.offset, 'utf8')
      return
    }
    case Kind.Uuid: {
      const bytes = typeof v === 'string' ? Buffer.from(v, 'base64url') : null
      if (bytes?.length !== 16 || bytes.toString('base64url') !== v) {
        throw encodeError(ctx, op.path, `${show(v)} is not a base64url topic id of 16 bytes`)
      }
      w.raw(bytes)
      return
    }
    case Kind.Bytes:
    case Kind.Records:
      if (!(v instanceof Uint8Array)) throw encodeError(ctx, op.path, 'is not a Uint8Array')
      if (op.compact) w.uvarint(v.length + 1)
      else writeInt(w, 4, v.length)
      w.raw(v)
      return
    case Kind.Struct:
      writeStruct(ctx, w, op.struct!, v as Record<string, unknown>, op.path)
      return
    default: {
      const [size, min, max] = intBounds[op.kind]!
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        throw encodeError(ctx, op.path, `${show(v)} is not an integer in [${min}, ${max}]`)
      }
      writeInt(w, size, v)
      return
    }
  }
}

/** A version outside the range ktk's generated schema has (a bug in the caller, never the broker's doing). */
export class UnsupportedMessageVersion extends KtkError {
  constructor(schema: MessageSchema, version: number) {
    const [min, max] = versionRange(schema)
    super('UNEXPECTED', `${schema.name} v${version} is outside ktk's versions ${min}-${max}`)
    this.name = 'UnsupportedMessageVersion'
  }
}

function checkVersion(schema: MessageSchema, version: number): void {
  const [min, max] = versionRange(schema)
  if (!Number.isInteger(version) || version < min || version > max) {
    throw new UnsupportedMessageVersion(schema, version)
  }
}

/** A message at a version as bytes. Fields left out take their defaults; sizeHint avoids regrowing large ones. */
export function encodeMessage<T>(
  schema: MessageSchema<T>,
  version: number,
  value: T,
  sizeHint = 256,
): Buffer {
  checkVersion(schema, version)
  const w = new Writer(sizeHint)
  writeStruct(
    { message: schema.name, version },
    w,
    planOf(schema, version),
    value as Record<string, unknown>,
    '',
  )
  return w.buf.subarray(0, w.offset)
}

// ---------------------------------------------------------------------------------------------------------
// Decoding

class Reader {
  offset = 0
  /** Varints are read by core's one reader, over the same bytes. */
  private readonly varints: VarintReader
  constructor(
    readonly buf: Buffer,
    readonly fail: (detail: string) => MalformedResponse,
  ) {
    this.varints = new VarintReader(buf)
  }

  /** Claims `bytes` bytes and returns where they start; `what` names them if they are not there. */
  need(bytes: number, what: string): number {
    const at = this.offset
    if (bytes > this.buf.length - at) {
      throw this.fail(`${what} needs ${bytes} bytes at offset ${at}, ${this.buf.length - at} left`)
    }
    this.offset = at + bytes
    return at
  }

  /** An unsigned varint of at most 5 bytes (Kafka's are 32-bit); `what` names it if it cannot be read. */
  uvarint(what: string): number {
    this.varints.pos = this.offset
    try {
      const value = this.varints.uvarint(5)
      this.offset = this.varints.pos
      return value
    } catch (error) {
      if (!(error instanceof VarintError)) throw error
      if (error.longerThan !== null) throw this.fail(`${what}: ${error.message}`)
      throw this.fail(`${what} needs 1 bytes at offset ${this.buf.length}, 0 left`)
    }
  }

  /** A length or count: -1 (or compact 0) is null; anything else must fit in the bytes left. */
  length(compact: boolean, size: 2 | 4, what: string): number {
    let n: number
    if (compact) n = this.uvarint(what) - 1
    else {
      const at = this.need(size, what)
      n = size === 2 ? int16(this.buf, at) : int32(this.buf, at)
    }
    if (n < -1) throw this.fail(`${what} has length ${n}`)
    if (n > this.buf.length - this.offset) {
      throw this.fail(`${what} has length ${n} but only ${this.buf.length - this.offset} bytes are left`)
    }
    return n
  }
}

// By hand rather than Buffer's readers, which validate their arguments on every call; need() has
// already checked the bounds.
const int16 = (b: Buffer, at: number) => ((b[at]! << 24) >> 16) | b[at + 1]!
const int32 = (b: Buffer, at: number) => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!

function readStruct(r: Reader, plan: Plan): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const fields = plan.fields
  for (let i = 0; i < fields.length; i++) {
    const op = fields[i]!
    out[op.name] = readField(r, op)
  }
  if (!plan.flexible) return out
  for (const op of plan.tagged) out[op.name] = freshDefault(op)
  const what = `${plan.path}tagged fields`
  const count = r.uvarint(what)
  let last = -1
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint(what)
    if (tag <= last) throw r.fail(`${what} out of order (tag ${tag} after ${last})`)
    last = tag
    const size = r.uvarint(what)
    if (size > r.buf.length - r.offset)
      throw r.fail(`${what}: tag ${tag} has ${size} bytes, more than are left`)
    const op = plan.byTag.get(tag)
    if (!op) {
      r.offset += size // unknown tags are skipped (they are ignorable by definition)
      continue
    }
    const end = r.offset + size
    out[op.name] = readField(r, op)
    if (r.offset !== end)
      throw r.fail(`${op.path}: tagged field of ${size} bytes read as ${size + r.offset - end}`)
  }
  return out
}

function readField(r: Reader, op: Op): unknown {
  if (op.array) {
    const n = r.length(op.compact, 4, op.path)
    if (n === -1) {
      if (!op.nullable) throw r.fail(`${op.path} is null, which this version does not allow`)
      return null
    }
    // Grown as elements are read, not sized by the count: the count is only bounded by the bytes left.
    const out: unknown[] = []
    for (let i = 0; i < n; i++) out.push(readValue(r, op))
    return out
  }
  if (op.kind === Kind.Struct && op.nullable) {
    const at = r.need(1, op.path)
    if (r.buf[at]! >= 0x80) return null
  }
  return readValue(r, op)
}

function readValue(r: Reader, op: Op): unknown {
  const buf = r.buf
  switch (op.kind) {
    case Kind.Bool:
      return buf[r.need(1, op.path)] !== 0
    case Kind.Int8:
      return (buf[r.need(1, op.path)]! << 24) >> 24
    case Kind.Int16:
      return int16(buf, r.need(2, op.path))
    case Kind.Uint16:
      return int16(buf, r.need(2, op.path)) & 0xffff
    case Kind.Int32:
      return int32(buf, r.need(4, op.path))
    case Kind.Uint32:
      return int32(buf, r.need(4, op.path)) >>> 0
    case Kind.Int64:
      return buf.readBigInt64BE(r.need(8, op.path))
    case Kind.Float64:
      return buf.readDoubleBE(r.need(8, op.path))
    case Kind.Uuid: {
      const at = r.need(16, op.path)
      return buf.toString('base64url', at, at + 16)
    }
    case Kind.String: {
      const n = r.length(op.compact, 2, op.path)
      if (n === -1) {
        if (!op.nullable) throw r.fail(`${op.path} is null, which this version does not allow`)
        return null
      }
      const at = r.need(n, op.path)
      return buf.toString('utf8', at, at + n)
    }
    case Kind.Bytes:
    case Kind.Records: {
      const n = r.length(op.compact, 4, op.path)
      if (n === -1) {
        if (!op.nullable) throw r.fail(`${op.path} is null, which this version does not allow`)
        return null
      }
      const at = r.need(n, op.path)
      return buf.subarray(at, at + n)
    }
    default:
      return readStruct(r, op.struct!)
  }
}

/**
 * A message at a version from its bytes (without size prefix or header). Byte fields are views into
 * `bytes`, not copies. Every field of the version is present in the result; tagged fields the sender
 * left out take their defaults.
 */
export function decodeMessage<T>(schema: MessageSchema<T>, version: number, bytes: Buffer): T {
  checkVersion(schema, version)
  const r = new Reader(bytes, (detail) => new MalformedResponse(schema.name, version, detail))
  const value = readStruct(r, planOf(schema, version))
  if (r.offset !== bytes.length) throw r.fail(`${bytes.length - r.offset} unexpected bytes after the message`)
  return value as T
}

// ---------------------------------------------------------------------------------------------------------
// Frames

/** Kafka brokers refuse requests over socket.request.max.bytes (100 MiB by default); no answer is larger. */
export const MAX_FRAME_BYTES = 100 * 1024 * 1024

/**
 * The size prefix of a response frame, checked before anything is allocated for it: negative or larger
 * than `max` raises MalformedResponse.
 */
export function frameSize(api: ApiSchema, version: number, prefix: Buffer, max = MAX_FRAME_BYTES): number {
  const fail = (detail: string) => new MalformedResponse(api.response.name, version, detail)
  if (prefix.length < 4) throw fail(`a frame size needs 4 bytes, got ${prefix.length}`)
  const size = prefix.readInt32BE(0)
  if (size < 0 || size > max) throw fail(`frame size ${size} is outside 0-${max}`)
  return size
}

/** A whole request frame: size, request header (v1 or v2) and body. */
export function encodeRequestFrame<Req>(
  api: ApiSchema<Req>,
  version: number,
  header: { correlationId: number; clientId: string | null },
  body: Req,
): Buffer {
  const headerBytes = encodeMessage(RequestHeaderSchema, requestHeaderVersion(api, version), {
    requestApiKey: api.apiKey,
    requestApiVersion: version,
    correlationId: header.correlationId,
    clientId: header.clientId,
  })
  const bodyBytes = encodeMessage(api.request, version, body)
  const size = Buffer.allocUnsafe(4)
  size.writeInt32BE(headerBytes.length + bodyBytes.length)
  return Buffer.concat([size, headerBytes, bodyBytes])
}

/**
 * A response frame's payload (after the size prefix): the correlation id and the decoded body. The header
 * version follows the request version (ApiVersions: always v0).
 */
export function decodeResponseFrame<Res>(
  api: ApiSchema<unknown, Res>,
  version: number,
  payload: Buffer,
): { correlationId: number; body: Res } {
  const fail = (detail: string) => new MalformedResponse(api.response.name, version, detail)
  const r = new Reader(payload, fail)
  const header = readStruct(r, planOf(ResponseHeaderSchema, responseHeaderVersion(api, version)))
  return {
    correlationId: header.correlationId as number,
    body: decodeMessage(api.response, version, payload.subarray(r.offset)),
  }
}
