/**
 * Window frame bounds: for every row of a sorted partition, the half-open
 * range [start, end) of sorted positions its frame covers, for ROWS and RANGE
 * units (RANGE offsets measured on the single numeric/temporal order key), and
 * the SQL default frame.
 */
import type { FrameBound, WindowFrame } from '../../../planner/ir/expr.js';
import type { Scalar } from '../../../types/data-type.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { getScalar, type Column } from '../column.js';

export interface PartitionLayout {
  /** Sorted position -> physical row. */
  readonly perm: Int32Array;
  /** Sorted position -> first position of its partition / one past its last. */
  readonly partStart: Int32Array;
  readonly partEnd: Int32Array;
  /** Sorted position -> first position of its peer group / one past its last. */
  readonly peerStart: Int32Array;
  readonly peerEnd: Int32Array;
}

function offsetNumber(b: FrameBound): number {
  const v: Scalar = b.offset ?? 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'nanos' in v) return Number(v.nanos) + v.months * 30 * 86_400e9;
  throw new PyralogError('INVALID_ARGUMENT', `frame offset ${String(v)} is not a number`, { phase: 'execute' });
}

function keyNumber(col: Column, row: number): number | null {
  const v = getScalar(col, row);
  if (v === null) return null;
  return typeof v === 'bigint' ? Number(v) : Number(v);
}

/** Frame [start, end) of every sorted position. */
export function frameBounds(
  layout: PartitionLayout,
  frame: WindowFrame,
  orderKey: Column | null,
  descending: boolean,
): { start: Int32Array; end: Int32Array } {
  const n = layout.perm.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const { perm, partStart, partEnd, peerStart, peerEnd } = layout;
  // RANGE with an offset: binary search on the order key within the partition
  const rangeSearch = (k: number, delta: number, wantStart: boolean): number => {
    if (orderKey === null) {
      throw new PyralogError('INVALID_ARGUMENT', 'RANGE frames with an offset need exactly one ORDER BY key', { phase: 'execute' });
    }
    const v = keyNumber(orderKey, perm[k] as number);
    if (v === null) return wantStart ? (peerStart[k] as number) : (peerEnd[k] as number);
    const target = descending ? v - delta : v + delta;
    // positions with non-null keys are monotone in the partition; find the bound
    let lo = partStart[k] as number;
    let hi = partEnd[k] as number;
    // `before(x)`: key x lies strictly before target (start) or at/before target (end) in sort order
    const before = (x: number): boolean => {
      if (wantStart) return descending ? x > target : x < target;
      return descending ? x >= target : x <= target;
    };
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const x = keyNumber(orderKey, perm[mid] as number);
      // NULL keys sit at one end; treat them as extreme according to where they are
      const isBefore = x === null ? mid < k : before(x);
      if (isBefore) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const bound = (b: FrameBound, k: number, isStart: boolean): number => {
    const ps = partStart[k] as number;
    const pe = partEnd[k] as number;
    switch (b.kind) {
      case 'unbounded_preceding':
        return ps;
      case 'unbounded_following':
        return pe;
      case 'current_row':
        if (frame.unit === 'rows') return isStart ? k : k + 1;
        return isStart ? (peerStart[k] as number) : (peerEnd[k] as number);
      case 'preceding':
      case 'following': {
        const off = offsetNumber(b);
        const sign = b.kind === 'preceding' ? -1 : 1;
        if (frame.unit === 'rows') {
          const p = k + sign * off + (isStart ? 0 : 1);
          return Math.min(pe, Math.max(ps, p));
        }
        return rangeSearch(k, sign * off, isStart);
      }
    }
  };
  for (let k = 0; k < n; k++) {
    start[k] = bound(frame.start, k, true);
    end[k] = Math.max(start[k] as number, bound(frame.end, k, false));
  }
  return { start, end };
}

/** The SQL default frame: RANGE UNBOUNDED PRECEDING..CURRENT ROW with ORDER BY, the whole partition without. */
export function defaultFrame(hasOrder: boolean): WindowFrame {
  return hasOrder
    ? { unit: 'range', start: { kind: 'unbounded_preceding' }, end: { kind: 'current_row' } }
    : { unit: 'rows', start: { kind: 'unbounded_preceding' }, end: { kind: 'unbounded_following' } };
}
