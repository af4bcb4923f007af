/**
 * An open-addressing hash table from multi-column keys to dense ids 0..size-1,
 * the core of hash aggregation, distinct, set operations and hash joins.
 * Hashes are computed a column at a time over a whole chunk; keys are kept
 * column-wise in typed stores; NULLs compare equal (grouping semantics).
 */
import type { DataType } from '../../../types/data-type.js';
import type { Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { makeKeyStore, type KeyStore } from './key-store.js';
import { Int64KeyTable } from './int64-key-table.js';
import { MultiInt64KeyTable } from './multi-int64-key-table.js';

/** What every key table offers (the generic one and the single-int64 one). */
export interface KeyLookup {
  readonly size: number;
  findOrInsert(cols: readonly Column[], c: Chunk, out: Int32Array, isNew?: Uint8Array): number;
  find(cols: readonly Column[], c: Chunk, out: Int32Array): void;
  keyColumns(): Column[];
}

/** The best key table for these key types. */
export function makeKeyTable(types: readonly DataType[]): KeyLookup {
  const [t] = types;
  const allInt64 = types.length > 0 && types.every((x) => x === 'int64' || x === 'timestamp');
  if (types.length === 1 && (t === 'int64' || t === 'timestamp')) return new Int64KeyTable(t);
  // up to 31 keys fit the per-id NULL bit mask
  if (allInt64 && types.length <= 31) return new MultiInt64KeyTable(types);
  return new KeyTable(types);
}

export class KeyTable implements KeyLookup {
  size = 0;
  private slots = new Int32Array(1024);
  private mask = 1023;
  private hashes = new Int32Array(512);
  private readonly stores: KeyStore[];
  private h = new Int32Array(0);

  constructor(readonly types: readonly DataType[]) {
    this.stores = types.map(makeKeyStore);
  }

  private rowHashes(cols: readonly Column[], c: Chunk): Int32Array {
    const n = c.sel === null ? c.length : c.sel.length;
    if (this.h.length < n) this.h = new Int32Array(Math.max(n, 1024));
    const h = this.h;
    h.fill(0, 0, n);
    for (let j = 0; j < this.stores.length; j++) (this.stores[j] as KeyStore).hashInto(cols[j] as Column, c, h);
    return h;
  }

  private matches(g: number, cols: readonly Column[], i: number): boolean {
    const stores = this.stores;
    for (let j = 0; j < stores.length; j++) if (!(stores[j] as KeyStore).equals(g, cols[j] as Column, i)) return false;
    return true;
  }

  private grow(): void {
    const cap = this.slots.length * 2;
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

  /**
   * Id of every selected row's key (indexed by logical row), adding unseen keys.
   * Returns how many keys were new; `isNew[k]`, when given, marks rows that created one.
   */
  findOrInsert(cols: readonly Column[], c: Chunk, out: Int32Array, isNew?: Uint8Array): number {
    const h = this.rowHashes(cols, c);
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    const before = this.size;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const hash = h[k] as number;
      let s = hash & this.mask;
      let g = -1;
      for (;;) {
        const e = this.slots[s] as number;
        if (e === 0) break;
        if (this.hashes[e - 1] === hash && this.matches(e - 1, cols, i)) { g = e - 1; break; }
        s = (s + 1) & this.mask;
      }
      if (g < 0) {
        g = this.size++;
        for (let j = 0; j < this.stores.length; j++) (this.stores[j] as KeyStore).push(cols[j] as Column, i);
        if (g >= this.hashes.length) {
          const nh = new Int32Array(this.hashes.length * 2);
          nh.set(this.hashes);
          this.hashes = nh;
        }
        this.hashes[g] = hash;
        this.slots[s] = g + 1;
        if (this.size * 2 > this.slots.length) this.grow();
        if (isNew !== undefined) isNew[k] = 1;
      } else if (isNew !== undefined) isNew[k] = 0;
      out[k] = g;
    }
    return this.size - before;
  }

  /** Id of every selected row's key, or -1 when absent (indexed by logical row). */
  find(cols: readonly Column[], c: Chunk, out: Int32Array): void {
    const h = this.rowHashes(cols, c);
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : (sel[k] as number);
      const hash = h[k] as number;
      let s = hash & this.mask;
      let g = -1;
      for (;;) {
        const e = this.slots[s] as number;
        if (e === 0) break;
        if (this.hashes[e - 1] === hash && this.matches(e - 1, cols, i)) { g = e - 1; break; }
        s = (s + 1) & this.mask;
      }
      out[k] = g;
    }
  }

  /** The distinct keys, in id order. */
  keyColumns(): Column[] {
    return this.stores.map((s) => s.toColumn(this.size));
  }
}
