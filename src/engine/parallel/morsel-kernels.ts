/**
 * The compute of a parallel aggregate on one morsel (a range of rows of
 * fixed-width int64/float64 columns): a conjunction of column-versus-constant
 * comparisons into a selection, the group id of every selected row (one
 * int64 key, NULL its own group, groups numbered in order of first
 * appearance with the row's global position remembered), and count / sum /
 * min / max per group into a partial state that later morsels extend and
 * that partial states of other threads merge with (parallel-merge.ts).
 *
 * Everything lives inside `morselKernels`, a function with no imports and no
 * free variables, because worker threads run the very same code: the worker
 * source is `String(morselKernels)` (worker-source.ts), the calling thread
 * calls it directly. One implementation, so both agree by construction; the
 * semantics copy the serial operators' (compare-select.ts: NaN is above
 * every number, so > and >= hold for it; value-accumulators.ts: min/max keep
 * the first of equal values, NaN the max of any group holding one;
 * numeric-accumulators.ts: int64 sums exact through 32-bit halves flushed
 * into a BigInt every 2^20 rows of a group).
 *
 * With a MorselWasm (morsel-wasm.ts) and a spec carrying a WasmPlan, a range
 * runs in the fused WebAssembly kernel instead, its state in a heap block
 * until `done` copies it into the arrays below; this JS code is its twin
 * (the same partial states), and takes over a range whose block fills up or
 * whose columns are not in the heap.
 */
import type { MorselWasm } from './morsel-wasm.js';
import type { FilterTerm, AggTerm, MorselSpec, MorselColumn, AggState, PartialState, MorselKernels } from './morsel-spec.js';

