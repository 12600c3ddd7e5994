import { describe, expect, it } from 'vitest'
import { VarintError, VarintReader } from '../../../src/core/varint.js'

const read = (hex: string) => new VarintReader(Buffer.from(hex, 'hex'))

describe('VarintReader', () => {
  it('reads unsigned varints and advances past them', () => {
    const r = read('00' + '7f' + 'ac02' + 'ffffffff0f')
    expect([r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint()]).toEqual([0, 127, 300, 4294967295])
    expect(r.pos).toBe(9)
  })

  it('an unsigned varint running past the end is a RangeError', () => {
    expect(() => read('8080').uvarint()).toThrow(RangeError)
    expect(() => read('8080').uvarint()).toThrow('uvarint runs past the end of the response')
  })

  it('an unsigned varint longer than the caller allows is refused where it starts, without moving', () => {
    const r = new VarintReader(Buffer.from('00ffffffffff01', 'hex'), 1)
    const error = (() => {
      try {
        r.uvarint(5)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(VarintError)
    expect((error as VarintError).message).toBe('a varint longer than 5 bytes at offset 1')
    expect(r.pos).toBe(1)
    // Without a limit the same bytes are one varint of six.
    expect(r.uvarint()).toBe(2 ** 35 - 1 + 2 ** 35)
    expect(r.pos).toBe(7)
  })

  it('reads zigzag varints and varlongs', () => {
    const r = read('00' + '01' + '02' + 'feffffff0f' + 'ffffffff0f')
    expect([r.varint(), r.varint(), r.varint(), r.varint(), r.varint()]).toEqual([
      0, -1, 1, 2147483647, -2147483648,
    ])
    // 2^40 zigzagged is 2^41: 41 bits, six bytes of seven bits.
    expect(read('808080808040').varlong()).toBe(2 ** 40)
    expect(read('03').varlong()).toBe(-2)
  })

  it('starts where it is told', () => {
    expect(new VarintReader(Buffer.from('ff02', 'hex'), 1).varint()).toBe(1)
  })
})
