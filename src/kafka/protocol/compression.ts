/**
 * Decompression of record batches, for reading record timestamps: gzip (Node's zlib), snappy (the Java
 * client's xerial framing, or a raw block) and lz4 (the LZ4 frame format Kafka uses), written here so ktk
 * needs no native or extra packages; zstd where Node's zlib has it (Node 22.15+), otherwise not.
 */
import * as zlib from 'node:zlib'

export const Codec = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const

/** The decompressed bytes, or null when this codec cannot be read here. Throws on corrupt input. */
export function decompress(codec: number, data: Buffer): Buffer | null {
  switch (codec) {
    case Codec.none:
      return data
    case Codec.gzip:
      return zlib.gunzipSync(data)
    case Codec.snappy:
      return snappyFramed(data)
    case Codec.lz4:
      return lz4Frame(data)
    case Codec.zstd: {
      const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync
      return zstd ? zstd(data) : null
    }
    default:
      return null
  }
}

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00])

/** xerial's SnappyOutputStream (what Kafka's Java producer writes): a 16-byte header, then length-prefixed blocks. */
export function snappyFramed(data: Buffer): Buffer {
  if (data.length < 16 || !data.subarray(0, 8).equals(XERIAL_MAGIC)) return snappyBlock(data)
  const parts: Buffer[] = []
  for (let at = 16; at + 4 <= data.length; ) {
    const length = data.readInt32BE(at)
    parts.push(snappyBlock(data.subarray(at + 4, at + 4 + length)))
    at += 4 + length
  }
  return Buffer.concat(parts)
}

/** A raw snappy block: the uncompressed length, then literals and back-references. */
export function snappyBlock(data: Buffer): Buffer {
  let at = 0
  let length = 0
  for (let shift = 0; ; shift += 7) {
    const byte = data[at++]
    if (byte === undefined) throw new RangeError('snappy: truncated length')
    length += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) break
  }
  const out = Buffer.alloc(length)
  let op = 0
  while (at < data.length) {
    const tag = data[at++]!
    let len: number
    let offset: number
    switch (tag & 3) {
      case 0: {
        len = tag >> 2
        if (len >= 60) {
          const bytes = len - 59
          len = data.readUIntLE(at, bytes)
          at += bytes
        }
        len += 1
        data.copy(out, op, at, at + len)
        at += len
        op += len
        continue
      }
      case 1:
        len = ((tag >> 2) & 7) + 4
        offset = ((tag >> 5) << 8) | data[at++]!
        break
      case 2:
        len = (tag >> 2) + 1
        offset = data.readUInt16LE(at)
        at += 2
        break
      default:
        len = (tag >> 2) + 1
        offset = data.readUInt32LE(at)
        at += 4
    }
    if (offset === 0 || offset > op) throw new RangeError('snappy: bad back-reference')
    for (let i = 0; i < len; i++, op++) out[op] = out[op - offset]!
  }
  if (op !== length) throw new RangeError('snappy: length mismatch')
  return out
}

/** The LZ4 frame format (magic 0x184D2204), as Kafka's KafkaLZ4BlockOutputStream writes it. */
export function lz4Frame(data: Buffer): Buffer {
  if (data.length < 7 || data.readUInt32LE(0) !== 0x184d2204) throw new RangeError('lz4: not an LZ4 frame')
  const flags = data[4]!
  const blockChecksum = (flags & 0x10) !== 0
  const contentSize = (flags & 0x08) !== 0
  const dictId = (flags & 0x01) !== 0
  let at = 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1 // FLG, BD, [size], [dict], header checksum
  let out = Buffer.alloc(Math.max(64, data.length * 4))
  let op = 0
  const ensure = (n: number) => {
    if (op + n <= out.length) return
    const bigger = Buffer.alloc(Math.max(out.length * 2, op + n))
    out.copy(bigger, 0, 0, op)
    out = bigger
  }
  while (at + 4 <= data.length) {
    const word = data.readUInt32LE(at)
    at += 4
    if (word === 0) break // end mark
    const size = word & 0x7fffffff
    const block = data.subarray(at, at + size)
    at += size + (blockChecksum ? 4 : 0)
    if ((word & 0x80000000) !== 0) {
      ensure(size)
      block.copy(out, op)
      op += size
      continue
    }
    // An LZ4 block: sequences of literals and a match, back-references may reach into earlier blocks.
    let p = 0
    while (p < block.length) {
      const token = block[p++]!
      let literals = token >> 4
      if (literals === 15) {
        for (let b = 255; b === 255; literals += b) b = block[p++]!
      }
      ensure(literals)
      block.copy(out, op, p, p + literals)
      p += literals
      op += literals
      if (p >= block.length) break
      const offset = block.readUInt16LE(p)
      p += 2
      let match = token & 15
      if (match === 15) {
        for (let b = 255; b === 255; match += b) b = block[p++]!
      }
      match += 4
      if (offset === 0 || offset > op) throw new RangeError('lz4: bad back-reference')
      ensure(match)
      for (let i = 0; i < match; i++, op++) out[op] = out[op - offset]!
    }
  }
  return out.subarray(0, op)
}