export function morselKernels(wasm: MorselWasm | null = null): MorselKernels {
  const FLUSH = 1 << 20;
  const TWO32 = 4294967296n;
  let selScratch = new Int32Array(0);
  let grpScratch = new Int32Array(0);

  function isValid(c: MorselColumn, i: number): boolean {
    const b = c.bitmap;
    if (b === null) return true;
    const j = c.bit + i;
    return ((b[j >> 3]! >> (j & 7)) & 1) === 1;
  }

  function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
    if (a.length >= n) return a;
    const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
    b.set(a);
    return b;
  }

  function newAgg(cap: number): AggState {
    return { cnt: new Float64Array(cap), sum: new Float64Array(cap), hi: new Float64Array(cap), big: new Map(), seen: new Uint8Array(cap), num: new Float64Array(cap), i64: new Int32Array(2 * cap) };
  }

  function newState(spec: MorselSpec): PartialState {
    // a range the fused kernel runs fills these arrays only at the end (done): no room needed up front
    const cap = spec.key < 0 || (wasm !== null && spec.wasm !== undefined && spec.wasm !== null) ? 1 : 1024;
    const st: PartialState = {
      size: 0,
      cap,
      pos: new Float64Array(cap),
      keyLo: new Int32Array(cap),
      keyHi: new Int32Array(cap),
      keyValid: new Uint8Array(cap),
      aggs: spec.aggs.map(() => newAgg(cap)),
      slots: new Int32Array(spec.key < 0 ? 0 : 1024),
      direct: new Int32Array(spec.key < 0 ? 0 : 1024),
      nullId: -1,
      wasm: -1,
      kernelRows: 0,
    };
    if (spec.key < 0) {
      st.size = 1;
      st.pos[0] = 0;
    }
    wasm?.attach(spec, st);
    return st;
  }

  function ensureCap(st: PartialState, need: number): void {
    if (need <= st.cap) return;
    const cap = Math.max(need, st.cap * 2);
    st.cap = cap;
    st.pos = grow(st.pos, cap);
    st.keyLo = grow(st.keyLo, cap);
    st.keyHi = grow(st.keyHi, cap);
    st.keyValid = grow(st.keyValid, cap);
    for (const a of st.aggs) {
      a.cnt = grow(a.cnt, cap);
      a.sum = grow(a.sum, cap);
      a.hi = grow(a.hi, cap);
      a.seen = grow(a.seen, cap);
      a.num = grow(a.num, cap);
      a.i64 = grow(a.i64, 2 * cap);
    }
  }

  function hash(lo: number, hi: number): number {
    let h = lo ^ Math.imul(hi, 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h;
  }

  function addGroup(st: PartialState, lo: number, hi: number, valid: number, pos: number): number {
    const id = st.size;
    ensureCap(st, id + 1);
    st.size = id + 1;
    st.keyLo[id] = lo;
    st.keyHi[id] = hi;
    st.keyValid[id] = valid;
    st.pos[id] = pos;
    return id;
  }

  function rehash(st: PartialState): void {
    const slots = new Int32Array(st.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < st.size; id++) {
      if (st.keyValid[id] === 0) continue;
      const lo = st.keyLo[id]!;
      const hi = st.keyHi[id]!;
      if (hi === 0 && lo >= 0 && lo < 65536) continue;
      let s = hash(lo, hi) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    st.slots = slots;
  }

  /** Group id of each selected row (grp[k] for row sel[k]). */
  function groupIds(st: PartialState, key: MorselColumn, sel: Int32Array, m: number, grp: Int32Array, rowBase: number): void {
    const v = key.values as Int32Array;
    const nullable = key.bitmap !== null;
    let direct = st.direct;
    for (let k = 0; k < m; k++) {
      const i = sel[k]!;
      if (nullable && !isValid(key, i)) {
        if (st.nullId < 0) st.nullId = addGroup(st, 0, 0, 0, rowBase + i);
        grp[k] = st.nullId;
        continue;
      }
      const lo = v[2 * i]!;
      const hi = v[2 * i + 1]!;
      if (hi === 0 && lo >= 0 && lo < 65536) {
        if (direct.length <= lo) direct = st.direct = grow(st.direct, lo + 1);
        let id = direct[lo]! - 1;
        if (id < 0) {
          id = addGroup(st, lo, hi, 1, rowBase + i);
          direct[lo] = id + 1;
        }
        grp[k] = id;
        continue;
      }
      grp[k] = hashedId(st, lo, hi, rowBase + i);
    }
  }

  function hashedId(st: PartialState, lo: number, hi: number, pos: number): number {
    const mask = st.slots.length - 1;
    let s = hash(lo, hi) & mask;
    for (;;) {
      const e = st.slots[s]!;
      if (e === 0) break;
      if (st.keyLo[e - 1] === lo && st.keyHi[e - 1] === hi && st.keyValid[e - 1] === 1) return e - 1;
      s = (s + 1) & mask;
    }
    const id = addGroup(st, lo, hi, 1, pos);
    st.slots[s] = id + 1;
    if (2 * st.size > st.slots.length) rehash(st);
    return id;
  }

  /** Rows of [0, n) (or of `sel`) passing one comparison; returns the count written to out (which may be `sel`). */
  function select(t: FilterTerm, c: MorselColumn, sel: Int32Array | null, n: number, out: Int32Array): number {
    if (c.bitmap === null) return t.int64 ? selectI64(t, c.values as Int32Array, sel, n, out) : selectF64(t, c.values as Float64Array, sel, n, out);
    // With NULLs: the general loop (a NULL never passes).
    let m = 0;
    const one = new Int32Array(1);
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : sel[k]!;
      if (!isValid(c, i)) continue;
      one[0] = i;
      if ((t.int64 ? selectI64(t, c.values as Int32Array, one, 1, one) : selectF64(t, c.values as Float64Array, one, 1, one)) === 1) out[m++] = i;
    }
    return m;
  }

  // A NaN value is above every number (the constant is never NaN): > and >= hold for it, as in compare-select.
  function selectF64(t: FilterTerm, v: Float64Array, sel: Int32Array | null, n: number, out: Int32Array): number {
    let m = 0;
    const c = t.lo;
    if (sel === null) {
      switch (t.op) {
        case 'eq': for (let i = 0; i < n; i++) if (v[i] === c) out[m++] = i; break;
        case 'ne': for (let i = 0; i < n; i++) if (v[i] !== c) out[m++] = i; break;
        case 'lt': for (let i = 0; i < n; i++) if (v[i]! < c) out[m++] = i; break;
        case 'le': for (let i = 0; i < n; i++) if (v[i]! <= c) out[m++] = i; break;
        case 'gt': for (let i = 0; i < n; i++) { const x = v[i]!; if (x > c || x !== x) out[m++] = i; } break;
        default: for (let i = 0; i < n; i++) { const x = v[i]!; if (x >= c || x !== x) out[m++] = i; } break;
      }
      return m;
    }
    switch (t.op) {
      case 'eq': for (let k = 0; k < n; k++) { const i = sel[k]!; if (v[i] === c) out[m++] = i; } break;
      case 'ne': for (let k = 0; k < n; k++) { const i = sel[k]!; if (v[i] !== c) out[m++] = i; } break;
      case 'lt': for (let k = 0; k < n; k++) { const i = sel[k]!; if (v[i]! < c) out[m++] = i; } break;
      case 'le': for (let k = 0; k < n; k++) { const i = sel[k]!; if (v[i]! <= c) out[m++] = i; } break;
      case 'gt': for (let k = 0; k < n; k++) { const i = sel[k]!; const x = v[i]!; if (x > c || x !== x) out[m++] = i; } break;
      default: for (let k = 0; k < n; k++) { const i = sel[k]!; const x = v[i]!; if (x >= c || x !== x) out[m++] = i; } break;
    }
    return m;
  }

  /** int64 as (lo, hi) int32 halves: below <=> (hi < chi) or (hi == chi and lo <u clo). */
  function selectI64(t: FilterTerm, v: Int32Array, sel: Int32Array | null, n: number, out: Int32Array): number {
    let m = 0;
    const ch = t.hi;
    const cl = t.lo >>> 0;
    const op = t.op;
    // lt/ge and gt/le are complements; eq/ne too.
    const want = op === 'lt' || op === 'le' || op === 'eq';
    if (op === 'lt' || op === 'ge') {
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : sel[k]!;
        const h = v[2 * i + 1]!;
        if ((h < ch || (h === ch && v[2 * i]! >>> 0 < cl)) === want) out[m++] = i;
      }
    } else if (op === 'gt' || op === 'le') {
      const keep = op === 'gt';
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : sel[k]!;
        const h = v[2 * i + 1]!;
        if ((h > ch || (h === ch && v[2 * i]! >>> 0 > cl)) === keep) out[m++] = i;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : sel[k]!;
        if ((v[2 * i + 1] === ch && v[2 * i]! >>> 0 === cl) === want) out[m++] = i;
      }
    }
    return m;
  }

  function flush(a: AggState, g: number): void {
    a.big.set(g, (a.big.get(g) ?? 0n) + BigInt(a.hi[g]!) * TWO32 + BigInt(a.sum[g]!));
    a.hi[g] = 0;
    a.sum[g] = 0;
  }

  /**
   * Adds the m selected rows (row rows[k], group grp[k]) to one aggregate.
   * `dense`: rows[k] === k and one group (the no-key, no-filter case).
   */
  function accumulate(t: AggTerm, a: AggState, c: MorselColumn | undefined, rows: Int32Array, grp: Int32Array, m: number, dense: boolean): void {
    const cnt = a.cnt;
    if (t.kind === 'count_rows') {
      if (dense) cnt[0] = cnt[0]! + m;
      else for (let k = 0; k < m; k++) cnt[grp[k]!]! += 1;
      return;
    }
    const col = c!;
    const hasNulls = col.bitmap !== null;
    if (t.kind === 'count') {
      if (!hasNulls) {
        if (dense) cnt[0] = cnt[0]! + m;
        else for (let k = 0; k < m; k++) cnt[grp[k]!]! += 1;
        return;
      }
      for (let k = 0; k < m; k++) if (isValid(col, rows[k]!)) cnt[grp[k]!]! += 1;
      return;
    }
    if (t.kind === 'sum') {
      const sum = a.sum;
      if (!t.int64) {
        const v = col.values as Float64Array;
        if (!hasNulls) {
          if (dense) {
            let s = sum[0]!;
            for (let i = 0; i < m; i++) s += v[i]!;
            sum[0] = s;
            cnt[0] = cnt[0]! + m;
            return;
          }
          for (let k = 0; k < m; k++) {
            const g = grp[k]!;
            cnt[g] = cnt[g]! + 1;
            sum[g] = sum[g]! + v[rows[k]!]!;
          }
          return;
        }
        for (let k = 0; k < m; k++) {
          const i = rows[k]!;
          if (!isValid(col, i)) continue;
          const g = grp[k]!;
          cnt[g] = cnt[g]! + 1;
          sum[g] = sum[g]! + v[i]!;
        }
        return;
      }
      const d = col.values as Int32Array;
      const hiS = a.hi;
      for (let k = 0; k < m; k++) {
        const i = rows[k]!;
        if (hasNulls && !isValid(col, i)) continue;
        const g = grp[k]!;
        const c2 = cnt[g]! + 1;
        cnt[g] = c2;
        sum[g] = sum[g]! + (d[2 * i]! >>> 0);
        hiS[g] = hiS[g]! + d[2 * i + 1]!;
        if ((c2 & (FLUSH - 1)) === 0) flush(a, g);
      }
      return;
    }
    const isMax = t.kind === 'max';
    const seen = a.seen;
    if (!t.int64) {
      const v = col.values as Float64Array;
      const num = a.num;
      for (let k = 0; k < m; k++) {
        const i = rows[k]!;
        if (hasNulls && !isValid(col, i)) continue;
        const g = grp[k]!;
        const x = v[i]!;
        if (seen[g] === 0) {
          seen[g] = 1;
          num[g] = x;
          continue;
        }
        const cur = num[g]!;
        if (isMax ? x > cur || (x !== x && cur === cur) : x < cur || (cur !== cur && x === x)) num[g] = x;
      }
      return;
    }
    const d = col.values as Int32Array;
    const b = a.i64;
    for (let k = 0; k < m; k++) {
      const i = rows[k]!;
      if (hasNulls && !isValid(col, i)) continue;
      const g = grp[k]!;
      const xl = d[2 * i]!;
      const xh = d[2 * i + 1]!;
      if (seen[g] === 0) {
        seen[g] = 1;
        b[2 * g] = xl;
        b[2 * g + 1] = xh;
        continue;
      }
      const ch = b[2 * g + 1]!;
      const c2 = xh !== ch ? (xh < ch ? -1 : 1) : xl >>> 0 !== b[2 * g]! >>> 0 ? (xl >>> 0 < b[2 * g]! >>> 0 ? -1 : 1) : 0;
      if (isMax ? c2 > 0 : c2 < 0) {
        b[2 * g] = xl;
        b[2 * g + 1] = xh;
      }
    }
  }

  let identity = new Int32Array(0);
  let zeros = new Int32Array(0);

  /** Leaves the kernel's block: its groups into the arrays, and the JS lookup structures rebuilt from them. */
  function toJs(spec: MorselSpec, st: PartialState): void {
    wasm!.copyOut(spec, st, ensureCap);
    if (spec.key < 0) return;
    st.direct = new Int32Array(65536);
    let slots = 1024;
    while (slots < 2 * st.size + 2) slots *= 2;
    st.slots = new Int32Array(slots / 2);
    rehash(st);
    for (let id = 0; id < st.size; id++) {
      const lo = st.keyLo[id]!;
      if (st.keyValid[id] === 1 && st.keyHi[id] === 0 && lo >= 0 && lo < 65536) st.direct[lo] = id + 1;
    }
  }

  function done(spec: MorselSpec, st: PartialState): void {
    if (st.wasm >= 0) wasm!.copyOut(spec, st, ensureCap);
  }

  /** Rows [from, ...) of the columns, as columns of their own. */
  function sliceCols(cols: readonly MorselColumn[], from: number): MorselColumn[] {
    return cols.map((c) => ({ values: c.values.subarray(c.values instanceof Float64Array ? from : 2 * from), bitmap: c.bitmap, bit: c.bit + from, heap: c.heap }));
  }

  function run(spec: MorselSpec, cols: readonly MorselColumn[], n: number, rowBase: number, st: PartialState): void {
    if (st.wasm >= 0) {
      const took = wasm!.run(spec, cols, n, rowBase, st);
      if (took === n) return;
      // the block is full or the columns are not in the heap: the JS twin takes the rest of the range
      toJs(spec, st);
      if (took > 0) {
        run(spec, sliceCols(cols, took), n - took, rowBase + took, st);
        return;
      }
    }
    let rows: Int32Array;
    let m = n;
    if (identity.length < n) {
      identity = new Int32Array(n);
      for (let i = 0; i < n; i++) identity[i] = i;
      zeros = new Int32Array(n);
    }
    if (spec.filter.length > 0) {
      if (selScratch.length < n) selScratch = new Int32Array(n);
      let cur: Int32Array | null = null;
      for (const t of spec.filter) {
        m = select(t, cols[t.col]!, cur, cur === null ? n : m, selScratch);
        cur = selScratch;
      }
      rows = selScratch;
    } else rows = identity;
    if (m === 0) return;
    let grp = zeros;
    if (spec.key >= 0) {
      if (grpScratch.length < n) grpScratch = new Int32Array(n);
      groupIds(st, cols[spec.key]!, rows, m, grpScratch, rowBase);
      grp = grpScratch;
    }
    const dense = spec.key < 0 && spec.filter.length === 0;
    for (let j = 0; j < spec.aggs.length; j++) {
      const t = spec.aggs[j]!;
      accumulate(t, st.aggs[j]!, t.kind === 'count_rows' ? undefined : cols[t.col], rows, grp, m, dense);
    }
  }

  return { newState, run, done };
}
