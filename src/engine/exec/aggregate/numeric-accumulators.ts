/**
 * Accumulators of the counting and moment aggregates: count, sum, avg and the
 * variance family (stddev, stddev_pop, variance, var_pop via Welford's
 * update). int64 sums are exact: each group adds the low and high 32-bit
 * halves into doubles (exact below 2^53) and flushes into a BigInt
 * periodically, so the hot loop allocates no BigInt per row; an out-of-range
 * total raises NUMERIC_OVERFLOW. Without GROUP BY (every row in group 0),
 * sum, avg and count take whole-column kernels (engine/kernels: WebAssembly
 * SIMD on heap-resident columns, a JS twin otherwise) instead of the per-row
 * loop; a float64 sum then adds in the kernels' lane order, identical on
 * both paths (within ordinary rounding of a left-to-right sum).
 */
import type { Scalar } from '../../../types/data-type.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { checkInt64 } from '../expr/fn-arithmetic.js';
import { asF64 } from '../expr/fn-arithmetic.js';
import { growTyped, type Accumulator } from './accumulator.js';
import { countValid, sumF64, sumI64, SUM_I64_MAX_ROWS } from '../../kernels/aggregate-kernels.js';

const TWO32 = 4294967296n;
const FLUSH_EVERY = 1 << 20;
/** An int64 group's low/high double sums are flushed into its BigInt before passing this (so they stay exact). */
const FLUSH_AT = 2 ** 52;

/**
 * True when every one of the first `m` rows belongs to group 0 — the
 * aggregate without GROUP BY (and without a FILTER dropping rows) — so a
 * whole-column kernel (engine/kernels, SIMD on heap-resident columns) can
 * replace the per-row loop.
 */
export function singleGroup(groups: Int32Array, m: number): boolean {
  if (m === 0 || groups[0] !== 0 || groups[m - 1] !== 0) return false;
  for (let k = 1; k < m - 1; k++) if (groups[k] !== 0) return false;
  return true;
}

export class CountAccumulator implements Accumulator {
  private counts = new Float64Array(8);
  /** `countRows`: count() of rows, else count(x) of non-null x. */
  constructor(private readonly countRows: boolean) {}
  ensure(size: number): void {
    this.counts = growTyped(this.counts, size);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const counts = this.counts;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    const col = args[0];
    const valid = this.countRows || col === undefined ? null : col.type === 'null' ? new Uint8Array(c.length) : col.valid;
    if (singleGroup(groups, n)) {
      counts[0] = (counts[0] as number) + (valid === null ? n : countValid(valid, sel, n));
      return;
    }
    if (valid === null) {
      for (let k = 0; k < n; k++) {
        const g = groups[k] as number;
        if (g >= 0) counts[g] = (counts[g] as number) + 1;
      }
      return;
    }
    for (let k = 0; k < n; k++) {
      const g = groups[k] as number;
      if (g < 0) continue;
      if (valid !== null && valid[sel === null ? k : (sel[k] as number)] === 0) continue;
      counts[g] = (counts[g] as number) + 1;
    }
  }
  result(g: number): Scalar {
    return BigInt(this.counts[g] ?? 0);
  }
  finish(size: number): Column {
    const out = new BigInt64Array(size);
    for (let g = 0; g < size; g++) out[g] = BigInt(this.counts[g] ?? 0);
    return makeColumn('int64', out, null, size);
  }
  reset(g: number): void {
    this.counts[g] = 0;
  }
}

/**
 * The mean of `n` int64 values from their exact sum: quotient and remainder
 * in BigInt, so a sum past 2^53 is not rounded to a double before dividing
 * ((2^53 + 1) / 1 is 2^53 by one rounding, (2^53 + 1 + 2 - 2) / 3 is exactly
 * 3002399751580331).
 */
export function meanOfInt(s: bigint, n: number): number {
  if (s >= -(2n ** 53n) && s <= 2n ** 53n) return Number(s) / n; // exact sum: one rounding
  // 64 more bits of quotient, rounded once to a double, then scaled back exactly
  return Number((s << 64n) / BigInt(n)) / 2 ** 64;
}

