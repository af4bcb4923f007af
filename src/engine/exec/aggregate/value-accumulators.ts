/**
 * Accumulators that keep a value per group: min/max (typed fast paths for
 * float64, dates and int64, a generic total order otherwise), first/last (in
 * input order, NULLs included), string_agg (NULLs skipped), any/every
 * (bool_or / bool_and, NULLs skipped). Without GROUP BY (every row of a
 * batch in group 0) min/max of float64, int64 and timestamp take the
 * whole-column kernels (engine/kernels: WebAssembly SIMD on heap-resident
 * columns, a JS twin otherwise), which keep the same value order and tie
 * rule as the per-row loop, so the result does not depend on the path.
 */
import type { DataType, Scalar } from '../../../types/data-type.js';
import { columnFromScalars, getScalar, makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { compareValues } from '../../../types/value-order.js';
import { forRows, growTyped, type Accumulator } from './accumulator.js';
import { minMaxF64, minMaxI64 } from '../../kernels/aggregate-kernels.js';
import { defaultKernels, type Kernels } from '../../kernels/kernel-module.js';
import { singleGroup } from './numeric-accumulators.js';

/** The value order's "x replaces cur" for float64 (NaN above every number; ties keep the first). */
function beatsF64(max: boolean, x: number, cur: number): boolean {
  return max ? x > cur || (x !== x && cur === cur) : x < cur || (cur !== cur && x === x);
}

/** min / max. */
export class ExtremeAccumulator implements Accumulator {
  private seen = new Uint8Array(16);
  private num = new Float64Array(8);
  private big = new BigInt64Array(8);
  private obj: Scalar[] = [];
  private readonly kind: 'num' | 'big' | 'obj';
  /** `kernels`: the kernel set for the one-group path (default: the process's; null = the JS twin). */
  constructor(
    private readonly type: DataType,
    private readonly isMax: boolean,
    private readonly kernels: Kernels | null = defaultKernels(),
  ) {
    this.kind = type === 'float64' || type === 'date' ? 'num' : type === 'int64' || type === 'timestamp' ? 'big' : 'obj';
  }
  ensure(size: number): void {
    this.seen = growTyped(this.seen, size);
    if (this.kind === 'num') this.num = growTyped(this.num, size);
    else if (this.kind === 'big') this.big = growTyped(this.big, size);
    else while (this.obj.length < size) this.obj.push(null);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const col = args[0] as Column;
    if (col.type === 'null') return;
    const valid = col.valid;
    const seen = this.seen;
    const max = this.isMax;
    const sel = c.sel;
    const m = sel === null ? c.length : sel.length;
    const f64 = this.kind === 'num' && col.values instanceof Float64Array;
    if ((f64 || (this.kind === 'big' && col.values instanceof BigInt64Array)) && singleGroup(groups, m)) {
      // no GROUP BY: one whole-column kernel call, its extreme folded in like one more row
      if (f64) {
        const x = minMaxF64(max, col.values as Float64Array, valid, sel, m, this.kernels);
        if (x === null) return;
        if (seen[0] === 0 || beatsF64(max, x, this.num[0] as number)) this.num[0] = x;
      } else {
        const x = minMaxI64(max, col.values as BigInt64Array, valid, sel, m, this.kernels);
        if (x === null) return;
        const cur = this.big[0] as bigint;
        if (seen[0] === 0 || (max ? x > cur : x < cur)) this.big[0] = x;
      }
      seen[0] = 1;
      return;
    }
    if (this.kind === 'num') {
      const v = col.values as Float64Array | Int32Array;
      const num = this.num;
      forRows(c, groups, (i, g) => {
        if (valid !== null && valid[i] === 0) return;
        const x = v[i] as number;
        if (seen[g] === 0) { seen[g] = 1; num[g] = x; return; }
        // the value order: NaN above every number (the max of any group holding one, never a min above a number)
        if (beatsF64(max, x, num[g] as number)) num[g] = x;
      });
    } else if (this.kind === 'big') {
      const v = col.values as BigInt64Array;
      const d = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
      const big = this.big;
      const b32 = new Int32Array(big.buffer, big.byteOffset, big.length * 2);
      forRows(c, groups, (i, g) => {
        if (valid !== null && valid[i] === 0) return;
        if (seen[g] === 0) { seen[g] = 1; b32[2 * g] = d[2 * i] as number; b32[2 * g + 1] = d[2 * i + 1] as number; return; }
        const xh = d[2 * i + 1] as number;
        const ch = b32[2 * g + 1] as number;
        let cmp: number;
        if (xh !== ch) cmp = xh < ch ? -1 : 1;
        else {
          const xl = (d[2 * i] as number) >>> 0;
          const cl = (b32[2 * g] as number) >>> 0;
          cmp = xl === cl ? 0 : xl < cl ? -1 : 1;
        }
        if (max ? cmp > 0 : cmp < 0) { b32[2 * g] = d[2 * i] as number; b32[2 * g + 1] = xh; }
      });
    } else {
      const obj = this.obj;
      forRows(c, groups, (i, g) => {
        const x = getScalar(col, i);
        if (x === null) return;
        if (seen[g] === 0) { seen[g] = 1; obj[g] = x; return; }
        const r = compareValues(x, obj[g] as Scalar);
        if (max ? r > 0 : r < 0) obj[g] = x;
      });
    }
  }
  result(g: number): Scalar {
    if (this.seen[g] !== 1) return null;
    if (this.kind === 'num') return this.num[g] as number;
    if (this.kind === 'big') return this.big[g] as bigint;
    if (this.type === 'bool') return this.obj[g] as boolean;
    return this.obj[g] as Scalar;
  }
  finish(size: number): Column {
    const valid = this.seen.slice(0, size);
    if (this.kind === 'num') {
      const vals = this.type === 'date' ? Int32Array.from(this.num.subarray(0, size)) : this.num.slice(0, size);
      return makeColumn(this.type, vals, valid, size);
    }
    if (this.kind === 'big') return makeColumn(this.type, this.big.slice(0, size), valid, size);
    return columnFromScalars(this.type, this.obj.slice(0, size).map((v, g) => (valid[g] === 1 ? v : null)));
  }
  reset(g: number): void {
    this.seen[g] = 0;
  }
}

/** first / last row's value in input order (a NULL value counts as a value). */
export class PositionalAccumulator implements Accumulator {
  private seen = new Uint8Array(16);
  private vals: Scalar[] = [];
  constructor(
    private readonly type: DataType,
    private readonly last: boolean,
  ) {}
  ensure(size: number): void {
    this.seen = growTyped(this.seen, size);
    while (this.vals.length < size) this.vals.push(null);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const col = args[0] as Column;
    forRows(c, groups, (i, g) => {
      if (this.last || this.seen[g] === 0) {
        this.seen[g] = 1;
        this.vals[g] = getScalar(col, i);
      }
    });
  }
  result(g: number): Scalar {
    return this.seen[g] === 1 ? (this.vals[g] ?? null) : null;
  }
  finish(size: number): Column {
    return columnFromScalars(this.type, Array.from({ length: size }, (_, g) => this.result(g)));
  }
  reset(g: number): void {
    this.seen[g] = 0;
    this.vals[g] = null;
  }
}

export class StringAggAccumulator implements Accumulator {
  private parts: (string[] | null)[] = [];
  private sep: string | null = null;
  ensure(size: number): void {
    while (this.parts.length < size) this.parts.push(null);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const col = args[0] as Column;
    const sepCol = args[1];
    forRows(c, groups, (i, g) => {
      if (this.sep === null && sepCol !== undefined) this.sep = (getScalar(sepCol, i) as string | null) ?? '';
      const v = getScalar(col, i);
      if (v === null) return;
      let p = this.parts[g];
      if (p === null || p === undefined) {
        p = [];
        this.parts[g] = p;
      }
      p.push(v as string);
    });
  }
  result(g: number): Scalar {
    const p = this.parts[g];
    return p === null || p === undefined ? null : p.join(this.sep ?? ',');
  }
  finish(size: number): Column {
    return columnFromScalars('utf8', Array.from({ length: size }, (_, g) => this.result(g)));
  }
  reset(g: number): void {
    this.parts[g] = null;
  }
}

/** any (bool_or) / every (bool_and); NULL inputs are ignored. */
export class BoolAccumulator implements Accumulator {
  private state = new Uint8Array(16); // 0 none, 1 false, 2 true
  constructor(private readonly isAny: boolean) {}
  ensure(size: number): void {
    this.state = growTyped(this.state, size);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const col = args[0] as Column;
    if (col.type === 'null') return;
    const v = col.values as Uint8Array;
    const valid = col.valid;
    const st = this.state;
    const any = this.isAny;
    forRows(c, groups, (i, g) => {
      if (valid !== null && valid[i] === 0) return;
      const x = v[i] === 1;
      const cur = st[g] as number;
      if (cur === 0) st[g] = x ? 2 : 1;
      else if (any ? x : !x) st[g] = x ? 2 : 1;
    });
  }
  result(g: number): Scalar {
    const s = this.state[g] ?? 0;
    return s === 0 ? null : s === 2;
  }
  finish(size: number): Column {
    return columnFromScalars('bool', Array.from({ length: size }, (_, g) => this.result(g)));
  }
  reset(g: number): void {
    this.state[g] = 0;
  }
}
