import { KtkError, shortened, usageError } from './errors.js'
import {
  type ConsumedRecord,
  isUtf8,
  type OutgoingRecord,
  type RecordHeader,
  type ValueEncoding,
} from './records.js'

/**
 * JSON Lines envelopes: one record per line, {"topic","partition","offset","timestamp","key","value",
 * "headers":[{"key","value"}]}. Bytes are written in the chosen encoding; under utf8, bytes that are not
 * valid UTF-8 are written in base64 and the envelope says so ("valueEncoding":"base64"), so that
 * `consume --output jsonl | produce --input jsonl` reproduces every record byte for byte.
 */
export function encodeBytes(
  bytes: Buffer | null,
  encoding: ValueEncoding,
): { text: string | null; encoding: ValueEncoding } {
  if (bytes === null) return { text: null, encoding }
  if (encoding === 'utf8') {
    return isUtf8(bytes)
      ? { text: bytes.toString('utf8'), encoding }
      : { text: bytes.toString('base64'), encoding: 'base64' }
  }
  return { text: bytes.toString(encoding), encoding }
}

export function toEnvelope(
  record: ConsumedRecord,
  keyEncoding: ValueEncoding,
  valueEncoding: ValueEncoding,
): string {
  const key = encodeBytes(record.key, keyEncoding)
  const value = encodeBytes(record.value, valueEncoding)
  const envelope: Record<string, unknown> = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    ...(record.timestampType === 1 ? { timestampType: 'LogAppendTime' } : {}),
    key: key.text,
    ...(key.encoding !== 'utf8' && key.text !== null ? { keyEncoding: key.encoding } : {}),
    value: value.text,
    ...(value.encoding !== 'utf8' && value.text !== null ? { valueEncoding: value.encoding } : {}),
    headers: record.headers.map((h) => {
      const v = encodeBytes(h.value, valueEncoding)
      return {
        key: h.key,
        value: v.text,
        ...(v.encoding !== 'utf8' && v.text !== null ? { encoding: v.encoding } : {}),
      }
    }),
  }
  return JSON.stringify(envelope)
}

function decodeBytes(text: unknown, encoding: ValueEncoding, what: string): Buffer | null {
  if (text === null || text === undefined) return null
  if (typeof text !== 'string') {
    if (what === 'value') return Buffer.from(JSON.stringify(text), 'utf8')
    throw usageError(`${what} must be a string or null`)
  }
  if (encoding === 'hex' && !/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw usageError(`${what} is not hex`)
  if (encoding === 'base64' && !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text))
    throw usageError(`${what} is not base64`)
  return Buffer.from(text, encoding)
}

const encodingOf = (value: unknown, fallback: ValueEncoding, what: string): ValueEncoding => {
  if (value === undefined || value === null) return fallback
  if (value === 'utf8' || value === 'base64' || value === 'hex') return value
  throw usageError(`${what} must be utf8, base64 or hex`)
}

/** The fields of an envelope: what consume writes (topic, offset, timestampType are read back and ignored). */
export const ENVELOPE_FIELDS: ReadonlySet<string> = new Set([
  'topic',
  'partition',
  'offset',
  'timestamp',
  'timestampType',
  'key',
  'keyEncoding',
  'value',
  'valueEncoding',
  'headers',
])
const HEADER_FIELDS = new Set(['key', 'value', 'encoding'])

/** A field name as it appears in a message: quoted, capped, so a hostile line cannot flood stderr. */
const fieldName = (name: string) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)

/**
 * Parses one envelope line into a record; throws a usage error (exit 2) whose message says what is
 * wrong. An unknown field is an error: a misspelt "valeu" must not produce a record with a null value.
 */
export function fromEnvelope(
  line: string,
  lineNumber: number,
  keyEncoding: ValueEncoding,
  valueEncoding: ValueEncoding,
): OutgoingRecord {
  let doc: unknown
  try {
    doc = JSON.parse(line)
  } catch (error) {
    throw usageError(`not JSON: ${(error as Error).message}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw usageError('not a JSON object')
  const e = doc as Record<string, unknown>
  const unknown = Object.keys(e).find((k) => !ENVELOPE_FIELDS.has(k))
  if (unknown !== undefined)
    throw usageError(
      `unknown field ${fieldName(unknown)} (an envelope has key, value, headers, partition, timestamp, keyEncoding, valueEncoding)`,
    )
  const valueEnc = encodingOf(e.valueEncoding, valueEncoding, 'valueEncoding')
  const record: OutgoingRecord = {
    line: lineNumber,
    key: decodeBytes(e.key, encodingOf(e.keyEncoding, keyEncoding, 'keyEncoding'), 'key'),
    value: decodeBytes(e.value, valueEnc, 'value'),
    headers: parseHeaders(e.headers, valueEncoding),
  }
  if (e.partition !== undefined && e.partition !== null) {
    if (!Number.isInteger(e.partition) || (e.partition as number) < 0)
      throw usageError('partition must be a non-negative integer')
    record.partition = e.partition as number
  }
  if (e.timestamp !== undefined && e.timestamp !== null) {
    const ts = typeof e.timestamp === 'string' ? Date.parse(e.timestamp) : e.timestamp
    if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0)
      throw usageError('timestamp must be epoch milliseconds or an ISO 8601 time')
    record.timestamp = ts
  }
  return record
}

function parseHeaders(raw: unknown, encoding: ValueEncoding): RecordHeader[] {
  if (raw === undefined || raw === null) return []
  if (Array.isArray(raw)) {
    return raw.map((h) => {
      if (Array.isArray(h) && typeof h[0] === 'string')
        return { key: h[0], value: decodeBytes(h[1], encoding, 'header value') }
      if (h && typeof h === 'object' && typeof (h as { key?: unknown }).key === 'string') {
        const x = h as { key: string; value?: unknown; encoding?: unknown }
        const extra = Object.keys(x).find((k) => !HEADER_FIELDS.has(k))
        if (extra !== undefined)
          throw usageError(`unknown header field ${fieldName(extra)} (a header has key, value, encoding)`)
        return {
          key: x.key,
          value: decodeBytes(x.value, encodingOf(x.encoding, encoding, 'header encoding'), 'header value'),
        }
      }
      throw usageError('headers must be [{"key","value"}], [[key, value]] or {key: value}')
    })
  }
  if (typeof raw === 'object') {
    return Object.entries(raw as Record<string, unknown>).map(([key, value]) => ({
      key,
      value: decodeBytes(value, encoding, 'header value'),
    }))
  }
  throw usageError('headers must be [{"key","value"}], [[key, value]] or {key: value}')
}

/** "k=v" of --header and --header-filter. */
export function parseHeaderArg(raw: string, flag: string): { key: string; value: string } {
  const i = raw.indexOf('=')
  if (i <= 0) throw new KtkError('USAGE', `${flag} "${shortened(raw)}" is not key=value`)
  return { key: raw.slice(0, i), value: raw.slice(i + 1) }
}
