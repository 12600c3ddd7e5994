import type { OutgoingRecord, RecordHeader, ValueEncoding } from './records.js'

const NL = 10

/**
 * Splits a byte stream into lines, without decoding: lines end at "\n" only, so any byte (and "\r")
 * inside a line is kept. Line numbers start at 1; a final line without "\n" counts, an empty one not.
 */
export class LineSplitter {
  private rest: Buffer | null = null
  private lineNumber = 0

  constructor(private readonly onLine: (line: Buffer, lineNumber: number) => void) {}

  get lines(): number {
    return this.lineNumber
  }

  push(chunk: Buffer): void {
    let start = 0
    let data = chunk
    if (this.rest) {
      const nl = chunk.indexOf(NL)
      if (nl < 0) {
        this.rest = Buffer.concat([this.rest, chunk])
        return
      }
      this.onLine(Buffer.concat([this.rest, chunk.subarray(0, nl)]), ++this.lineNumber)
      this.rest = null
      start = nl + 1
      data = chunk
    }
    for (;;) {
      const nl = data.indexOf(NL, start)
      if (nl < 0) break
      this.onLine(data.subarray(start, nl), ++this.lineNumber)
      start = nl + 1
    }
    if (start < data.length) this.rest = Buffer.from(data.subarray(start))
  }

  end(): void {
    if (this.rest && this.rest.length > 0) this.onLine(this.rest, ++this.lineNumber)
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
