/**
 * The KeyTable specialised for several int64/timestamp keys (e.g. GROUP BY
 * a, b over integer columns): keys are stored by id as int32 halves plus a
 * per-id NULL mask, hashed and compared inline without per-column virtual
 * calls or BigInt. NULLs equal each other, as in the generic table.
 */
import type { DataType } from '../../../types/data-type.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { KeyLookup } from './key-table.js';

function mix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

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
      let s = (this.hashes[g] as number) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
    this.mask = mask;
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

  /** Unrolled loop for the common case: two keys, no NULLs in this chunk. */
  private run2(a: Int32Array, b: Int32Array, c: Chunk, out: Int32Array, insert: boolean, isNew?: Uint8Array): number {
    const before = this.size;
    const row = this.row;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const a0 = a[2 * i] as number;
      const a1 = a[2 * i + 1] as number;
      const b0 = b[2 * i] as number;
      const b1 = b[2 * i + 1] as number;
      const h = mix(Math.imul(mix(Math.imul(0, 31) + (a0 ^ Math.imul(a1, 0x9e3779b1))), 31) + (b0 ^ Math.imul(b1, 0x9e3779b1)));
      const hash = mix(h ^ 0);
      const slots = this.slots;
      const mask = this.mask;
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
            g = this.newId(hash, 0);
            slots[s] = g + 1;
            created = true;
            if (this.size * 2 > mask + 1) this.grow();
          }
          break;
        }
        const cand = e - 1;
        const keys = this.keys;
        const base = cand * 4;
        if (keys[base] === a0 && keys[base + 1] === a1 && keys[base + 2] === b0 && keys[base + 3] === b1 && this.nulls[cand] === 0) {
          g = cand;
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
        h = mix(Math.imul(h, 31) + (lo ^ Math.imul(hi, 0x9e3779b1)));
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
            if (this.size * 2 > mask + 1) this.grow();
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
