import { describe, expect, it } from 'vitest'
import {
  type LineModeOptions,
  LineRecords,
  LineSplitter,
  lineToRecord,
} from '../../../src/core/line-input.js'
import { fromRanges, toRanges } from '../../../src/core/line-ranges.js'

function split(chunks: Buffer[]): [string, number][] {
  const out: [string, number][] = []
  const s = new LineSplitter((source, start, end, n) => out.push([source.toString('latin1', start, end), n]))
  for (const c of chunks) s.push(c)
  s.end()
  return out
}

const base: LineModeOptions = {
  keySeparator: null,
  fixedKey: null,
  nullValue: false,
  headers: [],
  keyEncoding: 'utf8',
  valueEncoding: 'utf8',
}

describe('LineSplitter', () => {
  it('splits on \\n only, across chunk boundaries, keeping \\r and any byte', () => {
    expect(
      split([Buffer.from('a\nb'), Buffer.from('c\r\n\n'), Buffer.from([0xff, 0x00, 0x0a, 0x64])]),
    ).toEqual([
      ['a', 1],
      ['bc\r', 2],
      ['', 3],
      ['\xff\x00', 4],
      ['d', 5],
    ])
  })

  it('a line spread over many chunks is one line; a final newline adds no empty line', () => {
    expect(split([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef\n')])).toEqual([['abcdef', 1]])
    expect(split([])).toEqual([])
  })
})

describe('lineToRecord', () => {
  it('splits key and value at the first separator', () => {
    const r = lineToRecord(Buffer.from('k1::v::1'), 7, { ...base, keySeparator: Buffer.from('::') })
    expect([r.line, r.key?.toString(), r.value?.toString()]).toEqual([7, 'k1', 'v::1'])
  })

  it('a line without the separator is an error for that line', () => {
    expect(() =>
      lineToRecord(Buffer.from('novalue'), 1, { ...base, keySeparator: Buffer.from(':') }),
    ).toThrow(/no key separator/)
  })

  it('--null-value makes tombstones keyed by the line', () => {
    const r = lineToRecord(Buffer.from('user-1'), 1, { ...base, nullValue: true })
    expect([r.key?.toString(), r.value]).toEqual(['user-1', null])
    const s = lineToRecord(Buffer.from('user-2:ignored'), 2, {
      ...base,
      nullValue: true,
      keySeparator: Buffer.from(':'),
    })
    expect([s.key?.toString(), s.value]).toEqual(['user-2', null])
  })

  it('decodes base64 and hex values and keys', () => {
    const r = lineToRecord(Buffer.from('00ff:AAEC'), 1, {
      ...base,
      keySeparator: Buffer.from(':'),
      keyEncoding: 'hex',
      valueEncoding: 'base64',
    })
    expect([...r.key!]).toEqual([0x00, 0xff])
    expect([...r.value!]).toEqual([0, 1, 2])
    expect(() => lineToRecord(Buffer.from('zz'), 1, { ...base, valueEncoding: 'hex' })).toThrow(/not hex/)
  })

  it('a fixed key and a fixed partition apply to every line', () => {
    const r = lineToRecord(Buffer.from('v'), 3, { ...base, fixedKey: Buffer.from('K'), partition: 2 })
    expect([r.key?.toString(), r.value?.toString(), r.partition]).toEqual(['K', 'v', 2])
  })
})

describe('LineRecords (the copy-free path)', () => {
  const value = (r: { value: Buffer | null; valueStart?: number; valueEnd?: number }) =>
    r.value!.toString('latin1', r.valueStart, r.valueEnd)

  it('agrees with lineToRecord, for one-byte and longer separators and fixed keys', () => {
    const chunk = Buffer.from('xxk1:v:1yy')
    for (const options of [
      { ...base, keySeparator: Buffer.from(':') },
      { ...base, keySeparator: Buffer.from('1:') },
      { ...base, fixedKey: Buffer.from('K'), partition: 3 },
      base,
    ]) {
      expect(LineRecords.fast(options)).toBe(true)
      const fast = new LineRecords(options).next(chunk, 2, 8, 4)
      const slow = lineToRecord(chunk.subarray(2, 8), 4, options)
      expect([fast.line, fast.key?.toString(), value(fast), fast.partition]).toEqual([
        slow.line,
        slow.key?.toString(),
        slow.value?.toString('latin1'),
        slow.partition,
      ])
    }
  })

  it('only looks for the separator inside the line', () => {
    const chunk = Buffer.from('novalue\nk:v')
    expect(() => new LineRecords({ ...base, keySeparator: Buffer.from(':') }).next(chunk, 0, 7, 1)).toThrow(
      /no key separator/,
    )
    expect(() =>
      new LineRecords({ ...base, keySeparator: Buffer.from('::') }).next(Buffer.from('a\n::'), 0, 1, 1),
    ).toThrow(/no key separator/)
  })

  it('is not used for tombstones or encoded input', () => {
    expect(LineRecords.fast({ ...base, nullValue: true })).toBe(false)
    expect(LineRecords.fast({ ...base, valueEncoding: 'base64' })).toBe(false)
  })
})

describe('line ranges', () => {
  it('compresses and expands', () => {
    expect(toRanges([5, 1, 2, 3, 9, 10, 12])).toBe('1-3,5,9-10,12')
    expect(toRanges([])).toBe('')
    expect(fromRanges('1-3,5,9-10,12')).toEqual([1, 2, 3, 5, 9, 10, 12])
  })
})
