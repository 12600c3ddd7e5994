import type { ByteWriter } from './byte-writer.js'
import { KtkError } from './errors.js'
import { headersOf, type RecordBlock } from './records.js'

/**
 * kcat-style output formats, compiled once: %t topic, %p partition, %o offset, %k key, %v or %s value,
 * %T timestamp (ms), %h headers (k=v,k2=v2), %K key length, %S value length, %% a percent sign;
 * escapes \n \t \r \\ and \0. Keys and values are written as their raw bytes (null as "null", like
 * kafka-console-consumer), so binary data passes through unchanged.
 */
export type RecordFormatter = (block: RecordBlock, i: number, out: ByteWriter) => void

const NULL = Buffer.from('null')

function key(b: RecordBlock, i: number, out: ByteWriter): void {
  const length = b.keyLength[i]!
  if (length < 0) out.bytes(NULL)
  else out.copy(b.datas[b.data[i]!]!, b.keyStart[i]!, b.keyStart[i]! + length)
}

function value(b: RecordBlock, i: number, out: ByteWriter): void {
  const length = b.valueLength[i]!
  if (length < 0) out.bytes(NULL)
  else out.copy(b.datas[b.data[i]!]!, b.valueStart[i]!, b.valueStart[i]! + length)
}

const FIELDS: Record<string, (b: RecordBlock, i: number, out: ByteWriter) => void> = {
  t: (b, _i, out) => out.text(b.topic),
  p: (b, _i, out) => out.text(String(b.partition)),
  o: (b, i, out) => out.text(String(b.offset[i])),
  k: key,
  v: value,
  s: value,
  T: (b, i, out) => out.text(String(b.timestamp[i])),
  K: (b, i, out) => out.text(String(b.keyLength[i])),
  S: (b, i, out) => out.text(String(b.valueLength[i])),
  h: (b, i, out) => {
    headersOf(b, i).forEach((h, n) => {
      out.text(`${n > 0 ? ',' : ''}${h.key}=`)
      out.bytes(h.value ?? NULL)
    })
  },
}

export function compileFormat(format: string): RecordFormatter {
  const parts: (Buffer | ((b: RecordBlock, i: number, out: ByteWriter) => void))[] = []
  let literal = ''
  const flush = () => {
    if (literal !== '') parts.push(Buffer.from(literal, 'utf8'))
    literal = ''
  }
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!
    if (c === '\\' && i + 1 < format.length) {
      const e = format[++i]!
      const escaped = ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '0': '\0' } as Record<string, string>)[e]
      if (escaped === undefined)
        throw new KtkError('USAGE', `--format: unknown escape \\${e}`, {
          hints: ['escapes: \\n \\t \\r \\\\ \\0'],
        })
      literal += escaped
    } else if (c === '%' && i + 1 < format.length) {
      const token = format[++i]!
      if (token === '%') {
        literal += '%'
        continue
      }
      const field = FIELDS[token]
      if (!field)
        throw new KtkError('USAGE', `--format: unknown token %${token}`, {
          hints: [
            'tokens: %t topic, %p partition, %o offset, %k key, %v value, %T timestamp, %h headers, %K/%S key/value length',
          ],
        })
      flush()
      parts.push(field)
    } else literal += c
  }
  flush()
  return (b, i, out) => {
    for (const part of parts) {
      if (typeof part === 'function') part(b, i, out)
      else out.bytes(part)
    }
  }
}

/** The default text output: each value on its own line, as kafka-console-consumer prints it. */
export const VALUE_LINES: RecordFormatter = (b, i, out) => {
  value(b, i, out)
  out.byte(10)
}
