import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { murmur2, partitionForKey, toPositive } from '../../../src/core/partitioner.js'

/** Generated from kafka-clients' own Utils.murmur2 by scripts/Murmur2Vectors.java. */
interface Vector {
  label: string
  text?: string
  hex: string
  murmur2: number
  partitions: Record<string, number>
}
interface VectorFile {
  kafkaClientsVersion: string
  partitionCounts: number[]
  vectors: Vector[]
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/murmur2-vectors.json', import.meta.url), 'utf8'),
) as VectorFile
const vectors = fixture.vectors
const bytesOf = (v: Vector) => Uint8Array.from(Buffer.from(v.hex, 'hex'))

describe('murmur2 vectors from the Java client', () => {
  it('fixture covers what the partitioner must get right', () => {
    expect(fixture.kafkaClientsVersion).toBe('4.1.2')
    expect(fixture.partitionCounts).toEqual([1, 3, 6, 12, 50, 100])
    expect(vectors.length).toBeGreaterThanOrEqual(300)
    const lengths = new Set(vectors.map((v) => v.hex.length / 2))
    for (let len = 0; len <= 20; len++) expect(lengths.has(len)).toBe(true)
    // Negative Java ints and non-ASCII / high-bit bytes are the classic porting bugs.
    expect(vectors.some((v) => v.murmur2 < 0)).toBe(true)
    expect(vectors.some((v) => bytesOf(v).some((b) => b >= 0x80))).toBe(true)
    expect(vectors.some((v) => v.text === '🔑key')).toBe(true)
    expect(vectors.some((v) => v.text === 'ключ')).toBe(true)
  })

  it.each(vectors.map((v) => [v.label, v] as const))(
    '%s: hash and partitions equal the Java client',
    (_, v) => {
      const bytes = bytesOf(v)
      expect(murmur2(bytes)).toBe(v.murmur2)
      const partitions = Object.fromEntries(
        fixture.partitionCounts.map((n) => [String(n), partitionForKey(bytes, n)]),
      )
      expect(partitions).toEqual(v.partitions)
      // Text keys: JavaScript's UTF-8 encoding must give the bytes Java hashed.
      if (v.text !== undefined) expect(Buffer.from(v.text, 'utf8').toString('hex')).toBe(v.hex)
    },
  )
})

describe('murmur2 known values', () => {
  // Anchors checked against Utils.murmur2 of kafka-clients 4.1.2 (also in Kafka's own UtilsTest).
  it.each([
    ['', 275646681],
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%j) = %i', (text, expected) => {
    expect(murmur2(new TextEncoder().encode(text))).toBe(expected)
  })

  it('returns a signed 32-bit integer', () => {
    for (const v of vectors) {
      const h = murmur2(bytesOf(v))
      expect(Number.isInteger(h)).toBe(true)
      expect(h).toBe(h | 0)
    }
  })

  it('does not depend on the buffer view offset', () => {
    const backing = Buffer.from('xxkeyxx')
    expect(murmur2(backing.subarray(2, 5))).toBe(murmur2(Buffer.from('key')))
  })
})

describe('toPositive', () => {
  it.each([
    [0, 0],
    [1, 1],
    [-1, 0x7fffffff],
    [-2147483648, 0],
    [2147483647, 2147483647],
    [-790332482, -790332482 & 0x7fffffff],
  ])('toPositive(%i) = %i', (input, expected) => {
    expect(toPositive(input)).toBe(expected)
  })
})

describe('partitionForKey argument checks', () => {
  const key = new TextEncoder().encode('key')
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for %s partitions', (n) => {
    expect(() => partitionForKey(key, n)).toThrow(RangeError)
  })

  it('one partition always gives partition 0', () => {
    for (const v of vectors) expect(partitionForKey(bytesOf(v), 1)).toBe(0)
  })
})
