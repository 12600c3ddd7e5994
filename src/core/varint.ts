/**
 * An unsigned varint that cannot be read: it runs past the end of the bytes, or is longer than the
 * caller allows. A RangeError; callers with errors of their own (the message codec) catch it and say
 * what was being read.
 */
export class VarintError extends RangeError {
  constructor(
    /** Where the varint starts. */
    readonly offset: number,
    /** Longer than this many bytes, or null when it runs past the end. */
    readonly longerThan: number | null,
  ) {
    super(
      longerThan === null
        ? 'uvarint runs past the end of the response'
        : `a varint longer than ${longerThan} bytes at offset ${offset}`,
    )
    this.name = 'VarintError'
  }
}

/**
 * Reads the varints of Kafka's wire formats in place, advancing `pos`: unsigned ones (the lengths of
 * flexible-version protocol fields) and zigzag ones (the record format). The only varint reader.
 */
export class VarintReader {
  constructor(
    readonly buf: Uint8Array,
    public pos = 0,
  ) {}

  /**
   * An unsigned varint of at most `maxBytes` bytes; one that runs past the end of the bytes or over
   * that length is a VarintError (`pos` is then unchanged), not a short read.
   */
  uvarint(maxBytes = Number.POSITIVE_INFINITY): number {
    const buf = this.buf
    const start = this.pos
    let result = 0
    for (let i = 0; i < maxBytes; i++) {
      const byte = buf[start + i]
      if (byte === undefined) throw new VarintError(start, null)
      result += (byte & 0x7f) * 2 ** (7 * i)
      if ((byte & 0x80) === 0) {
        this.pos = start + i + 1
        return result
      }
    }
    throw new VarintError(start, maxBytes)
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
