import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENVELOPE_FIELDS, fromEnvelope, parseHeaderArg } from '../../../src/core/envelope.js'
import { KtkError } from '../../../src/core/errors.js'
import { compileFormat } from '../../../src/core/record-format.js'

/** Runs a parser: it returns a value, or throws a KtkError with exit 2; anything else is a bug. */
function valueOrUsageError(parse: () => unknown): 'value' | 'usage' {
  try {
    parse()
    return 'value'
  } catch (error) {
    expect(error, `not a KtkError: ${String(error)}`).toBeInstanceOf(KtkError)
    expect((error as KtkError).exit).toBe(2)
    expect((error as KtkError).message.length).toBeLessThan(400)
    return 'usage'
  }
}

// Formats built from the pieces that matter (tokens, escapes, lone % and \) as well as any text.
const formatPiece = fc.oneof(
  fc.constantFrom(
    '%t',
    '%p',
    '%o',
    '%k',
    '%v',
    '%s',
    '%T',
    '%h',
    '%K',
    '%S',
    '%%',
    '\\n',
    '\\t',
    '\\0',
    '%',
    '\\',
  ),
  fc.string({ maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
)
const format = fc.oneof(
  fc.array(formatPiece, { maxLength: 12 }).map((p) => p.join('')),
  fc.string(),
)

// Envelopes: JSON objects with known and unknown fields and values of every JSON type, and any text.
const jsonValue = fc.jsonValue({ maxDepth: 3 })
const field = fc.constantFrom(
  'key',
  'value',
  'headers',
  'partition',
  'timestamp',
  'keyEncoding',
  'valueEncoding',
  'topic',
  'offset',
  'valeu',
  '__proto__',
  'constructor',
)
const envelope = fc.oneof(
  fc
    .dictionary(field, fc.oneof(jsonValue, fc.constantFrom('utf8', 'base64', 'hex', 'zz', '2024-02-30')))
    .map((o) => JSON.stringify(o)),
  fc
    .record({ headers: fc.oneof(jsonValue, fc.array(fc.tuple(fc.string(), jsonValue))) })
    .map((o) => JSON.stringify(o)),
  jsonValue.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.string({ unit: 'binary' }),
)
const encoding = fc.constantFrom('utf8', 'base64', 'hex') as fc.Arbitrary<'utf8' | 'base64' | 'hex'>

describe('record parsers never throw anything but a usage error', () => {
  it('--format strings compile or are a usage error', () => {
    fc.assert(
      fc.property(format, (f) => void valueOrUsageError(() => compileFormat(f))),
      { numRuns: 2000 },
    )
  })

  it('jsonl envelope lines parse or are a usage error', () => {
    fc.assert(
      fc.property(
        envelope,
        encoding,
        encoding,
        (line, k, v) => void valueOrUsageError(() => fromEnvelope(line, 7, k, v)),
      ),
      { numRuns: 3000 },
    )
  })

  it('--header and --header-filter values parse or are a usage error', () => {
    fc.assert(fc.property(fc.string(), (h) => void valueOrUsageError(() => parseHeaderArg(h, '--header'))))
  })

  it('an unknown envelope field is an error naming the field, never a record', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !ENVELOPE_FIELDS.has(k)),
        (name) => {
          expect(() => fromEnvelope(JSON.stringify({ [name]: 'x' }), 1, 'utf8', 'utf8')).toThrow(
            `unknown field ${JSON.stringify(name)}`,
          )
        },
      ),
    )
  })
})
