import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Codec, decompress, snappyBlock } from '../../../../src/kafka/protocol/compression.js'

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
const nodeHasZstd =
  typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function'

describe("decompression of Kafka's own compressed record payloads (scripts/CompressionVectors.java)", () => {
  it.each(vectors.map((v) => [v.codec, v.name, v] as const))('%s %s', (codec, _name, v) => {
    const plain = decompress(Codec[codec], Buffer.from(v.compressed, 'hex'))
    if (codec === 'zstd' && !nodeHasZstd) {
      expect(plain).toBeNull() // read from batch headers instead
      return
    }
    expect(plain!.length).toBe(v.plainLength)
    expect(createHash('sha256').update(plain!).digest('hex')).toBe(v.plainSha256)
  })

  it('snappy rejects corrupt input instead of reading out of bounds', () => {
    expect(() => snappyBlock(Buffer.from([0x05, 0x05, 0x00]))).toThrow(RangeError)
  })
})
