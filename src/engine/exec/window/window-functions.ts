/**
 * Evaluates one window function over sorted partitions: ranking functions
 * (row_number, rank, dense_rank, percent_rank, cume_dist, ntile), offsets
 * (lag, lead), frame values (first_value, last_value, nth_value) and every
 * aggregate over its frame. Running frames feed one accumulator
 * incrementally; sliding sum/count/avg add and remove rows; sliding min/max
 * use a monotonic deque; other sliding aggregates recompute per frame.
 */
import type { AggregateFn, WindowFn } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { getScalar, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { compareValues } from '../../../types/value-order.js';
import { makeAccumulator } from '../aggregate/make-accumulator.js';
import { meanOfInt } from '../aggregate/numeric-accumulators.js';
import type { PartitionLayout } from './window-frame.js';

export interface WindowInput {
  readonly fn: WindowFn;
  readonly distinct: boolean;
  readonly args: readonly Column[];
  readonly argTypes: readonly DataType[];
  readonly outType: DataType;
  readonly layout: PartitionLayout;
  readonly frame: { readonly start: Int32Array; readonly end: Int32Array };
  readonly frameStartUnbounded: boolean;
}

/** Results indexed by SORTED position. */
export function evaluateWindow(w: WindowInput): Scalar[] {
  const { layout } = w;
  const n = layout.perm.length;
  const out: Scalar[] = new Array<Scalar>(n).fill(null);
  const { perm, partStart, partEnd, peerStart, peerEnd } = layout;
  const arg = (j: number, k: number): Scalar => {
    const col = w.args[j];
    return col === undefined ? null : getScalar(col, perm[k] as number);
  };
  switch (w.fn) {
    case 'row_number':
      for (let k = 0; k < n; k++) out[k] = BigInt(k - (partStart[k] as number) + 1);
      return out;
    case 'rank':
      for (let k = 0; k < n; k++) out[k] = BigInt((peerStart[k] as number) - (partStart[k] as number) + 1);
      return out;
    case 'dense_rank': {
      let d = 0;
      for (let k = 0; k < n; k++) {
        if (k === partStart[k]) d = 0;
        if (k === peerStart[k]) d++;
        out[k] = BigInt(d);
      }
      return out;
    }
    case 'percent_rank':
      for (let k = 0; k < n; k++) {
        const size = (partEnd[k] as number) - (partStart[k] as number);
        out[k] = size <= 1 ? 0 : ((peerStart[k] as number) - (partStart[k] as number)) / (size - 1);
      }
      return out;
    case 'cume_dist':
      for (let k = 0; k < n; k++) {
        const size = (partEnd[k] as number) - (partStart[k] as number);
        out[k] = ((peerEnd[k] as number) - (partStart[k] as number)) / size;
      }
      return out;
    case 'ntile':
      for (let k = 0; k < n; k++) {
        const ps = partStart[k] as number;
        const size = (partEnd[k] as number) - ps;
        const b = Number(arg(0, ps) ?? 1);
        const buckets = Math.max(1, Math.min(b, size));
        const small = Math.floor(size / buckets);
        const big = size % buckets; // the first `big` buckets hold small+1 rows
        const pos = k - ps;
        const cut = big * (small + 1);
        out[k] = BigInt(pos < cut ? Math.floor(pos / (small + 1)) + 1 : big + Math.floor((pos - cut) / Math.max(small, 1)) + 1);
      }
      return out;
    case 'lag':
    case 'lead': {
      const dir = w.fn === 'lag' ? -1 : 1;
      for (let k = 0; k < n; k++) {
        const offRaw = w.args.length > 1 ? arg(1, k) : 1n;
        if (offRaw === null) continue;
        const t = k + dir * Number(offRaw);
        if (t >= (partStart[k] as number) && t < (partEnd[k] as number)) out[k] = arg(0, t);
        else out[k] = w.args.length > 2 ? arg(2, k) : null;
      }
      return normalizeNumeric(out, w.outType);
    }
    case 'first_value':
    case 'last_value':
    case 'nth_value':
      for (let k = 0; k < n; k++) {
        const s = w.frame.start[k] as number;
        const e = w.frame.end[k] as number;
        if (e <= s) continue;
        if (w.fn === 'first_value') out[k] = arg(0, s);
        else if (w.fn === 'last_value') out[k] = arg(0, e - 1);
        else {
          const nth = Number(arg(1, k) ?? 0);
          if (nth >= 1 && s + nth - 1 < e) out[k] = arg(0, s + nth - 1);
        }
      }
      return out;
    default:
      return aggregateOverFrames(w, w.fn, out);
  }
}

function normalizeNumeric(out: Scalar[], t: DataType): Scalar[] {
  if (t !== 'float64') return out;
  return out.map((v) => (typeof v === 'bigint' ? Number(v) : v));
}

function aggregateOverFrames(w: WindowInput, fn: AggregateFn, out: Scalar[]): Scalar[] {
  const { perm, partStart } = w.layout;
  const { start, end } = w.frame;
  const n = perm.length;
  const zeros = new Int32Array(n);
  const chunkOf = (from: number, to: number): Chunk => ({ columns: w.args, length: n, sel: perm.subarray(from, to) });
  const acc = makeAccumulator(fn, w.argTypes, w.outType, w.distinct);
  acc.ensure(1);
  if (w.frameStartUnbounded) {
    // running frame: grow one accumulator as the frame end advances
    let fed = -1;
    for (let k = 0; k < n; k++) {
      if (k === partStart[k]) {
        acc.reset(0);
        fed = k;
      }
      const e = end[k] as number;
      if (e > fed) {
        acc.update(zeros, w.args, chunkOf(fed, e));
        fed = e;
      }
      out[k] = acc.result(0);
    }
    return out;
  }
  if (!w.distinct && (fn === 'sum' || fn === 'count' || fn === 'avg')) return slidingSum(w, fn, out);
  if (!w.distinct && (fn === 'min' || fn === 'max')) return slidingExtreme(w, fn === 'max', out);
  for (let k = 0; k < n; k++) {
    acc.reset(0);
    const s = start[k] as number;
    const e = end[k] as number;
    if (e > s) acc.update(zeros, w.args, chunkOf(s, e));
    out[k] = acc.result(0);
  }
  return out;
}

/** sum / count / avg over sliding frames: add entering rows, subtract leaving ones. */
function slidingSum(w: WindowInput, fn: 'sum' | 'count' | 'avg', out: Scalar[]): Scalar[] {
  const { perm } = w.layout;
  const { start, end } = w.frame;
  const n = perm.length;
  const col = w.args[0];
  const countRows = fn === 'count' && col === undefined;
  const exact = w.argTypes[0] === 'int64';
  let lo = 0;
  let hi = 0;
  let cnt = 0;
  let fsum = 0;
  let bsum = 0n;
  const value = (k: number): Scalar => (countRows ? true : getScalar(col as Column, perm[k] as number));
  const add = (k: number, sign: 1 | -1): void => {
    const v = value(k);
    if (v === null) return;
    cnt += sign;
    if (typeof v === 'bigint') bsum += sign === 1 ? v : -v;
    else if (typeof v === 'number') fsum += sign * v;
  };
  for (let k = 0; k < n; k++) {
    const s = start[k] as number;
    const e = end[k] as number;
    if (s >= hi || e < lo || s < lo) {
      // disjoint from (or behind) the current window: restart
      lo = s;
      hi = s;
      cnt = 0;
      fsum = 0;
      bsum = 0n;
    }
    while (hi < e) add(hi++, 1);
    while (lo < s) add(lo++, -1);
    if (fn === 'count') out[k] = BigInt(cnt);
    else if (cnt === 0) out[k] = null;
    else if (fn === 'sum') out[k] = exact ? bsum : fsum;
    else out[k] = exact ? meanOfInt(bsum, cnt) : fsum / cnt;
  }
  return out;
}

/** min / max over sliding frames with a monotonic deque of sorted positions. */
function slidingExtreme(w: WindowInput, isMax: boolean, out: Scalar[]): Scalar[] {
  const { perm } = w.layout;
  const { start, end } = w.frame;
  const n = perm.length;
  const col = w.args[0] as Column;
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let hi = 0;
  let lo = 0;
  const val = (k: number): Scalar => getScalar(col, perm[k] as number);
  for (let k = 0; k < n; k++) {
    const s = start[k] as number;
    const e = end[k] as number;
    if (s >= hi || s < lo) {
      head = 0;
      tail = 0;
      hi = s;
    }
    lo = s;
    while (hi < e) {
      const v = val(hi);
      if (v !== null) {
        while (tail > head) {
          const last = val(dq[tail - 1] as number) as Scalar;
          const r = compareValues(v, last);
          if (isMax ? r >= 0 : r <= 0) tail--;
          else break;
        }
        dq[tail++] = hi;
      }
      hi++;
    }
    while (tail > head && (dq[head] as number) < s) head++;
    out[k] = tail > head ? val(dq[head] as number) : null;
  }
  return out;
}
