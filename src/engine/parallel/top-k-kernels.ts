/**
 * The compute of a parallel top-k (ORDER BY … LIMIT k) on one range of
 * morsels: the k best rows of the range by the sort keys, ties broken by
 * global row position (earlier first, which is what the stable serial top-k
 * keeps), as a list of row positions.
 *
 * The hot loop is a threshold filter on typed arrays: once k candidates are
 * held, the k-th best is the threshold, and a row whose first key is
 * strictly worse (one number comparison on the key's value, int64 read as a
 * rounded double — rounding is monotonic, so a strict difference of rounded
 * values is a strict difference of the exact ones) is skipped without a
 * further look; rows that tie on the first key, NULLs and NaNs take the full
 * comparison. Survivors are copied into a candidate buffer of key values;
 * when it fills it is sorted and cut back to k, which tightens the threshold.
 *
 * Key order is the serial comparator's (sort/row-comparator.ts): NULL placed
 * by nullsFirst whatever the direction, NaN above every number, −0 equal to
 * 0, int64 compared exactly through its 32-bit halves.
 *
 * With the WebAssembly kernels on, a float64 first key in the column heap
 * is skipped by `topk_skip_f64` (kernels/assembly/top-k.as: eight rows per
 * SIMD step) instead of the JS loop `nextF64`, its twin.
 *
 * Like morsel-kernels.ts, everything lives inside `topKKernels`, a function
 * with no imports and no free variables: worker threads run its source text.
 */
import type { MorselColumn } from './morsel-spec.js';

/** f64: Float64Array values; i32: Int32Array (date); i64: Int32Array halves (int64, timestamp). */
export type TopKKeyClass = 'f64' | 'i32' | 'i64';

export interface TopKKey {
  /** Index of the key's column in the morsel. */
  readonly col: number;
  readonly cls: TopKKeyClass;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** What a parallel top-k computes per range: plain data, posted to workers as is. */
export interface TopKSpec {
  readonly k: number;
  readonly keys: readonly TopKKey[];
}

/** Candidates of one range: their key values (i64: `vals` holds the unsigned low half, `his` the high half). */
export interface TopKState {
  n: number;
  cap: number;
  full: boolean;
  pos: Float64Array;
  vals: Float64Array[];
  his: Int32Array[];
  nul: Uint8Array[];
  /** The threshold's first key as a number (when `full` and it is not NULL), times -1 when descending. */
  t0: number;
}

/** The kernel's skip over a float64 column at heap address `vals` (null: the JS twin only). */
export type TopKSkip = ((vals: number, i: number, n: number, s: number, t: number) => number) | null;

export function topKKernels(skip: TopKSkip = null): {
  newState(spec: TopKSpec, query: number): TopKState;
  /** Rows [0, n) of `cols` (global positions rowBase + i); `inHeap`: the columns are views of the column heap. */
  run(spec: TopKSpec, cols: readonly MorselColumn[], n: number, rowBase: number, st: TopKState, inHeap: boolean): void;
  finish(spec: TopKSpec, st: TopKState): Float64Array;
} {
  // The floor of the query this thread works on: see finish().
  let floorQuery = -1;
  let floor = Infinity;

  /** A range's empty state; `query` identifies the query (a new one resets the floor). */
  function newState(spec: TopKSpec, query: number): TopKState {
    if (query !== floorQuery) {
      floorQuery = query;
      floor = Infinity;
    }
    const cap = Math.max(2 * spec.k, 256);
    return {
      n: 0,
      cap,
      full: false,
      pos: new Float64Array(cap),
      vals: spec.keys.map(() => new Float64Array(cap)),
      his: spec.keys.map((key) => new Int32Array(key.cls === 'i64' ? cap : 0)),
      nul: spec.keys.map(() => new Uint8Array(cap)),
      t0: 0,
    };
  }

  function isNull(c: MorselColumn, i: number): boolean {
    if (c.bitmap === null) return false;
    const b = c.bit + i;
    return ((c.bitmap[b >>> 3]! >>> (b & 7)) & 1) === 0;
  }

  function cmpNum(x: number, y: number): number {
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    const xn = x !== x;
    const yn = y !== y;
    return xn && yn ? 0 : xn ? 1 : -1;
  }

  /** Row i of the morsel against candidate c on the keys: < 0 when the row sorts first, 0 when equal. */
  function cmpRow(spec: TopKSpec, cols: readonly MorselColumn[], i: number, st: TopKState, c: number): number {
    const keys = spec.keys;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      const col = cols[key.col]!;
      const an = isNull(col, i);
      const bn = st.nul[j]![c] === 1;
      if (an || bn) {
        if (an && bn) continue;
        return an === key.nullsFirst ? -1 : 1;
      }
      let r: number;
      if (key.cls === 'f64') r = cmpNum((col.values as Float64Array)[i]!, st.vals[j]![c]!);
      else if (key.cls === 'i32') r = cmpNum((col.values as Int32Array)[i]!, st.vals[j]![c]!);
      else {
        const d = col.values as Int32Array;
        const h = d[2 * i + 1]!;
        const hb = st.his[j]![c]!;
        r = h !== hb ? (h < hb ? -1 : 1) : cmpNum(d[2 * i]! >>> 0, st.vals[j]![c]!);
      }
      if (r !== 0) return key.descending ? -r : r;
    }
    return 0;
  }

