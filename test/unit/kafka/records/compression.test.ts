import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMPRESSION_CODE, decompress } from '../../../../src/kafka/records/compression.js'

interface Vectors {
  vectors: {
    codec: 'gzip' | 'snappy' | 'lz4' | 'zstd'
    name: string
    plainLength: number
    plainSha256: string
    compressed: string
  }[]
}
const { vectors } = JSON.parse(
  readFileSync(join(process.cwd(), 'test', 'unit', 'fixtures', 'compression-vectors.json'), 'utf8'),
) as Vectors

describe("decompression of Kafka's own compressed record payloads (scripts/CompressionVectors.java)", () => {
  it.each(vectors.map((v) => [v.codec, v.name, v] as const))('%s %s', async (codec, _name, v) => {
    const plain = await decompress(COMPRESSION_CODE[codec], Buffer.from(v.compressed, 'hex'))
    expect(plain.length).toBe(v.plainLength)
    expect(createHash('sha256').update(plain).digest('hex')).toBe(v.plainSha256)
  })

  it('rejects corrupt input instead of reading out of bounds', async () => {
    await expect(decompress(COMPRESSION_CODE.snappy, Buffer.from([0x05, 0x05, 0x00]))).rejects.toThrow()
    await expect(decompress(COMPRESSION_CODE.lz4, Buffer.from([1, 2, 3, 4, 5, 6, 7]))).rejects.toThrow()
    await expect(decompress(5, Buffer.from([1]))).rejects.toThrow(/unknown compression codec 5/)
  })
})
