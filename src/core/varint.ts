/** Reads the zigzag varints of Kafka's record format in place, advancing `pos`. */
export class VarintReader {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
  ) {}

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
