import { describe, expect, it } from 'vitest'
import { fromEnvelope, toEnvelope } from '../../../src/core/envelope.js'
import type { ConsumedRecord } from '../../../src/core/records.js'
import { thrown } from '../../helpers/thrown.js'

const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x22])

function record(overrides: Partial<ConsumedRecord>): ConsumedRecord {
  return {
    topic: 't',
    partition: 1,
    offset: 5,
    timestamp: 1700000000000,
    timestampType: 0,
    key: Buffer.from('k'),
    value: Buffer.from('{"a":1}'),
    headers: [],
    ...overrides,
  }
}

describe('jsonl envelopes', () => {
  it('round-trips binary keys, values and headers, null values and null keys byte for byte', () => {
    const cases: Partial<ConsumedRecord>[] = [
      {
        value: binary,
        key: binary,
        headers: [
          { key: 'h', value: binary },
          { key: 'n', value: null },
        ],
      },
      { value: null },
      { key: null, value: Buffer.from('héllo\n"quoted"') },
      { value: Buffer.alloc(0), key: Buffer.alloc(0) },
    ]
    for (const encoding of ['utf8', 'base64', 'hex'] as const) {
      for (const c of cases) {
        const original = record(c)
        const line = toEnvelope(original, encoding, encoding)
        const back = fromEnvelope(line, 1, encoding, encoding)
        expect(back.key === null ? null : [...back.key]).toEqual(
          original.key === null ? null : [...original.key],
        )
        expect(back.value === null ? null : [...back.value]).toEqual(
          original.value === null ? null : [...original.value],
        )
        expect(back.headers.map((h) => [h.key, h.value === null ? null : [...h.value]])).toEqual(
          original.headers.map((h) => [h.key, h.value === null ? null : [...h.value]]),
        )
        expect(back.timestamp).toBe(original.timestamp)
        expect(back.partition).toBe(original.partition)
      }
    }
  })

  it('under utf8, bytes that are not UTF-8 are written in base64 and say so', () => {
    const doc = JSON.parse(toEnvelope(record({ value: binary }), 'utf8', 'utf8'))
    expect(doc.valueEncoding).toBe('base64')
    expect(doc.value).toBe(binary.toString('base64'))
    expect(JSON.parse(toEnvelope(record({}), 'utf8', 'utf8')).valueEncoding).toBeUndefined()
  })

  it('accepts convenient input: JSON values, header objects, ISO timestamps', () => {
    const r = fromEnvelope(
      '{"key":"k","value":{"total":3},"headers":{"src":"x"},"timestamp":"2024-05-01T00:00:00Z"}',
      9,
      'utf8',
      'utf8',
    )
    expect(r.value?.toString()).toBe('{"total":3}')
    expect(r.headers.map((h) => [h.key, h.value?.toString()])).toEqual([['src', 'x']])
    expect(r.timestamp).toBe(Date.parse('2024-05-01T00:00:00Z'))
    expect(r.line).toBe(9)
  })

  it.each([
    ['not json', /not JSON/],
    ['[1]', /not a JSON object/],
    ['{"partition":-1}', /partition/],
    ['{"value":"zz","valueEncoding":"hex"}', /not hex/],
    ['{"key":5}', /key must be/],
    ['{"timestamp":"soon"}', /timestamp/],
    ['{"headers":5}', /headers/],
    ['{"valeu":"x"}', /unknown field "valeu"/],
    ['{"value":"x","headers":[{"key":"h","valu":"y"}]}', /unknown header field "valu"/],
    ['{"timestamp":1e300}', /timestamp/],
  ])('%s is rejected as a usage error (exit 2)', (line, problem) => {
    expect(() => fromEnvelope(line, 1, 'utf8', 'utf8')).toThrow(problem)
    expect(thrown(() => fromEnvelope(line, 1, 'utf8', 'utf8'))).toMatchObject({ code: 'USAGE', exit: 2 })
  })

  it('reads back every field consume writes (topic, offset and timestampType are ignored)', () => {
    const line = toEnvelope(record({ timestampType: 1 }), 'utf8', 'utf8')
    expect(JSON.parse(line).timestampType).toBe('LogAppendTime')
    expect(fromEnvelope(line, 1, 'utf8', 'utf8').value?.toString()).toBe('{"a":1}')
  })
})
