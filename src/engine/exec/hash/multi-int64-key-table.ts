/**
 * The KeyTable specialised for several int64/timestamp keys (e.g. GROUP BY
 * a, b over integer columns): keys are stored by id as int32 halves plus a
 * per-id NULL mask, hashed and compared inline without per-column virtual
 * calls or BigInt. NULLs equal each other, as in the generic table. Pairs of
 * small non-negative keys (both below 2^16, no NULL) are packed into one
 * int32 and live in a separate compact table compared with one read.
 */
import type { DataType } from '../../../types/data-type.js';
import { fmix32 } from '../../../util/hash32.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { KeyLookup } from './key-table.js';

const mix = fmix32;

/** Multipliers folding each key's halves into the running int32 hash (no overflow into doubles). */
const C1 = 0x9e3779b1 | 0;
const C2 = 0x85ebca77 | 0;

export class MultiInt64KeyTable implements KeyLookup {
  size = 0;
  private slots = new Int32Array(1024);
  private mask = 1023;
  private readonly nk: number;
  /** Per id: nk (lo, hi) pairs. */
  private keys: Int32Array;
  /** Per id: bit j set when key j is NULL. */
  private nulls = new Int32Array(64);
  private hashes = new Int32Array(64);
  /** Scratch: the probe row's key halves and NULL mask. */
  private readonly row: Int32Array;
  /** Ids in `slots` (the packed small pairs live in `packedSlots` instead). */
  private hashed = 0;
  /** Per packed slot, interleaved: the packed pair a | b << 16, then id + 1 (0 = empty). */
  private packedSlots = new Int32Array(2048);
  private packedMask = 1023;
  private packedCount = 0;

