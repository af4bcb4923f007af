/**
 * Hex helpers for chain data: bytes ⇄ lowercase hex, and the byte-reversed
 * form Bitcoin uses to display hashes (txids, block hashes).
 */

import { PyralogError } from '../../errors/pyralog-error.js';

const HEX_DIGITS = '0123456789abcdef';
const BYTE_TO_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!);

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!]!;
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Bytes of a hex string (either case); throws HEX_INVALID on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) {
    throw new PyralogError('HEX_INVALID', `hex string has odd length ${hex.length}`, { phase: 'chain' });
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      throw new PyralogError('HEX_INVALID', `invalid hex digit near offset ${2 * i}`, { phase: 'chain' });
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** A reversed copy of `bytes`. */
export function reverseBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[bytes.length - 1 - i]!;
  return out;
}

/** Hex of `bytes` in reversed byte order (how Bitcoin prints hashes). */
export function reverseHex(bytes: Uint8Array): string {
  return toHex(reverseBytes(bytes));
}

/** Bytes of a displayed (byte-reversed) hash hex: the inverse of `reverseHex`. */
export function fromReverseHex(hex: string): Uint8Array {
  return reverseBytes(fromHex(hex));
}

export { bytesEqual } from '../../util/bytes.js';

export { concatBytes } from '../../util/concat-bytes.js';
