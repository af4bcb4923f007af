/**
 * Grouped aggregate state: one Accumulator per aggregate call holds the state
 * of every group in typed arrays indexed by group id, is fed whole chunks with
 * a group id per row (-1 = row skipped, e.g. by FILTER), and finishes into a
 * column. Shared by hash aggregation and window aggregates.
 */
import type { Scalar } from '../../../types/data-type.js';
import type { Column } from '../column.js';
import type { Chunk } from '../chunk.js';

export interface Accumulator {
  /** Makes room for groups 0..size-1. */
  ensure(size: number): void;
  /** Feeds the selected rows of `c`; `groups[k]` is the group of logical row k (-1 = skip). */
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void;
  /** The current value of group `g`. */
  result(g: number): Scalar;
  /** Values of groups 0..size-1. */
  finish(size: number): Column;
  /** Forgets group `g`'s state (window frames reuse a slot). */
  reset(g: number): void;
}

/*
 * Accumulators start with 8 slots of 8-byte values (64 bytes): V8 keeps typed
 * arrays up to 64 bytes on its heap, while a larger one gets a separately
 * allocated backing store, which cost a small aggregate (one group over a few
 * dozen rows) more than its arithmetic. They grow on demand (growTyped).
 */

/** Grows a typed array to at least `size` entries (doubling). */
export function growTyped<T extends Float64Array | Int32Array | Uint8Array | BigInt64Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const out = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2, 16));
  (out as unknown as { set(x: T): void }).set(a);
  return out;
}

/** Iterates logical rows of a chunk with their physical index and group. */
export function forRows(c: Chunk, groups: Int32Array, f: (i: number, g: number) => void): void {
  const sel = c.sel;
  const n = sel === null ? c.length : sel.length;
  for (let k = 0; k < n; k++) {
    const g = groups[k] as number;
    if (g < 0) continue;
    f(sel === null ? k : (sel[k] as number), g);
  }
}
