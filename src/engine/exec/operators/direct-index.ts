/**
 * A perfect-hash join index on one int64 key whose build-side values are
 * dense (their range is at most a few times the row count): the key minus the
 * minimum indexes an array of row chains directly, so a probe is one bounds
 * check and one array read. `buildDirectIndex` returns null when the keys are
 * not dense enough, and the join uses a hash table instead.
 */
import type { Column } from '../column.js';
import type { JoinTable } from '../hash/join-table.js';
import type { PairBuffer } from '../hash/pair-buffer.js';
import { int64Halves } from '../hash/int64-join-table.js';

const MAX_RANGE = 1 << 24;

export class DirectIndex implements JoinTable {
  readonly kind = 'direct';

  constructor(
    /** First build row with key `min + j`, or -1. */
    readonly head: Int32Array,
    /** Next build row with the same key, or -1. */
    readonly next: Int32Array,
    readonly min: number,
    /** Whether every key occurs once (no chain to follow). */
    readonly unique: boolean,
  ) {}

  probe(keys: readonly Column[], sel: Int32Array | null, n: number, pairs: PairBuffer, firstOnly: boolean): void {
    const key = keys[0];
    if (key === undefined || (key.type !== 'int64' && key.type !== 'timestamp')) return;
    const d = int64Halves(key);
    if (firstOnly || this.unique) probeFirst(this.head, this.min, d, key.valid, sel, n, pairs);
    else probeChains(this.head, this.next, this.min, d, key.valid, sel, n, pairs);
  }
}

/** Index of the build rows `rows` (non-NULL keys, ascending) of `key`, or null when the keys are sparse or beyond int32. */
export function buildDirectIndex(key: Column, rows: Int32Array, buildRows: number): DirectIndex | null {
  if ((key.type !== 'int64' && key.type !== 'timestamp') || rows.length === 0) return null;
  const d = int64Halves(key);
  // min and max start from a real key so they stay int32 (small integers) throughout
  let min = d[2 * (rows[0] as number)] as number;
  let max = min;
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
  const unique = chainRows(d, rows, min, head, next);
  return new DirectIndex(head, next, min, unique);
}

/** head[key - min] = first row of the key, next[row] = following row (ascending); returns whether all keys are distinct. */
function chainRows(d: Int32Array, rows: Int32Array, min: number, head: Int32Array, next: Int32Array): boolean {
  let unique = true;
  for (let k = rows.length - 1; k >= 0; k--) {
    const i = rows[k] as number;
    const j = ((d[2 * i] as number) - min) | 0;
    const h = head[j] as number;
    if (h >= 0) unique = false;
    next[i] = h;
    head[j] = i;
  }
  return unique;
}

/**
 * At most one pair per probe row. A key fits when its high half is the sign
 * of its low half (an int32) and `lo - min` lies in [0, range); a miss still
 * writes its slot but does not advance the count (no branch on the hit).
 */
function probeFirst(head: Int32Array, min: number, d: Int32Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, pairs: PairBuffer): void {
  pairs.reserve(n);
  const p = pairs.p;
  const b = pairs.b;
  let m = pairs.n;
  const range = head.length;
  if (sel === null && valid === null) {
    for (let i = 0; i < n; i++) {
      const lo = d[2 * i] as number;
      const j = lo - min;
      if (j >= 0 && j < range && d[2 * i + 1] === lo >> 31) {
        const r = head[j] as number;
        p[m] = i;
        b[m] = r;
        m += (r >>> 31) ^ 1;
      }
    }
  } else {
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      if (valid !== null && valid[i] === 0) continue;
      const lo = d[2 * i] as number;
      const j = lo - min;
      if (j >= 0 && j < range && d[2 * i + 1] === lo >> 31) {
        const r = head[j] as number;
        p[m] = i;
        b[m] = r;
        m += (r >>> 31) ^ 1;
      }
    }
  }
  pairs.n = m;
}

/** One pair per equal build row, following the chains. */
function probeChains(
  head: Int32Array,
  next: Int32Array,
  min: number,
  d: Int32Array,
  valid: Uint8Array | null,
  sel: Int32Array | null,
  n: number,
  pairs: PairBuffer,
): void {
  const range = head.length;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (valid !== null && valid[i] === 0) continue;
    const lo = d[2 * i] as number;
    const j = lo - min;
    if (j >= 0 && j < range && d[2 * i + 1] === lo >> 31) {
      for (let r = head[j] as number; r >= 0; r = next[r] as number) pairs.push(i, r);
    }
  }
}
