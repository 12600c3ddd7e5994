import { describe, expect, it } from 'vitest'
import { Reader, Writer } from '../../../../src/kafka/protocol/codec.js'

const hex = (w: Writer) => w.buffer.toString('hex')
const reader = (w: Writer) => new Reader(Buffer.from(w.buffer))

describe('fixed-width integers', () => {
  it.each([
    ['int8', 0, '00'],
    ['int8', 127, '7f'],
    ['int8', -1, 'ff'],
    ['int8', -128, '80'],
    ['int16', 0, '0000'],
    ['int16', 1, '0001'],
    ['int16', -1, 'ffff'],
    ['int16', 32767, '7fff'],
    ['int16', -32768, '8000'],
    ['int32', 1, '00000001'],
    ['int32', -1, 'ffffffff'],
    ['int32', 2147483647, '7fffffff'],
    ['int32', -2147483648, '80000000'],
    ['int32', 0x01020304, '01020304'],
  ] as const)('%s %i is big-endian %s and reads back', (kind, value, expected) => {
    const w = new Writer()[kind](value)
    expect(hex(w)).toBe(expected)
    const r = reader(w)
    expect(r[kind]()).toBe(value)
    expect(r.offset).toBe(expected.length / 2)
  })

  it.each<[bigint | number, string]>([
    [0n, '0000000000000000'],
    [1n, '0000000000000001'],
    [-1n, 'ffffffffffffffff'],
    [9223372036854775807n, '7fffffffffffffff'],
    [-9223372036854775808n, '8000000000000000'],
    [1_700_000_000_000, '0000018bcfe56800'],
  ])('int64 %s', (value, expected) => {
    const w = new Writer().int64(value)
    expect(hex(w)).toBe(expected)
    expect(reader(w).int64()).toBe(BigInt(value))
  })

  it('int16 and int32 reject values that do not fit', () => {
    expect(() => new Writer().int16(32768)).toThrow(RangeError)
    expect(() => new Writer().int32(2 ** 31)).toThrow(RangeError)
  })

  it.each([
    [true, '01'],
    [false, '00'],
  ])('bool %s', (value, expected) => {
    const w = new Writer().bool(value)
    expect(hex(w)).toBe(expected)
    expect(reader(w).bool()).toBe(value)
  })
})

describe('uvarint (protobuf-style unsigned varint)', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8001'],
    [300, 'ac02'],
    [16383, 'ff7f'],
    [16384, '808001'],
    [2 ** 21, '80808001'],
    [2 ** 28, '8080808001'],
    [2 ** 31 - 1, 'ffffffff07'],
  ])('%i <-> %s', (value, expected) => {
    const w = new Writer().uvarint(value)
    expect(hex(w)).toBe(expected)
    const r = reader(w)
    expect(r.uvarint()).toBe(value)
    expect(r.offset).toBe(expected.length / 2)
  })

  it('a truncated uvarint is a RangeError', () => {
    expect(() => new Reader(Buffer.from([0x80, 0x80])).uvarint()).toThrow(RangeError)
    expect(() => new Reader(Buffer.alloc(0)).uvarint()).toThrow(RangeError)
  })
})

describe('strings', () => {
  it.each<[string | null, string]>([
    [null, 'ffff'],
    ['', '0000'],
    ['abc', '0003616263'],
    ['é', '0002c3a9'],
    ['🔑', '0004f09f9491'],
  ])('string %j -> %s', (value, expected) => {
    const w = new Writer().string(value)
    expect(hex(w)).toBe(expected)
    expect(reader(w).string()).toBe(value)
  })

  it.each<[string | null, string]>([
    [null, '00'],
    ['', '01'],
    ['abc', '04616263'],
    ['ключ', '09d0bad0bbd18ed187'],
  ])('compactString %j -> %s', (value, expected) => {
    const w = new Writer().compactString(value)
    expect(hex(w)).toBe(expected)
    expect(reader(w).compactString()).toBe(value)
  })

  it('a long compact string uses a multi-byte length and grows the buffer', () => {
    const long = 'x'.repeat(1000)
    const w = new Writer().compactString(long).int8(7)
    expect(w.buffer.subarray(0, 2).toString('hex')).toBe('e907') // 1001 as a uvarint
    expect(w.buffer.length).toBe(2 + 1000 + 1)
    const r = reader(w)
    expect(r.compactString()).toBe(long)
    expect(r.int8()).toBe(7)
  })

  it('a string longer than the initial buffer round-trips', () => {
    const long = 'é'.repeat(600) // 1200 bytes
    const w = new Writer().int32(1).string(long).int32(2)
    const r = reader(w)
    expect(r.int32()).toBe(1)
    expect(r.string()).toBe(long)
    expect(r.int32()).toBe(2)
    expect(r.offset).toBe(w.buffer.length)
  })
})

