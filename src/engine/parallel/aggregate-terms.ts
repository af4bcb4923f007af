/**
 * Which aggregates of an Aggregate the morsel kernels (and the fused
 * WebAssembly group-by kernel) compute, over input columns of the given
 * types: at most one group key, a column of int64 or timestamp type;
 * count(*), and count/sum/avg/min/max of an int64 or float64 column, without
 * DISTINCT or FILTER, with the output types of the serial accumulators. The
 * terms are deduplicated (avg v shares sum v's term: its sum and count);
 * each output reads one term. Null when anything else is asked.
 */
import type { AggregateRel } from '../../planner/ir/rel.js';
import type { DataType } from '../../types/data-type.js';
import { typesOf } from '../exec/exec-node.js';
import type { AggTerm } from './morsel-spec.js';
import type { OutputAgg } from './parallel-merge.js';

export interface AggregateTerms {
  /** Input column of the group key, or -1 for one group. */
  readonly key: number;
  readonly aggs: readonly AggTerm[];
  readonly outputs: readonly OutputAgg[];
}

/**
 * `nonNull(col)`: the column holds no NULL (a stored table's NOT NULL
 * column): count(*) then reads the row count of a sum/avg term over it
 * instead of counting in a term of its own.
 */
export function aggregateTerms(rel: AggregateRel, colTypes: readonly DataType[], nonNull: (col: number) => boolean = () => false): AggregateTerms | null {
  const out = typesOf(rel.schema);
  const numeric = (i: number): boolean => colTypes[i] === 'int64' || colTypes[i] === 'float64';
  if (rel.groupBy.length > 1) return null;
  let key = -1;
  if (rel.groupBy.length === 1) {
    const g = rel.groupBy[0]!.expr;
    if (g.kind !== 'column' || (colTypes[g.index] !== 'int64' && colTypes[g.index] !== 'timestamp') || out[0] !== colTypes[g.index]) return null;
    key = g.index;
  }
  const aggs: AggTerm[] = [];
  const termOf = (t: AggTerm): number => {
    const at = aggs.findIndex((x) => x.kind === t.kind && x.col === t.col);
    if (at >= 0) return at;
    aggs.push(t);
    return aggs.length - 1;
  };
  const outputs: OutputAgg[] = [];
  for (let j = 0; j < rel.aggregates.length; j++) {
    const a = rel.aggregates[j]!;
    const want = out[rel.groupBy.length + j];
    if (a.distinct || a.filter !== null) return null;
    if (a.fn === 'count' && a.args.length === 0) {
      if (want !== 'int64') return null;
      const twin = rel.aggregates.find((x) => (x.fn === 'sum' || x.fn === 'avg') && !x.distinct && x.filter === null && x.args.length === 1 && x.args[0]!.kind === 'column' && numeric(x.args[0]!.index) && nonNull(x.args[0]!.index));
      const c = twin?.args[0];
      if (c !== undefined && c.kind === 'column') outputs.push({ kind: 'count', term: termOf({ kind: 'sum', col: c.index, int64: colTypes[c.index] === 'int64' }) });
      else outputs.push({ kind: 'term', term: termOf({ kind: 'count_rows', col: -1, int64: false }) });
      continue;
    }
    const arg = a.args[0];
    if (a.args.length !== 1 || arg === undefined || arg.kind !== 'column' || !numeric(arg.index)) return null;
    const t = colTypes[arg.index]!;
    const int64 = t === 'int64';
    switch (a.fn) {
      case 'count':
        if (want !== 'int64') return null;
        outputs.push({ kind: 'term', term: termOf({ kind: 'count', col: arg.index, int64 }) });
        break;
      case 'sum':
        if (want !== t) return null;
        outputs.push({ kind: 'term', term: termOf({ kind: 'sum', col: arg.index, int64 }) });
        break;
      case 'avg':
        if (want !== 'float64') return null;
        outputs.push({ kind: 'avg', term: termOf({ kind: 'sum', col: arg.index, int64 }) });
        break;
      case 'min':
      case 'max':
        if (want !== t) return null;
        outputs.push({ kind: 'term', term: termOf({ kind: a.fn, col: arg.index, int64 }) });
        break;
      default:
        return null;
    }
  }
  return { key, aggs, outputs };
}
