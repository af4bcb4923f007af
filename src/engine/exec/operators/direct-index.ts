/**
 * A perfect-hash index for joins on one int64 key whose build-side values are
 * dense (their range is at most a few times the row count): the key minus the
 * minimum indexes an array of row chains directly, so a probe is one bounds
 * check and one array read. Returns null when the keys are not dense enough,
 * and the join falls back to its hash table.
 */
import type { Column } from '../column.js';

export interface DirectIndex {
  /** First build row with key `min + j`, or -1. */
  readonly head: Int32Array;
  /** Next build row with the same key, or -1. */
  readonly next: Int32Array;
  readonly min: number;
}

const MAX_RANGE = 1 << 24;

/** Index of the build rows `rows` (non-NULL keys) of `key`, or null when the keys are sparse or beyond int32. */
export function buildDirectIndex(key: Column, rows: Int32Array, buildRows: number): DirectIndex | null {
  if ((key.type !== 'int64' && key.type !== 'timestamp') || rows.length === 0) return null;
  const v = key.values as BigInt64Array;
  const d = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    const lo = d[2 * i] as number;
    if (d[2 * i + 1] !== lo >> 31) return null; // beyond int32
    if (lo < min) min = lo;
    if (lo > max) max = lo;
  }
  const range = max - min + 1;
  if (range > MAX_RANGE || range > Math.max(1024, 4 * rows.length)) return null;
  const head = new Int32Array(range).fill(-1);
  const next = new Int32Array(buildRows).fill(-1);
  for (let k = rows.length - 1; k >= 0; k--) {
    const i = rows[k] as number;
    const j = (d[2 * i] as number) - min;
    next[i] = head[j] as number;
    head[j] = i;
  }
  return { head, next, min };
}

/**
 * For each selected probe row (logical index k), the first matching build row or -1.
 * NULL probe keys never match.
 */
export function probeDirect(index: DirectIndex, key: Column, sel: Int32Array | null, n: number, out: Int32Array): void {
  const v = key.values as BigInt64Array;
  const d = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  const valid = key.valid;
  const { head, min } = index;
  const range = head.length;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    const lo = d[2 * i] as number;
    const j = lo - min;
    if ((valid !== null && valid[i] === 0) || d[2 * i + 1] !== lo >> 31 || j < 0 || j >= range) out[k] = -1;
    else out[k] = head[j] as number;
  }
}
