/**
 * The KeyTable specialised for one int64/timestamp key, the most common
 * grouping and join key: a compact slot array of ids (4 bytes a slot, so it
 * stays cache-resident) and the keys as int32 halves by id, compared inline
 * (no per-row virtual calls, no BigInt). Small non-negative keys (below
 * 2^16, the usual dictionary-like grouping keys) bypass hashing through a
 * direct array indexed by the key. NULL gets its own id, as in the generic
 * table.
 */
import type { DataType } from '../../../types/data-type.js';
import { fmix32 } from '../../../util/hash32.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { KeyLookup } from './key-table.js';

const EMPTY_VIEW = new Int32Array(0);
/** Keys in [0, DIRECT_LIMIT) skip hashing: they index `direct` (id + 1 by key) instead of the slots. */
const DIRECT_LIMIT = 1 << 16;

function isDirect(lo: number, hi: number): boolean {
  return hi === 0 && lo >= 0 && lo < DIRECT_LIMIT;
}

function hash(lo: number, hi: number): number {
  return fmix32(lo ^ Math.imul(hi, 0x9e3779b1));
}

export class Int64KeyTable implements KeyLookup {
  size = 0;
  /** Per slot: id + 1 (0 = empty). */
  private slots = new Int32Array(1024);
  private mask = 1023;
  /** Keys by id (lo, hi pairs) and their validity. */
  private keys = new Int32Array(64);
  private valid = new Uint8Array(32);
  private nullId = -1;
  /** Per small key: id + 1 (0 = absent); grows up to DIRECT_LIMIT entries. */
  private direct = new Int32Array(1024);
  /** Ids living in the hash slots (the rest are NULL or direct). */
  private hashed = 0;

  constructor(readonly type: DataType) {}

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let g = 0; g < this.size; g++) {
      if (g === this.nullId || isDirect(this.keys[2 * g] as number, this.keys[2 * g + 1] as number)) continue;
      let s = hash(this.keys[2 * g] as number, this.keys[2 * g + 1] as number) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private newId(lo: number, hi: number, isValid: boolean): number {
    const g = this.size++;
    if (2 * g + 2 > this.keys.length) {
      const k = new Int32Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Uint8Array(this.valid.length * 2);
      v.set(this.valid);
      this.valid = v;
    }
    this.keys[2 * g] = lo;
    this.keys[2 * g + 1] = hi;
    this.valid[g] = isValid ? 1 : 0;
    return g;
  }

  private growDirect(lo: number): void {
    let cap = this.direct.length;
    while (cap <= lo) cap *= 2;
    const d = new Int32Array(Math.min(cap, DIRECT_LIMIT));
    d.set(this.direct);
    this.direct = d;
  }

  /** Id of row `i`'s key (inserting it when `insert`), -1 when absent: the full path. */
  private lookupRow(d: Int32Array, valid: Uint8Array | null, i: number, insert: boolean): number {
    if (valid !== null && valid[i] === 0) {
      if (this.nullId < 0 && insert) this.nullId = this.newId(0, 0, false);
      return this.nullId;
    }
    const lo = d[2 * i] as number;
    const hi = d[2 * i + 1] as number;
    if (isDirect(lo, hi)) {
      if (lo >= this.direct.length) {
        if (!insert) return -1;
        this.growDirect(lo);
      }
      const e = this.direct[lo] as number;
      if (e !== 0) return e - 1;
      if (!insert) return -1;
      const g = this.newId(lo, 0, true);
      this.direct[lo] = g + 1;
      return g;
    }
    const slots = this.slots;
    const mask = this.mask;
    const keys = this.keys;
    let s = hash(lo, hi) & mask;
    for (;;) {
      const e = slots[s] as number;
      if (e === 0) {
        if (!insert) return -1;
        const g = this.newId(lo, hi, true);
        slots[s] = g + 1;
        this.hashed++;
        if (this.hashed * 2 > mask + 1) this.grow();
        return g;
      }
      if (keys[2 * e - 2] === lo && keys[2 * e - 1] === hi) return e - 1;
      s = (s + 1) & mask;
    }
  }

  private run(cols: readonly Column[], c: Chunk, out: Int32Array, insert: boolean, isNew?: Uint8Array): number {
    const col = cols[0] as Column;
    const before = this.size;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    const valid = col.type === 'null' ? new Uint8Array(c.length) : col.valid;
    const v = col.values as BigInt64Array;
    const d = col.type === 'null' ? EMPTY_VIEW : new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    let direct = this.direct;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      // fast path: a present small key (direct.length never exceeds DIRECT_LIMIT)
      if (valid === null || valid[i] === 1) {
        const lo = d[2 * i] as number;
        if (d[2 * i + 1] === 0 && lo >= 0 && lo < direct.length) {
          const e = direct[lo] as number;
          if (e !== 0) {
            out[k] = e - 1;
            if (isNew !== undefined) isNew[k] = 0;
            continue;
          }
        }
      }
      const had = this.size;
      out[k] = this.lookupRow(d, valid, i, insert);
      if (isNew !== undefined) isNew[k] = this.size > had ? 1 : 0;
      direct = this.direct;
    }
    return this.size - before;
  }

  findOrInsert(cols: readonly Column[], c: Chunk, out: Int32Array, isNew?: Uint8Array): number {
    return this.run(cols, c, out, true, isNew);
  }

  find(cols: readonly Column[], c: Chunk, out: Int32Array): void {
    this.run(cols, c, out, false);
  }

  keyColumns(): Column[] {
    const out = new BigInt64Array(this.size);
    new Int32Array(out.buffer).set(this.keys.subarray(0, this.size * 2));
    return [makeColumn(this.type, out, this.nullId >= 0 ? this.valid.slice(0, this.size) : null, this.size)];
  }
}
