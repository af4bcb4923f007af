/**
 * Merging the partial states of a parallel aggregate's ranges into the
 * result columns, in range order (ranges are consecutive in scan order):
 * groups keep the order of their first row, as the serial hash aggregate
 * numbers them; counts add; int64 sums add exactly (BigInt); float sums add
 * range by range (so they may differ from a row-by-row sum in the last
 * bits); min/max merge with the serial rule (first of equal values kept,
 * NaN above every number). Output types follow the serial accumulators:
 * count int64, sum int64/float64 (NULL over no values), avg float64, min/max
 * the input type.
 */
import { makeColumn, type Column } from '../exec/column.js';
import { checkInt64 } from '../exec/expr/fn-arithmetic.js';
import { meanOfInt } from '../exec/aggregate/numeric-accumulators.js';
import type { AggState, MorselSpec, PartialState } from './morsel-spec.js';

/** How each output aggregate reads the merged states: one term, avg = sum term / its count, or count = a sum term's count (count(*) beside a sum of a NOT NULL column). */
export type OutputAgg = { readonly kind: 'term'; readonly term: number } | { readonly kind: 'avg'; readonly term: number } | { readonly kind: 'count'; readonly term: number };

interface Merged {
  size: number;
  keyLo: number[];
  keyHi: number[];
  keyValid: number[];
  cnt: Float64Array[];
  fsum: Float64Array[];
  isum: bigint[][];
  seen: Uint8Array[];
  num: Float64Array[];
  i64: Int32Array[];
}

function exactSum(a: AggState, g: number): bigint {
  return (a.big.get(g) ?? 0n) + BigInt(a.hi[g]!) * 4294967296n + BigInt(a.sum[g]!);
}

function less(xl: number, xh: number, yl: number, yh: number): number {
  if (xh !== yh) return xh < yh ? -1 : 1;
  const a = xl >>> 0;
  const b = yl >>> 0;
  return a === b ? 0 : a < b ? -1 : 1;
}

export function mergeStates(spec: MorselSpec, states: readonly PartialState[]): Merged {
  const total = states.reduce((s, st) => s + st.size, 0);
  const cap = Math.max(1, spec.key < 0 ? 1 : total);
  const n = spec.aggs.length;
  const m: Merged = {
    size: spec.key < 0 ? 1 : 0,
    keyLo: [],
    keyHi: [],
    keyValid: [],
    cnt: Array.from({ length: n }, () => new Float64Array(cap)),
    fsum: Array.from({ length: n }, () => new Float64Array(cap)),
    isum: Array.from({ length: n }, () => []),
    seen: Array.from({ length: n }, () => new Uint8Array(cap)),
    num: Array.from({ length: n }, () => new Float64Array(cap)),
    i64: Array.from({ length: n }, () => new Int32Array(2 * cap)),
  };
  const ids = new Map<bigint, number>();
  let nullId = -1;
  for (const st of states) {
    for (let g = 0; g < st.size; g++) {
      let id: number;
      if (spec.key < 0) id = 0;
      else if (st.keyValid[g] === 0) {
        if (nullId < 0) {
          nullId = m.size++;
          m.keyLo.push(0);
          m.keyHi.push(0);
          m.keyValid.push(0);
        }
        id = nullId;
      } else {
        const lo = st.keyLo[g]!;
        const hi = st.keyHi[g]!;
        const key = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
        let found = ids.get(key);
        if (found === undefined) {
          found = m.size++;
          ids.set(key, found);
          m.keyLo.push(lo);
          m.keyHi.push(hi);
          m.keyValid.push(1);
        }
        id = found;
      }
      for (let j = 0; j < n; j++) {
        const t = spec.aggs[j]!;
        const a = st.aggs[j]!;
        const c = a.cnt[g]!;
        if (t.kind === 'count_rows' || t.kind === 'count') {
          m.cnt[j]![id] = m.cnt[j]![id]! + c;
        } else if (t.kind === 'sum') {
          if (c === 0) continue;
          m.cnt[j]![id] = m.cnt[j]![id]! + c;
          if (t.int64) m.isum[j]![id] = (m.isum[j]![id] ?? 0n) + exactSum(a, g);
          else m.fsum[j]![id] = m.fsum[j]![id]! + a.sum[g]!;
        } else if (a.seen[g] === 1) {
          const isMax = t.kind === 'max';
          const seen = m.seen[j]!;
          if (t.int64) {
            const b = m.i64[j]!;
            const xl = a.i64[2 * g]!;
            const xh = a.i64[2 * g + 1]!;
            const c2 = seen[id] === 0 ? 0 : less(xl, xh, b[2 * id]!, b[2 * id + 1]!);
            if (seen[id] === 0 || (isMax ? c2 > 0 : c2 < 0)) {
              b[2 * id] = xl;
              b[2 * id + 1] = xh;
            }
          } else {
            const num = m.num[j]!;
            const x = a.num[g]!;
            const cur = num[id]!;
            if (seen[id] === 0 || (isMax ? x > cur || (x !== x && cur === cur) : x < cur || (cur !== cur && x === x))) num[id] = x;
          }
          seen[id] = 1;
        }
      }
    }
  }
  return m;
}

