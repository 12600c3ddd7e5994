import type { OutgoingRecord, RecordHeader, ValueEncoding } from './records.js'

const NL = 10

/**
 * Splits a byte stream into lines, without decoding: lines end at "\n" only, so any byte (and "\r")
 * inside a line is kept. Line numbers start at 1; a final line without "\n" counts, an empty one not.
 */
export class LineSplitter {
  private rest: Buffer | null = null
  private lineNumber = 0

  /** onLine gets each line as source[start, end): a view into the chunk, valid during the call. */
  constructor(
    private readonly onLine: (source: Buffer, start: number, end: number, lineNumber: number) => void,
  ) {}

  get lines(): number {
    return this.lineNumber
  }

  push(chunk: Buffer): void {
    let start = 0
    if (this.rest) {
      const nl = chunk.indexOf(NL)
      if (nl < 0) {
        this.rest = Buffer.concat([this.rest, chunk])
        return
      }
      const line = Buffer.concat([this.rest, chunk.subarray(0, nl)])
      this.rest = null
      this.onLine(line, 0, line.length, ++this.lineNumber)
      start = nl + 1
    }
    for (;;) {
      const nl = chunk.indexOf(NL, start)
      if (nl < 0) break
      this.onLine(chunk, start, nl, ++this.lineNumber)
      start = nl + 1
    }
    if (start < chunk.length) this.rest = Buffer.from(chunk.subarray(start))
  }

  end(): void {
    if (this.rest && this.rest.length > 0) this.onLine(this.rest, 0, this.rest.length, ++this.lineNumber)
    this.rest = null
  }
}

export interface LineModeOptions {
  /** Splits each line at its first occurrence into key and value. */
  keySeparator: Buffer | null
  /** One key for every record. */
  fixedKey: Buffer | null
  /** Tombstones: every value is null, and the line (or its part before the separator) is the key. */
  nullValue: boolean
  headers: RecordHeader[]
  partition?: number
  /** utf8 takes the line's bytes as they are; base64 and hex decode them. */
  keyEncoding: ValueEncoding
  valueEncoding: ValueEncoding
}

function decode(bytes: Buffer, encoding: ValueEncoding, what: string): Buffer {
  if (encoding === 'utf8') return bytes
  const text = bytes.toString('latin1').trim()
  if (encoding === 'hex' ? !/^(?:[0-9a-fA-F]{2})*$/.test(text) : !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text))
    throw new Error(`the ${what} is not ${encoding}`)
  return Buffer.from(text, encoding)
}

/** One input line as a record; throws an Error saying what is wrong with the line. */
export function lineToRecord(line: Buffer, lineNumber: number, o: LineModeOptions): OutgoingRecord {
  let key = o.fixedKey
  let value: Buffer | null = line
  if (o.keySeparator) {
    const i = line.indexOf(o.keySeparator)
    if (i < 0) {
      if (!o.nullValue) throw new Error('no key separator on the line')
      key = line
    } else {
      key = line.subarray(0, i)
      value = line.subarray(i + o.keySeparator.length)
    }
  } else if (o.nullValue && !o.fixedKey) {
    key = line
  }
  if (key !== null && key !== o.fixedKey) key = decode(key, o.keyEncoding, 'key')
  value = o.nullValue || value === null ? null : decode(value, o.valueEncoding, 'value')
  const record: OutgoingRecord = { line: lineNumber, key, value, headers: o.headers }
  if (o.partition !== undefined) record.partition = o.partition
  return record
}

/**
 * lineToRecord without copying or allocating per line, for the common case (utf8, no tombstones): the
 * record object is reused and its value is a range of the input chunk. Use it before the next call.
 */
export class LineRecords {
  private readonly record: OutgoingRecord
  private readonly separatorByte: number

  constructor(private readonly o: LineModeOptions) {
    this.record = { line: 0, key: null, value: null, headers: o.headers, valueStart: 0, valueEnd: 0 }
    if (o.partition !== undefined) this.record.partition = o.partition
    this.separatorByte = o.keySeparator?.length === 1 ? o.keySeparator[0]! : -1
  }

  /** True when lines can go through next(); otherwise use lineToRecord. */
  static fast(o: LineModeOptions): boolean {
    return o.keyEncoding === 'utf8' && o.valueEncoding === 'utf8' && !o.nullValue
  }

  next(source: Buffer, start: number, end: number, lineNumber: number): OutgoingRecord {
    const r = this.record
    r.line = lineNumber
    r.value = source
    r.valueEnd = end
    const separator = this.o.keySeparator
    if (!separator) {
      r.key = this.o.fixedKey
      r.valueStart = start
      return r
    }
    let at = -1
    if (this.separatorByte >= 0) {
      for (let i = start; i < end; i++)
        if (source[i] === this.separatorByte) {
          at = i
          break
        }
    } else {
      const i = source.subarray(start, end).indexOf(separator)
      at = i < 0 ? -1 : start + i
    }
    if (at < 0) throw new Error('no key separator on the line')
    r.key = source.subarray(start, at)
    r.valueStart = at + separator.length
    return r
  }
}
