/**
 * Reads the varints of Kafka's wire formats in place, advancing `pos`: unsigned ones (the lengths of
 * flexible-version protocol fields) and zigzag ones (the record format). The only varint reader.
 */
export class VarintReader {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
  ) {}

  /** An unsigned varint; one that runs past the end of the bytes is a RangeError, not a short read. */
  uvarint(): number {
    const buf = this.buf
    let result = 0
    let shift = 0
    for (;;) {
      const byte = buf[this.pos++]
      if (byte === undefined) throw new RangeError('uvarint runs past the end of the response')
      result += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return result
      shift += 7
    }
  }

  /** A zigzag varint (32 bits). */
  varint(): number {
    const buf = this.buf
    let result = 0
    let shift = 0
    let byte: number
    do {
      byte = buf[this.pos++]!
      result |= (byte & 0x7f) << shift
      shift += 7
    } while (byte & 0x80 && shift < 35)
    return (result >>> 1) ^ -(result & 1)
  }

  /** A zigzag varlong, exact up to 2^53 (timestamp deltas). */
  varlong(): number {
    const buf = this.buf
    let result = 0
    let mul = 1
    let byte: number
    do {
      byte = buf[this.pos++]!
      result += (byte & 0x7f) * mul
      mul *= 128
    } while (byte & 0x80)
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2
  }
}
