import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import type { Compression } from '../../core/records.js'
import { asBuffer } from '../protocol/bytes.js'
import codecs from './codec-modules.cjs'

/** The compression codes of a record batch's attributes (bits 0-2). */
export const COMPRESSION_CODE: Record<Compression, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 }
export const COMPRESSION_NAME: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

export async function compress(codec: Compression, data: Buffer): Promise<Buffer> {
  switch (codec) {
    case 'none':
      return data
    case 'gzip':
      return gzipAsync(data)
    case 'snappy':
      return snappyXerial(data)
    case 'lz4':
      return lz4Frame(data)
    case 'zstd':
      await zstdReady()
      return asBuffer(codecs.zstd.compress(data, 3))
  }
}

export async function decompress(code: number, data: Buffer): Promise<Buffer> {
  switch (code) {
    case 1:
      return gunzipAsync(data)
    case 2:
      return unsnappy(data)
    case 3:
      return unlz4(data)
    case 4:
      return asBuffer(codecs.fzstd.decompress(data))
    default:
      throw new Error(`unknown compression codec ${code} in a record batch`)
  }
}

let zstdInit: Promise<void> | undefined
function zstdReady(): Promise<void> {
  zstdInit ??= codecs.zstd.init() as Promise<void>
  return zstdInit
}

// Snappy as the Java client writes it: xerial's framing (magic, version 1, compatible 1, then
// length-prefixed raw snappy blocks of up to 32 KiB). librdkafka reads it; raw snappy is read too.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])
const XERIAL_BLOCK = 32 * 1024

function snappyXerial(data: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])]
  for (let i = 0; i < data.length; i += XERIAL_BLOCK) {
    const block = asBuffer(codecs.snappy.compress(data.subarray(i, i + XERIAL_BLOCK)))
    const length = Buffer.alloc(4)
    length.writeInt32BE(block.length)
    parts.push(length, block)
  }
  return Buffer.concat(parts)
}

function unsnappy(data: Buffer): Buffer {
  if (data.length < 16 || !data.subarray(0, 8).equals(XERIAL_MAGIC))
    return asBuffer(codecs.snappy.uncompress(data))
  const parts: Buffer[] = []
  let i = 16
  while (i + 4 <= data.length) {
    const length = data.readInt32BE(i)
    parts.push(asBuffer(codecs.snappy.uncompress(data.subarray(i + 4, i + 4 + length))))
    i += 4 + length
  }
  return Buffer.concat(parts)
}

// LZ4 frames as Kafka writes them (KafkaLZ4BlockOutputStream): version 01, independent blocks of at
// most 64 KiB, no checksums but the header's. Reading accepts any block size and checksum flags.
const LZ4_MAGIC = 0x184d2204
const LZ4_BLOCK = 64 * 1024
const lz4HashTable = new Uint32Array(1 << 16)

function lz4Frame(data: Buffer): Buffer {
  const out = Buffer.alloc(
    7 + 4 + codecs.lz4.compressBound(data.length) + 4 * Math.ceil(data.length / LZ4_BLOCK) + 4,
  )
  out.writeUInt32LE(LZ4_MAGIC, 0)
  out[4] = 0x60 // version 01, block independence
  out[5] = 0x40 // 64 KiB blocks
  out[6] = (xxh32(out.subarray(4, 6)) >>> 8) & 0xff
  let o = 7
  const block = Buffer.alloc(codecs.lz4.compressBound(LZ4_BLOCK))
  for (let i = 0; i < data.length; i += LZ4_BLOCK) {
    const size = Math.min(LZ4_BLOCK, data.length - i)
    lz4HashTable.fill(0)
    const n: number = codecs.lz4.compressBlock(data, block, i, size, lz4HashTable)
    if (n === 0 || n >= size) {
      out.writeUInt32LE((0x80000000 | size) >>> 0, o)
      data.copy(out, o + 4, i, i + size)
      o += 4 + size
    } else {
      out.writeUInt32LE(n, o)
      block.copy(out, o + 4, 0, n)
      o += 4 + n
    }
  }
  out.writeUInt32LE(0, o)
  return out.subarray(0, o + 4)
}

function unlz4(data: Buffer): Buffer {
  if (data.readUInt32LE(0) !== LZ4_MAGIC) throw new Error('not an LZ4 frame')
  const flags = data[4]!
  const blockMax = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20][(data[5]! >> 4) & 7] || 4 << 20
  let i = 6 + (flags & 0x08 ? 8 : 0) + (flags & 0x01 ? 4 : 0) + 1
  const parts: Buffer[] = []
  let out = Buffer.allocUnsafe(blockMax)
  let o = 0
  for (;;) {
    const word = data.readUInt32LE(i)
    i += 4
    if (word === 0) break
    const size = word & 0x7fffffff
    if (o + blockMax > out.length) {
      parts.push(out.subarray(0, o))
      out = Buffer.allocUnsafe(Math.max(blockMax, 1 << 20))
      o = 0
    }
    if (word & 0x80000000) {
      data.copy(out, o, i, i + size)
      o += size
    } else {
      o = codecs.lz4.decompressBlock(data, out, i, size, o)
    }
    i += size + (flags & 0x10 ? 4 : 0)
  }
  parts.push(out.subarray(0, o))
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
}

// xxHash32 with seed 0 of a few bytes (the LZ4 frame header checksum).
function xxh32(input: Uint8Array): number {
  const P1 = 2654435761
  const P2 = 2246822519
  const P3 = 3266489917
  const P4 = 668265263
  const P5 = 374761393
  let h = (P5 + input.length) >>> 0
  let i = 0
  for (; i + 4 <= input.length; i += 4) {
    const k = (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0
    h = (h + Math.imul(k, P3)) >>> 0
    h = Math.imul((h << 17) | (h >>> 15), P4) >>> 0
  }
  for (; i < input.length; i++) {
    h = (h + Math.imul(input[i]!, P5)) >>> 0
    h = Math.imul((h << 11) | (h >>> 21), P1) >>> 0
  }
  h ^= h >>> 15
  h = Math.imul(h, P2) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, P3) >>> 0
  h ^= h >>> 16
  return h >>> 0
}
