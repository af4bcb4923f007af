/**
 * The one home of the 32-bit hash primitives: the murmur3 finaliser (fmix32,
 * spreads the bits of a 32-bit word) and FNV-1a over UTF-16 code units or
 * bytes. Hash tables, bloom filters and caches import these; results are
 * signed int32 (use `>>> 0` for an unsigned value).
 */

/** Murmur3 finaliser: every input bit affects every output bit. */
export function fmix32(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step: mixes `unit` (a byte or a UTF-16 code unit) into `h`. */
export function fnvStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

/** FNV-1a of a string's UTF-16 code units. */
export function fnv1aString(s: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a of bytes. */
export function fnv1aBytes(b: Uint8Array, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, FNV_PRIME);
  return h;
}
