/**
 * A cursor over a byte array that reads Bitcoin's wire encodings: little-endian
 * integers, CompactSize varints and length-prefixed byte strings. Reading past
 * the end throws ENCODING_TRUNCATED; a non-canonical CompactSize throws
 * ENCODING_NONCANONICAL_VARINT.
 */

import { PyralogError } from '../../errors/pyralog-error.js';

/** The largest CompactSize Bitcoin Core accepts when deserializing (MAX_SIZE). */
export const MAX_COMPACT_SIZE = 0x02000000;

export class ByteReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** The absolute offset of the next byte to read. */
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) {
      throw new PyralogError(
        'ENCODING_TRUNCATED',
        `unexpected end of data: need ${n} byte(s) at offset ${this.offset}, have ${this.remaining}`,
        { phase: 'chain' },
      );
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** A view (not a copy) of the next `n` bytes. */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** A copy of the next `n` bytes. */
  bytesCopy(n: number): Uint8Array {
    return this.bytesView(n).slice();
  }

  /**
   * A CompactSize integer (1, 3, 5 or 9 bytes). Non-minimal encodings and
   * values above `max` (default MAX_COMPACT_SIZE) are rejected, as Bitcoin Core does.
   */
  varint(max: number = MAX_COMPACT_SIZE): number {
    const first = this.u8();
    let value: number;
    let min: number;
    if (first < 0xfd) return first;
    if (first === 0xfd) {
      value = this.u16();
      min = 0xfd;
    } else if (first === 0xfe) {
      value = this.u32();
      min = 0x10000;
    } else {
      const big = this.u64();
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) value = Number.MAX_SAFE_INTEGER;
      else value = Number(big);
      min = 0x100000000;
    }
    if (value < min) {
      throw new PyralogError('ENCODING_NONCANONICAL_VARINT', `non-canonical CompactSize ${value} at offset ${this.offset}`, {
        phase: 'chain',
      });
    }
    if (value > max) {
      throw new PyralogError('ENCODING_SIZE_TOO_LARGE', `CompactSize ${value} exceeds limit ${max}`, { phase: 'chain' });
    }
    return value;
  }

  /** A CompactSize length followed by that many bytes (copied). */
  varbytes(): Uint8Array {
    const n = this.varint();
    return this.bytesCopy(n);
  }
}
