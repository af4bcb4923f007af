/**
 * Byte-string helpers shared by the storage layers: comparison in unsigned
 * byte order (the order LMDB keeps keys in), UTF-8 conversion, concatenation
 * and fixed-width big-endian integer prefixes.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export { bytesEqual, compareByteRanges, compareBytes } from '../../util/bytes.js';

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** A key or value given as bytes or as text (text is stored as UTF-8). */
export function toBytes(value: Uint8Array | string): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : value;
}

export { concatBytes } from '../../util/concat-bytes.js';

/** 4-byte big-endian encoding of an unsigned 32-bit integer (sorts numerically). */
export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  out[0] = (n >>> 24) & 0xff;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  return out;
}

export function readU32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** The smallest byte string greater than every string that starts with `prefix` (undefined if none). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const out = prefix.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i] = out[i]! + 1;
      return out.subarray(0, i + 1);
    }
  }
  return undefined;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