  constructor(readonly types: readonly DataType[]) {
    this.nk = types.length;
    this.keys = new Int32Array(64 * 2 * this.nk);
    this.row = new Int32Array(2 * this.nk);
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let g = 0; g < this.size; g++) {
      if (this.isPacked(g)) continue;
      let s = (this.hashes[g] as number) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** Whether id `g` is a small two-key pair held by the packed table. */
  private isPacked(g: number): boolean {
    if (this.nk !== 2 || this.nulls[g] !== 0) return false;
    const k = this.keys;
    return k[4 * g + 1] === 0 && k[4 * g + 3] === 0 && (((k[4 * g] as number) | (k[4 * g + 2] as number)) >>> 16) === 0;
  }

  private growPacked(): void {
    const cap = (this.packedMask + 1) * 2;
    const slots = new Int32Array(2 * cap);
    const mask = cap - 1;
    const old = this.packedSlots;
    for (let s0 = 0; s0 <= this.packedMask; s0++) {
      const e = old[2 * s0 + 1] as number;
      if (e === 0) continue;
      const p = old[2 * s0] as number;
      let s = mix(p) & mask;
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = p;
      slots[2 * s + 1] = e;
    }
    this.packedSlots = slots;
    this.packedMask = mask;
  }

  /** Id of the small pair (a, b) (both in [0, 2^16)), inserting it when `insert`; -1 when absent. */
  private packed(a: number, b: number, insert: boolean): number {
    const p = a | (b << 16);
    const slots = this.packedSlots;
    const mask = this.packedMask;
    let s = mix(p) & mask;
    for (;;) {
      const e = slots[2 * s + 1] as number;
      if (e === 0) break;
      if (slots[2 * s] === p) return e - 1;
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const row = this.row;
    row[0] = a;
    row[1] = 0;
    row[2] = b;
    row[3] = 0;
    const g = this.newId(0, 0);
    slots[2 * s] = p;
    slots[2 * s + 1] = g + 1;
    if (++this.packedCount * 2 > mask + 1) this.growPacked();
    return g;
  }

  private newId(hash: number, nullMask: number): number {
    const g = this.size++;
    const w = 2 * this.nk;
    if ((g + 1) * w > this.keys.length) {
      const k = new Int32Array(this.keys.length * 2);
      k.set(this.keys);
      this.keys = k;
    }
    if (g >= this.nulls.length) {
      const nm = new Int32Array(this.nulls.length * 2);
      nm.set(this.nulls);
      this.nulls = nm;
      const hs = new Int32Array(this.hashes.length * 2);
      hs.set(this.hashes);
      this.hashes = hs;
    }
    this.keys.set(this.row, g * w);
    this.nulls[g] = nullMask;
    this.hashes[g] = hash;
    return g;
  }

  /** Adds the two-key row held in `row` at slot `s`; returns its id. */
  private insert2(s: number, hash: number): number {
    const g = this.newId(hash, 0);
    this.slots[s] = g + 1;
    if (++this.hashed * 2 > this.mask + 1) this.grow();
    return g;
  }

  /** Unrolled loop for the common case: two keys, no NULLs in this chunk. */
  private run2(a: Int32Array, b: Int32Array, c: Chunk, out: Int32Array, insert: boolean, isNew?: Uint8Array): number {
    const before = this.size;
    const row = this.row;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    let slots = this.slots;
    let mask = this.mask;
    let keys = this.keys;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const a0 = a[2 * i] as number;
      const a1 = a[2 * i + 1] as number;
      const b0 = b[2 * i] as number;
      const b1 = b[2 * i + 1] as number;
      if (a1 === 0 && b1 === 0 && ((a0 | b0) >>> 16) === 0) {
        const had = this.size;
        out[k] = this.packed(a0, b0, insert);
        if (isNew !== undefined) isNew[k] = this.size > had ? 1 : 0;
        keys = this.keys; // an insert may have grown it
        continue;
      }
      // the same hash as run() computes for two non-NULL keys
      const hash = mix(Math.imul(Math.imul(a0 ^ Math.imul(a1, C1), C2) ^ b0 ^ Math.imul(b1, C1), C2));
      let s = hash & mask;
      let g = -1;
      let created = false;
      for (;;) {
        const e = slots[s] as number;
        if (e === 0) {
          if (insert) {
            row[0] = a0;
            row[1] = a1;
            row[2] = b0;
            row[3] = b1;
            g = this.insert2(s, hash);
            slots = this.slots;
            mask = this.mask;
            keys = this.keys;
            created = true;
          }
          break;
        }
        const base = 4 * e - 4;
        if (keys[base] === a0 && keys[base + 1] === a1 && keys[base + 2] === b0 && keys[base + 3] === b1 && this.nulls[e - 1] === 0) {
          g = e - 1;
          break;
        }
        s = (s + 1) & mask;
      }
      out[k] = g;
      if (isNew !== undefined) isNew[k] = created ? 1 : 0;
    }
    return this.size - before;
  }

  private run(cols: readonly Column[], c: Chunk, out: Int32Array, insert: boolean, isNew?: Uint8Array): number {
    const nk = this.nk;
    if (nk === 2 && cols.every((col) => col.valid === null && col.type !== 'null')) {
      const [x, y] = cols as [Column, Column];
      const vx = x.values as BigInt64Array;
      const vy = y.values as BigInt64Array;
      return this.run2(new Int32Array(vx.buffer, vx.byteOffset, vx.length * 2), new Int32Array(vy.buffer, vy.byteOffset, vy.length * 2), c, out, insert, isNew);
    }
    const w = 2 * nk;
    const before = this.size;
    const views = cols.map((col) => {
      const v = col.values as BigInt64Array;
      return col.type === 'null' ? new Int32Array(2 * c.length) : new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    });
    const valids = cols.map((col) => (col.type === 'null' ? new Uint8Array(c.length) : col.valid));
    const row = this.row;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      let nullMask = 0;
      let h = 0;
      for (let j = 0; j < nk; j++) {
        const valid = valids[j] as Uint8Array | null;
        let lo = 0;
        let hi = 0;
        if (valid !== null && valid[i] === 0) nullMask |= 1 << j;
        else {
          const d = views[j] as Int32Array;
          lo = d[2 * i] as number;
          hi = d[2 * i + 1] as number;
        }
        row[2 * j] = lo;
        row[2 * j + 1] = hi;
        h = Math.imul(h ^ lo ^ Math.imul(hi, C1), C2);
      }
      if (nk === 2 && nullMask === 0 && row[1] === 0 && row[3] === 0 && (((row[0] as number) | (row[2] as number)) >>> 16) === 0) {
        const had = this.size;
        out[k] = this.packed(row[0] as number, row[2] as number, insert);
        if (isNew !== undefined) isNew[k] = this.size > had ? 1 : 0;
        continue;
      }
      h = mix(h ^ nullMask);
      const slots = this.slots;
      const mask = this.mask;
      let s = h & mask;
      let g = -1;
      let created = false;
      for (;;) {
        const e = slots[s] as number;
        if (e === 0) {
          if (insert) {
            g = this.newId(h, nullMask);
            slots[s] = g + 1;
            created = true;
            if (++this.hashed * 2 > mask + 1) this.grow();
          }
          break;
        }
        const cand = e - 1;
        if (this.hashes[cand] === h && this.nulls[cand] === nullMask) {
          const keys = this.keys;
          const base = cand * w;
          let same = true;
          for (let x = 0; x < w; x++) if (keys[base + x] !== row[x]) { same = false; break; }
          if (same) { g = cand; break; }
        }
        s = (s + 1) & mask;
      }
      out[k] = g;
      if (isNew !== undefined) isNew[k] = created ? 1 : 0;
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
    const w = 2 * this.nk;
    return this.types.map((type, j) => {
      const out = new BigInt64Array(this.size);
      const o32 = new Int32Array(out.buffer);
      let valid: Uint8Array | null = null;
      for (let g = 0; g < this.size; g++) {
        o32[2 * g] = this.keys[g * w + 2 * j] as number;
        o32[2 * g + 1] = this.keys[g * w + 2 * j + 1] as number;
        if (((this.nulls[g] as number) >> j) & 1) {
          if (valid === null) valid = new Uint8Array(this.size).fill(1);
          valid[g] = 0;
        }
      }
      return makeColumn(type, out, valid, this.size);
    });
  }
}