/** sum and avg over int64 or float64 input. */
export class SumAccumulator implements Accumulator {
  private n = new Float64Array(8);
  private f = new Float64Array(8); // float sum, or low halves for int64
  private hi = new Float64Array(8);
  private big: bigint[] = [];
  constructor(
    private readonly inputType: 'int64' | 'float64' | 'null',
    private readonly mode: 'sum' | 'avg',
  ) {}
  ensure(size: number): void {
    this.n = growTyped(this.n, size);
    this.f = growTyped(this.f, size);
    this.hi = growTyped(this.hi, size);
    while (this.big.length < size) this.big.push(0n);
  }
  private flush(g: number): void {
    this.big[g] = (this.big[g] as bigint) + BigInt(this.hi[g] as number) * TWO32 + BigInt(this.f[g] as number);
    this.hi[g] = 0;
    this.f[g] = 0;
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const col = args[0] as Column;
    if (this.inputType === 'null' || col.type === 'null') return;
    const sel = c.sel;
    const m = sel === null ? c.length : sel.length;
    const valid = col.valid;
    const cnt = this.n;
    const f = this.f;
    if (this.inputType === 'float64') {
      const v = col.type === 'float64' ? (col.values as Float64Array) : asF64(col, c);
      if (singleGroup(groups, m)) {
        // one group: the lane-ordered column sum (bit-identical on the SIMD and JS paths)
        cnt[0] = (cnt[0] as number) + (valid === null ? m : countValid(valid, sel, m));
        f[0] = (f[0] as number) + sumF64(v, valid, sel, m);
        return;
      }
      if (valid === null && sel !== null) {
        // the common filtered, NULL-free case: one indirection, no per-row checks beyond the group
        for (let k = 0; k < m; k++) {
          const g = groups[k] as number;
          if (g < 0) continue;
          cnt[g] = (cnt[g] as number) + 1;
          f[g] = (f[g] as number) + (v[sel[k] as number] as number);
        }
        return;
      }
      for (let k = 0; k < m; k++) {
        const g = groups[k] as number;
        if (g < 0) continue;
        const i = sel === null ? k : (sel[k] as number);
        if (valid !== null && valid[i] === 0) continue;
        cnt[g] = (cnt[g] as number) + 1;
        f[g] = (f[g] as number) + (v[i] as number);
      }
      return;
    }
    const b = col.values as BigInt64Array;
    const hi = this.hi;
    if (m <= SUM_I64_MAX_ROWS && singleGroup(groups, m)) {
      // one group: the column's exact sum as halves (each below 2^53), added to doubles kept below 2^52 + 2^52
      if ((f[0] as number) >= FLUSH_AT || Math.abs(hi[0] as number) >= FLUSH_AT) this.flush(0);
      const parts = sumI64(b, valid, sel, m);
      cnt[0] = (cnt[0] as number) + parts.count;
      f[0] = (f[0] as number) + parts.lo;
      hi[0] = (hi[0] as number) + parts.hi;
      if ((f[0] as number) >= FLUSH_AT || Math.abs(hi[0] as number) >= FLUSH_AT) this.flush(0);
      return;
    }
    const d = new Int32Array(b.buffer, b.byteOffset, b.length * 2);
    if (valid === null && sel !== null) {
      for (let k = 0; k < m; k++) {
        const g = groups[k] as number;
        if (g < 0) continue;
        const i = sel[k] as number;
        const c2 = (cnt[g] as number) + 1;
        cnt[g] = c2;
        f[g] = (f[g] as number) + ((d[2 * i] as number) >>> 0);
        hi[g] = (hi[g] as number) + (d[2 * i + 1] as number);
        if ((c2 & (FLUSH_EVERY - 1)) === 0) this.flush(g);
      }
      return;
    }
    for (let k = 0; k < m; k++) {
      const g = groups[k] as number;
      if (g < 0) continue;
      const i = sel === null ? k : (sel[k] as number);
      if (valid !== null && valid[i] === 0) continue;
      const c2 = (cnt[g] as number) + 1;
      cnt[g] = c2;
      f[g] = (f[g] as number) + ((d[2 * i] as number) >>> 0);
      hi[g] = (hi[g] as number) + (d[2 * i + 1] as number);
      if ((c2 & (FLUSH_EVERY - 1)) === 0) this.flush(g);
    }
  }
  private exact(g: number): bigint {
    return (this.big[g] as bigint) + BigInt(this.hi[g] as number) * TWO32 + BigInt(this.f[g] as number);
  }
  result(g: number): Scalar {
    const n = this.n[g] ?? 0;
    if (n === 0) return null;
    if (this.inputType === 'float64') return this.mode === 'sum' ? (this.f[g] as number) : (this.f[g] as number) / n;
    const s = this.exact(g);
    return this.mode === 'sum' ? checkInt64(s) : meanOfInt(s, n);
  }
  finish(size: number): Column {
    const valid = new Uint8Array(size);
    if (this.mode === 'avg' || this.inputType !== 'int64') {
      const out = new Float64Array(size);
      for (let g = 0; g < size; g++) {
        const r = this.result(g);
        if (r !== null) { out[g] = r as number; valid[g] = 1; }
      }
      return makeColumn(this.mode === 'avg' || this.inputType === 'float64' ? 'float64' : 'int64', this.inputType === 'null' && this.mode === 'sum' ? new BigInt64Array(size) : out, valid, size);
    }
    const out = new BigInt64Array(size);
    for (let g = 0; g < size; g++) {
      if ((this.n[g] ?? 0) === 0) continue;
      const hi = this.hi[g] as number;
      const lo = this.f[g] as number;
      const big = this.big[g] as bigint;
      // fast path: the total fits a double exactly
      const approx = hi * 4294967296 + lo;
      out[g] = big === 0n && Math.abs(approx) < 2 ** 53 ? BigInt(approx) : checkInt64(this.exact(g));
      valid[g] = 1;
    }
    return makeColumn('int64', out, valid, size);
  }
  reset(g: number): void {
    this.n[g] = 0;
    this.f[g] = 0;
    this.hi[g] = 0;
    this.big[g] = 0n;
  }
}

