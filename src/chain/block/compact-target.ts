/**
 * The compact "bits" encoding of a 256-bit target (a base-256 float: one
 * exponent byte, a 23-bit mantissa and a sign bit) and its conversion to and
 * from a BigInt, with Bitcoin's negative and overflow flags.
 */

export interface DecodedTarget {
  readonly target: bigint;
  /** The sign bit was set on a non-zero mantissa (never valid for PoW). */
  readonly negative: boolean;
  /** The value does not fit in 256 bits. */
  readonly overflow: boolean;
}

/** Expands compact bits to the full target (with Bitcoin's flags). */
export function decodeCompact(bits: number): DecodedTarget {
  const b = bits >>> 0;
  const size = b >>> 24;
  const mantissa = b & 0x007fffff;
  let target: bigint;
  if (size <= 3) target = BigInt(mantissa >>> (8 * (3 - size)));
  else target = BigInt(mantissa) << BigInt(8 * (size - 3));
  const negative = mantissa !== 0 && (b & 0x00800000) !== 0;
  const overflow =
    mantissa !== 0 && (size > 34 || (mantissa > 0xff && size > 33) || (mantissa > 0xffff && size > 32));
  return { target, negative, overflow };
}

/** The target of compact bits (ignoring flags; use decodeCompact to see them). */
export function bitsToTarget(bits: number): bigint {
  return decodeCompact(bits).target;
}

/** Byte length of a non-negative BigInt (0 for 0). */
function byteLength(n: bigint): number {
  let len = 0;
  while (n > 0n) {
    n >>= 8n;
    len++;
  }
  return len;
}

/** Encodes a non-negative target in compact form (rounding the mantissa down, as Bitcoin does). */
export function targetToBits(target: bigint): number {
  if (target < 0n) throw new RangeError('target must be non-negative');
  let size = byteLength(target);
  let compact: number;
  if (size <= 3) compact = Number(target << BigInt(8 * (3 - size)));
  else compact = Number(target >> BigInt(8 * (size - 3)));
  if (compact & 0x00800000) {
    compact >>>= 8;
    size++;
  }
  return ((size << 24) | compact) >>> 0;
}

/** 2^256 / (target + 1): the expected number of hashes to meet `target`. */
export function workForTarget(target: bigint): bigint {
  if (target < 0n) return 0n;
  return (1n << 256n) / (target + 1n);
}

/** The work of a block with these bits (0 for invalid bits). */
export function workForBits(bits: number): bigint {
  const d = decodeCompact(bits);
  if (d.negative || d.overflow || d.target === 0n) return 0n;
  return workForTarget(d.target);
}