describe('arrays', () => {
  it('array of int32', () => {
    const w = new Writer().array([1, 2, 3], (x, v) => x.int32(v))
    expect(hex(w)).toBe(`00000003${'00000001'}${'00000002'}${'00000003'}`)
    expect(reader(w).array((r) => r.int32())).toEqual([1, 2, 3])
  })

  it('empty array', () => {
    const w = new Writer().array([], (x, v: number) => x.int32(v))
    expect(hex(w)).toBe('00000000')
    expect(reader(w).array((r) => r.int32())).toEqual([])
  })

  it('null array is length -1 and reads as empty without consuming more', () => {
    const w = new Writer().array(null, (x, v: number) => x.int32(v)).int8(9)
    expect(hex(w)).toBe('ffffffff09')
    const r = reader(w)
    expect(r.array((rr) => rr.int32())).toEqual([])
    expect(r.int8()).toBe(9)
  })

  it('compactArray of compact strings', () => {
    const w = new Writer().compactArray(['a', null, 'bc'], (x, v) => x.compactString(v))
    expect(hex(w)).toBe('04' + '0261' + '00' + '036263')
    expect(reader(w).compactArray((r) => r.compactString())).toEqual(['a', null, 'bc'])
  })

  it('empty and null compact arrays', () => {
    expect(hex(new Writer().compactArray([], (x, v: number) => x.int8(v)))).toBe('01')
    const w = new Writer().compactArray(null, (x, v: number) => x.int8(v)).int8(5)
    expect(hex(w)).toBe('0005')
    const r = reader(w)
    expect(r.compactArray((rr) => rr.int8())).toEqual([])
    expect(r.int8()).toBe(5)
  })

  it('nested arrays of structs with tags round-trip', () => {
    const topics = [
      { name: 'orders', partitions: [0, 1, 2] },
      { name: 'payments', partitions: [] as number[] },
    ]
    const w = new Writer()
      .compactArray(topics, (x, t) =>
        x
          .compactString(t.name)
          .compactArray(t.partitions, (y, p) => y.int32(p))
          .tags(),
      )
      .tags()
    const r = reader(w)
    const decoded = r.compactArray((rr) => {
      const name = rr.compactString()
      const partitions = rr.compactArray((q) => q.int32())
      rr.tags()
      return { name, partitions }
    })
    r.tags()
    expect(decoded).toEqual(topics)
    expect(r.offset).toBe(w.buffer.length)
  })
})

describe('tagged fields', () => {
  it('Writer.tags() writes an empty section', () => {
    expect(hex(new Writer().tags())).toBe('00')
  })

  it('Reader.tags() skips tagged fields and leaves the reader after them', () => {
    // 2 fields: tag 0 with 3 bytes, tag 300 (varint ac02) with 1 byte; then an int16 payload.
    const buf = Buffer.from('02' + '00' + '03' + 'aabbcc' + 'ac02' + '01' + 'dd' + '1234', 'hex')
    const r = new Reader(buf)
    r.tags()
    expect(r.offset).toBe(buf.length - 2)
    expect(r.int16()).toBe(0x1234)
  })

  it('Reader.tags() on an empty section consumes one byte', () => {
    const r = new Reader(Buffer.from('0042', 'hex'))
    r.tags()
    expect(r.int8()).toBe(0x42)
  })
})

describe('Reader helpers', () => {
  it('raw and uuid', () => {
    const id = Buffer.from('00112233445566778899aabbccddeeff', 'hex')
    const r = new Reader(Buffer.concat([Buffer.from([1, 2]), id]))
    expect([...r.raw(2)]).toEqual([1, 2])
    expect(r.uuid()).toBe(id.toString('base64url'))
    expect(r.offset).toBe(18)
  })

  it('a mixed sequence round-trips in order', () => {
    const w = new Writer()
      .int8(-5)
      .int16(-300)
      .int32(123456789)
      .int64(-42n)
      .uvarint(300)
      .string('s')
      .compactString(null)
      .bool(true)
    const r = reader(w)
    expect([
      r.int8(),
      r.int16(),
      r.int32(),
      r.int64(),
      r.uvarint(),
      r.string(),
      r.compactString(),
      r.bool(),
    ]).toEqual([-5, -300, 123456789, -42n, 300, 's', null, true])
    expect(r.offset).toBe(w.buffer.length)
  })

  it('Writer.buffer is only the written bytes, also after growing', () => {
    const w = new Writer()
    for (let i = 0; i < 100; i++) w.int32(i)
    expect(w.buffer.length).toBe(400)
    const r = new Reader(Buffer.from(w.buffer))
    for (let i = 0; i < 100; i++) expect(r.int32()).toBe(i)
  })
})

describe('a truncated or corrupt response fails instead of decoding short', () => {
  it('bytes that run past the end are a RangeError, not fewer bytes', () => {
    const r = new Reader(Buffer.from('0000000a0102', 'hex'))
    expect(() => r.bytes()).toThrow(RangeError)
    expect(() => new Reader(Buffer.from('0b01', 'hex')).compactBytes()).toThrow(/run past the end/)
  })

  it('an array count larger than the bytes left is a RangeError before any item is read', () => {
    let items = 0
    const read = (x: Reader) => {
      items++
      return x.int8()
    }
    expect(() => new Reader(Buffer.from('7fffffff00', 'hex')).array(read)).toThrow(
      'an array of 2147483647 items cannot fit in the 1 bytes left',
    )
    expect(() => new Reader(Buffer.from('0600', 'hex')).compactArray(read)).toThrow(
      'an array of 5 items cannot fit in the 1 bytes left',
    )
    expect(items).toBe(0)
  })
})