/** The key column (int64, NULL for the NULL group) of merged groups. */
export function keyColumn(m: Merged, type: 'int64' | 'timestamp' = 'int64'): Column {
  const out = new BigInt64Array(m.size);
  const w = new Int32Array(out.buffer);
  let valid: Uint8Array | null = null;
  for (let g = 0; g < m.size; g++) {
    w[2 * g] = m.keyLo[g]!;
    w[2 * g + 1] = m.keyHi[g]!;
    if (m.keyValid[g] === 0) {
      valid ??= new Uint8Array(m.size).fill(1);
      valid[g] = 0;
    }
  }
  return makeColumn(type, out, valid, m.size);
}

/** The output column of one aggregate. */
export function aggColumn(spec: MorselSpec, m: Merged, out: OutputAgg): Column {
  const j = out.term;
  const t = spec.aggs[j]!;
  const size = m.size;
  const cnt = m.cnt[j]!;
  if (out.kind === 'avg') {
    const vals = new Float64Array(size);
    const valid = new Uint8Array(size);
    for (let g = 0; g < size; g++) {
      const c = cnt[g]!;
      if (c === 0) continue;
      vals[g] = t.int64 ? meanOfInt(m.isum[j]![g] ?? 0n, c) : m.fsum[j]![g]! / c;
      valid[g] = 1;
    }
    return makeColumn('float64', vals, valid, size);
  }
  if (out.kind === 'count') {
    const vals = new BigInt64Array(size);
    for (let g = 0; g < size; g++) vals[g] = BigInt(cnt[g]!);
    return makeColumn('int64', vals, null, size);
  }
  switch (t.kind) {
    case 'count':
    case 'count_rows': {
      const vals = new BigInt64Array(size);
      for (let g = 0; g < size; g++) vals[g] = BigInt(cnt[g]!);
      return makeColumn('int64', vals, null, size);
    }
    case 'sum': {
      const valid = new Uint8Array(size);
      for (let g = 0; g < size; g++) valid[g] = cnt[g]! > 0 ? 1 : 0;
      if (!t.int64) return makeColumn('float64', m.fsum[j]!.slice(0, size), valid, size);
      const vals = new BigInt64Array(size);
      for (let g = 0; g < size; g++) if (valid[g] === 1) vals[g] = checkInt64(m.isum[j]![g] ?? 0n);
      return makeColumn('int64', vals, valid, size);
    }
    default: {
      const valid = m.seen[j]!.slice(0, size);
      if (!t.int64) return makeColumn('float64', m.num[j]!.slice(0, size), valid, size);
      const vals = new BigInt64Array(size);
      new Int32Array(vals.buffer).set(m.i64[j]!.subarray(0, 2 * size));
      return makeColumn('int64', vals, valid, size);
    }
  }
}
