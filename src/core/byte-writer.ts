/** A growable byte buffer for building output: copies from records' bytes without intermediate Buffers. */
export class ByteWriter {
  private buf: Buffer
  length = 0

  constructor(capacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes))
    this.buf.copy(next, 0, 0, this.length)
    this.buf = next
  }

  copy(source: Buffer, start: number, end: number): void {
    const n = end - start
    this.ensure(n)
    if (n > 32) {
      this.length += source.copy(this.buf, this.length, start, end)
      return
    }
    // Short copies by hand: Buffer#copy costs more per call than copying a record's bytes.
    const buf = this.buf
    let o = this.length
    for (let i = start; i < end; i++) buf[o++] = source[i]!
    this.length = o
  }

  bytes(source: Buffer): void {
    this.copy(source, 0, source.length)
  }

  byte(value: number): void {
    this.ensure(1)
    this.buf[this.length++] = value
  }

  text(value: string): void {
    this.ensure(value.length * 3)
    this.length += this.buf.write(value, this.length, 'utf8')
  }

  /**
   * The bytes written so far, and an empty writer. The bytes are a view of the writer's buffer: use
   * them (e.g. wait for the write of them to complete) before writing to the writer again.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length)
    this.length = 0
    return out
  }
}
