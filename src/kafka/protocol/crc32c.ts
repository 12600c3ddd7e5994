/**
 * CRC-32C (Castagnoli), as Kafka's record batches carry it. Whole batches go to the processor's CRC
 * instructions through a prebuilt native module where the platform has one (about 6× faster: produce
 * and consume checksum every byte); otherwise, and for short ranges, slicing-by-8 over 32-bit words
 * read in place (little-endian machines), bytewise for the unaligned ends.
 */
import native from './native-crc32c.cjs'

/** Below this, a call into native code costs more than it saves. */
const NATIVE_FROM_BYTES = 1024

export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  if (end - start >= NATIVE_FROM_BYTES) {
    const hardware = native.crc32c
    if (hardware) return hardware(Buffer.from(data.buffer, data.byteOffset + start, end - start)) >>> 0
  }
  return crc32cTable(data, start, end)
}

const TABLES = (() => {
  const t = new Int32Array(8 * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8)
      t[k * 256 + n] = c
    }
  }
  return t
})()

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** The table-driven CRC-32C, in JavaScript. */
export function crc32cTable(data: Uint8Array, start = 0, end = data.length): number {
  const t = TABLES
  let crc = -1
  let i = start
  if (LITTLE_ENDIAN) {
    while (i < end && ((data.byteOffset + i) & 3) !== 0) crc = t[(crc ^ data[i++]!) & 0xff]! ^ (crc >>> 8)
    const pairs = (end - i) >> 3
    if (pairs > 0) {
      const words = new Uint32Array(data.buffer, data.byteOffset + i, pairs * 2)
      for (let w = 0; w < words.length; w += 2) {
        const a = crc ^ words[w]!
        const b = words[w + 1]!
        crc =
          t[1792 + (a & 0xff)]! ^
          t[1536 + ((a >>> 8) & 0xff)]! ^
          t[1280 + ((a >>> 16) & 0xff)]! ^
          t[1024 + (a >>> 24)]! ^
          t[768 + (b & 0xff)]! ^
          t[512 + ((b >>> 8) & 0xff)]! ^
          t[256 + ((b >>> 16) & 0xff)]! ^
          t[b >>> 24]!
      }
      i += pairs * 8
    }
  }
  while (i < end) crc = t[(crc ^ data[i++]!) & 0xff]! ^ (crc >>> 8)
  return (crc ^ -1) >>> 0
}
