/**
 * The KeyTable specialised for one int64/timestamp key, the most common
 * grouping and join key: a compact slot array of ids (4 bytes a slot, so it
 * stays cache-resident) and the keys as int32 halves by id, compared inline
 * (no per-row virtual calls, no BigInt). NULL gets its own id, as in the
 * generic table.
 */
import type { DataType } from '../../../types/data-type.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { KeyLookup } from './key-table.js';

const EMPTY_VIEW = new Int32Array(0);

function hash(lo: number, hi: number): number {
  let h = lo ^ Math.imul(hi, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
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

  constructor(readonly type: DataType) {}

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let g = 0; g < this.size; g++) {
      if (g === this.nullId) continue;
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

  private run(cols: readonly Column[], c: Chunk, out: Int32Array, insert: boolean, isNew?: Uint8Array): number {
    const col = cols[0] as Column;
    const before = this.size;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    const valid = col.type === 'null' ? new Uint8Array(c.length) : col.valid;
    const v = col.values as BigInt64Array;
    const d = col.type === 'null' ? EMPTY_VIEW : new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      let g: number;
      let created = false;
      if (valid !== null && valid[i] === 0) {
        if (this.nullId < 0 && insert) {
          this.nullId = this.newId(0, 0, false);
          created = true;
        }
        g = this.nullId;
      } else {
        const lo = d[2 * i] as number;
        const hi = d[2 * i + 1] as number;
        const slots = this.slots;
        const mask = this.mask;
        let s = hash(lo, hi) & mask;
        g = -1;
        const keys = this.keys;
        for (;;) {
          const e = slots[s] as number;
          if (e === 0) {
            if (insert) {
              g = this.newId(lo, hi, true);
              slots[s] = g + 1;
              created = true;
              if (this.size * 2 > mask + 1) this.grow();
            }
            break;
          }
          if (keys[2 * e - 2] === lo && keys[2 * e - 1] === hi) {
            g = e - 1;
            break;
          }
          s = (s + 1) & mask;
        }
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
    const out = new BigInt64Array(this.size);
    new Int32Array(out.buffer).set(this.keys.subarray(0, this.size * 2));
    return [makeColumn(this.type, out, this.nullId >= 0 ? this.valid.slice(0, this.size) : null, this.size)];
  }
}
