/**
 * Cardinality estimation from storage statistics: estimated output rows of
 * any Rel, distinct-value estimates of its columns (traced back to the scan
 * column they come from), and predicate selectivity (equality 1/ndv, ranges
 * from min/max, null tests from null counts, textbook defaults otherwise).
 */
import type { Scalar } from '../../types/data-type.js';
import type { TableStats } from '../../storage/api.js';
import type { Expr } from '../ir/expr.js';
import type { Rel } from '../ir/rel.js';
import type { PhysicalCatalog } from './catalog.js';

type ColumnStats = TableStats['columns'][string];
type SourceStats = { readonly stats: ColumnStats; readonly rowCount: number };
/** What selectivity needs to know about column `i` of the rows a predicate reads. */
type ColumnInfo = (index: number) => { readonly ndv: number; readonly source: SourceStats | undefined };

const DEFAULT_SELECTIVITY = 1 / 3;
const DEFAULT_NDV_FRACTION = 0.1;
const DEFAULT_TABLE_ROWS = 1000;

export interface Estimator {
  /** Estimated output rows of `rel` (at least 1 unless it is provably empty). */
  rows(rel: Rel): number;
  /** Estimated distinct values of output column `index` of `rel`. */
  ndv(rel: Rel, index: number): number;
  /** Estimated fraction of `input`'s rows for which `pred` (over `input`'s columns) is true. */
  selectivity(pred: Expr, input: Rel): number;
  /** The same over the concatenated outputs of several inputs (a join condition over left ++ right). */
  selectivityOver(pred: Expr, inputs: readonly Rel[]): number;
  /** Statistics of the stored column output column `index` of `rel` passes through, if any. */
  columnStats(rel: Rel, index: number): SourceStats | undefined;
}

const asNumber = (v: Scalar): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
const clamp01 = (x: number): number => (Number.isNaN(x) ? DEFAULT_SELECTIVITY : Math.min(1, Math.max(0, x)));