  /** Candidate a against candidate b: keys, then position. */
  function cmpCand(spec: TopKSpec, st: TopKState, a: number, b: number): number {
    const keys = spec.keys;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      const an = st.nul[j]![a] === 1;
      const bn = st.nul[j]![b] === 1;
      if (an || bn) {
        if (an && bn) continue;
        return an === key.nullsFirst ? -1 : 1;
      }
      const v = st.vals[j]!;
      let r: number;
      if (key.cls === 'i64') {
        const h = st.his[j]!;
        r = h[a]! !== h[b]! ? (h[a]! < h[b]! ? -1 : 1) : cmpNum(v[a]!, v[b]!);
      } else r = cmpNum(v[a]!, v[b]!);
      if (r !== 0) return key.descending ? -r : r;
    }
    return st.pos[a]! - st.pos[b]!;
  }

  function add(spec: TopKSpec, cols: readonly MorselColumn[], i: number, pos: number, st: TopKState): void {
    const c = st.n++;
    st.pos[c] = pos;
    const keys = spec.keys;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      const col = cols[key.col]!;
      if (isNull(col, i)) {
        st.nul[j]![c] = 1;
        st.vals[j]![c] = 0;
        continue;
      }
      st.nul[j]![c] = 0;
      if (key.cls === 'i64') {
        const d = col.values as Int32Array;
        st.vals[j]![c] = d[2 * i]! >>> 0;
        st.his[j]![c] = d[2 * i + 1]!;
      } else st.vals[j]![c] = (col.values as Float64Array | Int32Array)[i]!;
    }
    if (st.n === st.cap) compact(spec, st);
  }

  /** Sorts the candidates and keeps the best k; the k-th becomes the threshold. */
  function compact(spec: TopKSpec, st: TopKState): void {
    const n = st.n;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => cmpCand(spec, st, a, b));
    const keep = Math.min(n, spec.k);
    const pos = st.pos.slice(0, n);
    for (let r = 0; r < keep; r++) st.pos[r] = pos[order[r]!]!;
    for (let j = 0; j < spec.keys.length; j++) {
      const v = st.vals[j]!.slice(0, n);
      const nl = st.nul[j]!.slice(0, n);
      const h = st.his[j]!.length > 0 ? st.his[j]!.slice(0, n) : null;
      for (let r = 0; r < keep; r++) {
        const o = order[r]!;
        st.vals[j]![r] = v[o]!;
        st.nul[j]![r] = nl[o]!;
        if (h !== null) st.his[j]![r] = h[o]!;
      }
    }
    st.n = keep;
    st.full = keep === spec.k && keep > 0;
    if (st.full) {
      const key = spec.keys[0]!;
      const t = keep - 1;
      const approx = key.cls === 'i64' ? st.his[0]![t]! * 4294967296 + st.vals[0]![t]! : st.vals[0]![t]!;
      // NULL threshold: no quick rejection (NaN compares false, so every row takes the full comparison).
      st.t0 = st.nul[0]![t] === 1 ? NaN : key.descending ? -approx : approx;
    }
  }

  /** First row from i whose first key is not strictly worse than the threshold (s: -1 descending). */
  function nextF64(v: Float64Array, i: number, n: number, s: number, t: number): number {
    for (; i < n; i++) if (!(s * v[i]! > t)) return i;
    return n;
  }

  function nextI32(v: Int32Array, i: number, n: number, s: number, t: number): number {
    for (; i < n; i++) if (!(s * v[i]! > t)) return i;
    return n;
  }

  function nextI64(d: Int32Array, i: number, n: number, s: number, t: number): number {
    for (; i < n; i++) if (!(s * (d[2 * i + 1]! * 4294967296 + (d[2 * i]! >>> 0)) > t)) return i;
    return n;
  }

  function run(spec: TopKSpec, cols: readonly MorselColumn[], n: number, rowBase: number, st: TopKState, inHeap: boolean): void {
    const key = spec.keys[0]!;
    const c0 = cols[key.col]!;
    const s = key.descending ? -1 : 1;
    const thr = spec.k - 1; // the threshold candidate once the buffer was cut back to k
    // NULLs in the first key: no quick test (a NULL's value slot is arbitrary).
    const quick = c0.bitmap === null;
    const v = c0.values;
    const simd = skip !== null && inHeap && key.cls === 'f64';
    let i = 0;
    for (;;) {
      // Reject bound: this range's k-th best once k are held, and the floor earlier ranges of the query left
      // (none yet, Infinity: nothing to skip, so no call).
      const b = st.full && st.t0 === st.t0 ? Math.min(st.t0, floor) : floor;
      if (quick && b < Infinity) {
        if (simd) i = (skip as NonNullable<TopKSkip>)(v.byteOffset, i, n, s, b);
        else i = key.cls === 'f64' ? nextF64(v as Float64Array, i, n, s, b) : key.cls === 'i32' ? nextI32(v as Int32Array, i, n, s, b) : nextI64(v as Int32Array, i, n, s, b);
      }
      if (i >= n) return;
      if (!st.full || cmpRow(spec, cols, i, st, thr) < 0) add(spec, cols, i, rowBase + i, st);
      i++;
    }
  }

  /**
   * The range's best (at most k) row positions, best first. Its k-th best
   * lowers the thread's floor: a row whose first key is strictly worse than
   * some range's k-th best has k rows strictly before it, so later ranges of
   * the query skip it from their first row on (they return fewer candidates,
   * never a row of the global top k less).
   */
  function finish(spec: TopKSpec, st: TopKState): Float64Array {
    compact(spec, st);
    if (st.full && st.t0 === st.t0) floor = Math.min(floor, st.t0);
    return st.pos.slice(0, st.n);
  }

  return { newState, run, finish };
}
