/**
 * A growable byte buffer with big-endian fixed-width writers, used by the key
 * and row codecs to encode without allocating per value.
 */
const encoder = new TextEncoder();

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initial = 64) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  reset(): void {
    this.length = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  u16(n: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, n);
    this.length += 2;
  }

  u32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, n);
    this.length += 4;
  }

  i32(n: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, n);
    this.length += 4;
  }

  u64(n: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, n);
    this.length += 8;
  }

  i64(n: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, n);
    this.length += 8;
  }

  f64(n: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, n);
    this.length += 8;
  }

  /** UTF-8 bytes of `s` preceded by their u32 length. */
  lengthPrefixedUtf8(s: string): void {
    this.ensure(4 + s.length * 3);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.length + 4));
    this.view.setUint32(this.length, written);
    this.length += 4 + written;
  }

  /** UTF-8 bytes of `s` without a length. */
  utf8(s: string): void {
    this.ensure(s.length * 3);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.length));
    this.length += written;
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