export function makeEstimator(catalog: PhysicalCatalog): Estimator {
  const rowCache = new WeakMap<Rel, number>();
  const statsCache = new Map<string, TableStats | undefined>();
  const tableStats = (table: string): TableStats | undefined => {
    if (!statsCache.has(table)) {
      let s: TableStats | undefined;
      try {
        s = catalog.stats(table);
      } catch {
        s = undefined;
      }
      statsCache.set(table, s);
    }
    return statsCache.get(table);
  };

  const columnStats = (rel: Rel, index: number): SourceStats | undefined => {
    switch (rel.kind) {
      case 'scan': {
        const col = rel.projection?.[index] ?? index;
        const name = rel.tableSchema.fields[col]?.name;
        const s = tableStats(rel.table);
        const stats = name === undefined ? undefined : s?.columns[name];
        return stats === undefined || s === undefined ? undefined : { stats, rowCount: s.rowCount };
      }
      case 'filter':
      case 'sort':
      case 'limit':
      case 'distinct':
        return columnStats(rel.input, index);
      case 'window':
        return index < rel.input.schema.fields.length ? columnStats(rel.input, index) : undefined;
      case 'project': {
        const e = rel.exprs[index]?.expr;
        return e?.kind === 'column' ? columnStats(rel.input, e.index) : undefined;
      }
      case 'aggregate': {
        const e = rel.groupBy[index]?.expr;
        return e?.kind === 'column' ? columnStats(rel.input, e.index) : undefined;
      }
      case 'join': {
        const n = rel.left.schema.fields.length;
        return index < n ? columnStats(rel.left, index) : columnStats(rel.right, index - n);
      }
      default:
        return undefined;
    }
  };

  const ndv = (rel: Rel, index: number): number => {
    const r = rows(rel);
    const cs = columnStats(rel, index);
    let d: number | undefined = cs?.stats.distinctEstimate;
    if (d === undefined && cs !== undefined) {
      const lo = asNumber(cs.stats.min);
      const hi = asNumber(cs.stats.max);
      const integral = typeof cs.stats.min === 'bigint' || (lo !== undefined && Number.isInteger(lo) && hi !== undefined && Number.isInteger(hi));
      if (lo !== undefined && hi !== undefined && integral) d = hi - lo + 1;
    }
    if (d === undefined) d = rel.kind === 'scan' && rel.schema.key?.length === 1 && rel.schema.key[0] === index ? r : Math.max(1, r * DEFAULT_NDV_FRACTION);
    return Math.max(1, Math.min(d, r));
  };

  const rangeFraction = (op: string, cs: { stats: ColumnStats } | undefined, value: Scalar): number => {
    const lo = cs === undefined ? undefined : asNumber(cs.stats.min);
    const hi = cs === undefined ? undefined : asNumber(cs.stats.max);
    const v = asNumber(value);
    if (lo === undefined || hi === undefined || v === undefined || hi <= lo) return DEFAULT_SELECTIVITY;
    const below = clamp01((v - lo) / (hi - lo));
    return op === 'lt' || op === 'le' ? below : 1 - below;
  };

  const FLIP: Readonly<Record<string, string>> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq', ne: 'ne' };

  const infoOf = (inputs: readonly Rel[]): ColumnInfo => (index) => {
    let i = index;
    for (const rel of inputs) {
      const n = rel.schema.fields.length;
      if (i < n) return { ndv: ndv(rel, i), source: columnStats(rel, i) };
      i -= n;
    }
    return { ndv: 1, source: undefined };
  };

  const selectivity = (pred: Expr, input: Rel): number => selectivityWith(pred, infoOf([input]));
  const selectivityOver = (pred: Expr, inputs: readonly Rel[]): number => selectivityWith(pred, infoOf(inputs));

  const selectivityWith = (pred: Expr, info: ColumnInfo): number => {
    const rec = (x: Expr): number => selectivityWith(x, info);
    switch (pred.kind) {
      case 'literal':
        return pred.value === true ? 1 : 0;
      case 'in_list': {
        if (pred.expr.kind !== 'column') return DEFAULT_SELECTIVITY;
        const s = clamp01(pred.list.length / info(pred.expr.index).ndv);
        return pred.negated ? 1 - s : s;
      }
      case 'call':
        break;
      default:
        return DEFAULT_SELECTIVITY;
    }
    const [a, b] = pred.args;
    switch (pred.fn) {
      case 'and':
        return pred.args.reduce((acc, x) => acc * rec(x), 1);
      case 'or': {
        const [p = 0, q = 0] = pred.args.map(rec);
        return clamp01(p + q - p * q);
      }
      case 'not':
        return a === undefined ? DEFAULT_SELECTIVITY : 1 - rec(a);
      case 'is_null':
      case 'is_not_null': {
        const cs = a?.kind === 'column' ? info(a.index).source : undefined;
        const f = cs === undefined || cs.rowCount === 0 ? 0.1 : cs.stats.nullCount / cs.rowCount;
        return pred.fn === 'is_null' ? clamp01(f) : clamp01(1 - f);
      }
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        if (a === undefined || b === undefined) return DEFAULT_SELECTIVITY;
        const [column, other, op] = a.kind === 'column' ? [a, b, pred.fn] : b.kind === 'column' ? [b, a, FLIP[pred.fn] ?? pred.fn] : [null, null, pred.fn];
        if (column === null || column.kind !== 'column' || other === null) return DEFAULT_SELECTIVITY;
        if (op === 'eq' || op === 'ne') {
          const d = other.kind === 'column' ? Math.max(info(column.index).ndv, info(other.index).ndv) : info(column.index).ndv;
          return op === 'eq' ? 1 / d : 1 - 1 / d;
        }
        if (other.kind === 'literal') return rangeFraction(op, info(column.index).source, other.value);
        return DEFAULT_SELECTIVITY;
      }
      default:
        return DEFAULT_SELECTIVITY;
    }
  };

  const rows = (rel: Rel): number => {
    const cached = rowCache.get(rel);
    if (cached !== undefined) return cached;
    const r = Math.max(0, computeRows(rel));
    rowCache.set(rel, r);
    return r;
  };

  const computeRows = (rel: Rel): number => {
    switch (rel.kind) {
      case 'scan':
        // Hints are copies of the filter above the scan, which accounts for them.
        return tableStats(rel.table)?.rowCount ?? DEFAULT_TABLE_ROWS;
      case 'values':
        return rel.rows.length;
      case 'filter':
        return rows(rel.input) * selectivity(rel.predicate, rel.input);
      case 'project':
      case 'sort':
      case 'window':
        return rows(rel.input);
      case 'limit':
        return Math.min(Math.max(0, rows(rel.input) - rel.offset), rel.limit ?? Infinity);
      case 'aggregate': {
        if (rel.groupBy.length === 0) return 1;
        const input = rows(rel.input);
        const groups = rel.groupBy.reduce((acc, g) => acc * (g.expr.kind === 'column' ? ndv(rel.input, g.expr.index) : Math.sqrt(input)), 1);
        return Math.min(input, groups);
      }
      case 'distinct':
        return rows(rel.input) / 2;
      case 'join': {
        const l = rows(rel.left);
        const r = rows(rel.right);
        const inner = l * r * (rel.condition === null ? 1 : selectivityOver(rel.condition, [rel.left, rel.right]));
        switch (rel.joinKind) {
          case 'inner':
          case 'cross':
            return inner;
          case 'left':
            return Math.max(inner, l);
          case 'right':
            return Math.max(inner, r);
          case 'full':
            return Math.max(inner, l + r);
          case 'semi':
            return Math.min(l, inner);
          case 'anti':
            return Math.max(0, l - Math.min(l, inner));
        }
        return inner;
      }
      case 'set_op': {
        const l = rows(rel.left);
        const r = rows(rel.right);
        switch (rel.op) {
          case 'union_all':
            return l + r;
          case 'union':
            return (l + r) / 2;
          case 'intersect':
          case 'intersect_all':
            return Math.min(l, r) / 2;
          case 'except':
          case 'except_all':
            return l / 2;
        }
        return l + r;
      }
      case 'recursive':
        return rows(rel.base) * 10;
      case 'recursive_ref':
        return 100;
    }
  };

  return { rows, ndv, selectivity, selectivityOver, columnStats };
}
