/**
 * The one home of byte-string comparison: unsigned lexicographic order (the
 * order LMDB keeps keys in, and the value order of `binary`), on whole arrays
 * or on ranges of them, and equality. Storage, the executor and the chain all
 * import these.
 */

/** Compares a[aStart, aEnd) with b[bStart, bEnd) in unsigned lexicographic order (shorter prefix first). */
export function compareByteRanges(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i]!;
    const y = b[bStart + i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Compares two byte strings in unsigned lexicographic order (-1, 0 or 1). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return compareByteRanges(a, 0, a.length, b, 0, b.length);
}

/** True when both byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