/** Welford's online variance; `sample` divides by n-1 (NULL for n < 2), `sqrt` gives stddev. */
export class VarianceAccumulator implements Accumulator {
  private n = new Float64Array(8);
  private mean = new Float64Array(8);
  private m2 = new Float64Array(8);
  constructor(
    private readonly sample: boolean,
    private readonly sqrt: boolean,
  ) {}
  ensure(size: number): void {
    this.n = growTyped(this.n, size);
    this.mean = growTyped(this.mean, size);
    this.m2 = growTyped(this.m2, size);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const col = args[0] as Column;
    if (col.type === 'null') return;
    const v = asF64(col, c);
    const valid = col.valid;
    const sel = c.sel;
    const m = sel === null ? c.length : sel.length;
    for (let k = 0; k < m; k++) {
      const g = groups[k] as number;
      if (g < 0) continue;
      const i = sel === null ? k : (sel[k] as number);
      if (valid !== null && valid[i] === 0) continue;
      const x = v[i] as number;
      const n = (this.n[g] as number) + 1;
      this.n[g] = n;
      const d = x - (this.mean[g] as number);
      const mean = (this.mean[g] as number) + d / n;
      this.mean[g] = mean;
      this.m2[g] = (this.m2[g] as number) + d * (x - mean);
    }
  }
  result(g: number): Scalar {
    const n = this.n[g] ?? 0;
    if (n === 0 || (this.sample && n < 2)) return null;
    const v = Math.max(0, (this.m2[g] as number) / (this.sample ? n - 1 : n));
    return this.sqrt ? Math.sqrt(v) : v;
  }
  finish(size: number): Column {
    const out = new Float64Array(size);
    const valid = new Uint8Array(size);
    for (let g = 0; g < size; g++) {
      const r = this.result(g);
      if (r !== null) { out[g] = r as number; valid[g] = 1; }
    }
    return makeColumn('float64', out, valid, size);
  }
  reset(g: number): void {
    this.n[g] = 0;
    this.mean[g] = 0;
    this.m2[g] = 0;
  }
}
