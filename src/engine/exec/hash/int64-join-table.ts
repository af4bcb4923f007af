/**
 * A hash join index on one int64/timestamp key whose values are too spread
 * out for a direct array: open addressing keyed on the 64-bit value itself,
 * read as two int32 halves (no BigInt). Each slot holds the key halves and
 * the first build row side by side, so a probe usually costs one cache line;
 * further build rows of the same key follow a `next` chain. Load factor at
 * most 1/2, linear probing.
 */
import { hashInt64, hashInt64Halves } from '../../kernels/hash-kernels.js';
import type { Column } from '../column.js';
import type { JoinTable } from './join-table.js';
import type { PairBuffer } from './pair-buffer.js';

/** Slot layout (int32s): key lo, first build row + 1 (0 = empty). */
const STRIDE = 2;

/** The key hash: fmix32(lo ^ imul(hi, 0x9e3779b1)), as engine/kernels computes it for a whole column. */
const hash64 = hashInt64Halves;

/** The int32 (lo, hi) view of an int64 column's values. */
export function int64Halves(col: Column): Int32Array {
  const v = col.values as BigInt64Array;
  return new Int32Array(v.buffer, v.byteOffset, v.length * 2);
}

export class Int64JoinTable implements JoinTable {
  readonly kind = 'int64';
  /** Scratch: the probe rows' hashes, computed for the whole batch first (SIMD on heap-resident keys). */
  private hashes = new Int32Array(0);

  private constructor(
    private readonly slots: Int32Array,
    private readonly mask: number,
    /** The build key column's (lo, hi) halves, by build row. */
    private readonly built: Int32Array,
    /** Next build row with the same key, or -1. */
    private readonly next: Int32Array,
    /** Whether every key occurs once (no chain to follow). */
    private readonly unique: boolean,
  ) {}

  /** Indexes build rows `rows` (ascending, non-NULL keys) of `key`. */
  static build(key: Column, rows: Int32Array, buildRows: number): Int64JoinTable {
    let cap = 16;
    while (cap < 2 * rows.length) cap *= 2;
    const mask = cap - 1;
    const slots = new Int32Array(cap * STRIDE);
    const next = new Int32Array(buildRows).fill(-1);
    const built = int64Halves(key);
    const unique = insertAll(slots, mask, next, built, rows);
    return new Int64JoinTable(slots, mask, built, next, unique);
  }

  probe(keys: readonly Column[], sel: Int32Array | null, n: number, pairs: PairBuffer, firstOnly: boolean): void {
    const key = keys[0];
    if (key === undefined || (key.type !== 'int64' && key.type !== 'timestamp')) return;
    if (this.hashes.length < n) this.hashes = new Int32Array(Math.max(n, 1024));
    const hashes = this.hashes;
    hashInt64(key.values as BigInt64Array, null, sel, n, hashes, false);
    if (firstOnly || this.unique) probeFirst(this.slots, this.mask, this.built, int64Halves(key), hashes, key.valid, sel, n, pairs);
    else probeChains(this.slots, this.mask, this.built, this.next, int64Halves(key), hashes, key.valid, sel, n, pairs);
  }
}

/** Inserts rows in reverse so each chain lists its rows ascending; returns whether all keys were distinct. */
function insertAll(slots: Int32Array, mask: number, next: Int32Array, d: Int32Array, rows: Int32Array): boolean {
  let unique = true;
  for (let k = rows.length - 1; k >= 0; k--) {
    const i = rows[k] as number;
    const lo = d[2 * i] as number;
    const hi = d[2 * i + 1] as number;
    let s = hash64(lo, hi) & mask;
    for (;;) {
      const at = s * STRIDE;
      const r = slots[at + 1] as number;
      if (r === 0) {
        slots[at] = lo;
        slots[at + 1] = i + 1;
        break;
      }
      if (slots[at] === lo && d[2 * r - 1] === hi) {
        next[i] = r - 1;
        slots[at + 1] = i + 1;
        unique = false;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return unique;
}

/** At most one pair per probe row: its first equal build row. */
function probeFirst(slots: Int32Array, mask: number, built: Int32Array, d: Int32Array, hashes: Int32Array, valid: Uint8Array | null, sel: Int32Array | null, n: number, pairs: PairBuffer): void {
  pairs.reserve(n);
  const p = pairs.p;
  const b = pairs.b;
  let m = pairs.n;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (valid !== null && valid[i] === 0) continue;
    const lo = d[2 * i] as number;
    const hi = d[2 * i + 1] as number;
    let s = (hashes[k] as number) & mask;
    for (;;) {
      const at = s * STRIDE;
      const r = slots[at + 1] as number;
      if (r === 0) break;
      if (slots[at] === lo && built[2 * r - 1] === hi) {
        p[m] = i;
        b[m] = r - 1;
        m++;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  pairs.n = m;
}

/** One pair per equal build row, following the chains. */
function probeChains(
  slots: Int32Array,
  mask: number,
  built: Int32Array,
  next: Int32Array,
  d: Int32Array,
  hashes: Int32Array,
  valid: Uint8Array | null,
  sel: Int32Array | null,
  n: number,
  pairs: PairBuffer,
): void {
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (valid !== null && valid[i] === 0) continue;
    const lo = d[2 * i] as number;
    const hi = d[2 * i + 1] as number;
    let s = (hashes[k] as number) & mask;
    for (;;) {
      const at = s * STRIDE;
      const r = slots[at + 1] as number;
      if (r === 0) break;
      if (slots[at] === lo && built[2 * r - 1] === hi) {
        for (let row = r - 1; row >= 0; row = next[row] as number) pairs.push(i, row);
        break;
      }
      s = (s + 1) & mask;
    }
  }
}
