/**
 * Script numbers (Bitcoin Core's CScriptNum): little-endian sign-magnitude
 * byte strings, at most 4 bytes as arithmetic operands (5 for locktimes), with
 * the optional minimal-encoding rule of MINIMALDATA. Values are JS numbers:
 * every operand fits in 40 bits and every result of +/- on them in 41.
 */

/** The canonical true (0x01) and false (empty) stack items pushed by comparisons and signature checks. */
export const TRUE: Uint8Array = Uint8Array.of(1);
export const FALSE: Uint8Array = new Uint8Array(0);

/** Thrown by `decodeScriptNum`; the interpreter maps it to the SCRIPTNUM script error. */
export class ScriptNumError extends Error {
  override readonly name = 'ScriptNumError';
}

/** Decodes a script number, enforcing `maxSize` and (when asked) minimal encoding. */
export function decodeScriptNum(bytes: Uint8Array, requireMinimal: boolean, maxSize = 4): number {
  const n = bytes.length;
  if (n > maxSize) throw new ScriptNumError(`script number overflow: ${n} > ${maxSize} bytes`);
  if (n === 0) return 0;
  const last = bytes[n - 1]!;
  if (requireMinimal && (last & 0x7f) === 0) {
    // The top byte only carries the sign: allowed only when the next byte needs its top bit.
    if (n <= 1 || (bytes[n - 2]! & 0x80) === 0) throw new ScriptNumError('non-minimally encoded script number');
  }
  let value = 0;
  let scale = 1;
  for (let i = 0; i < n - 1; i++) {
    value += bytes[i]! * scale;
    scale *= 256;
  }
  value += (last & 0x7f) * scale;
  return (last & 0x80) !== 0 ? 0 - value : value;
}

/** The minimal encoding of `value` (an integer of at most 2^53 magnitude); 0 is the empty string. */
export function encodeScriptNum(value: number): Uint8Array {
  if (value === 0) return new Uint8Array(0);
  const negative = value < 0;
  let abs = Math.abs(value);
  const out: number[] = [];
  while (abs > 0) {
    out.push(abs % 256);
    abs = Math.floor(abs / 256);
  }
  const top = out[out.length - 1]!;
  if ((top & 0x80) !== 0) out.push(negative ? 0x80 : 0x00);
  else if (negative) out[out.length - 1] = top | 0x80;
  return Uint8Array.from(out);
}

/** Bitcoin's boolean reading of a stack item: false for any encoding of zero (incl. negative zero). */
export function castToBool(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) {
      if (i === bytes.length - 1 && bytes[i] === 0x80) return false;
      return true;
    }
  }
  return false;
}
