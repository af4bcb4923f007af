/**
 * Builds the accumulator of one aggregate function (AggregateFn of the IR),
 * wrapping it in a DISTINCT filter when asked (count_distinct always): a hash
 * table over (group id, argument values) lets only the first occurrence of
 * each value per group through; rows with a NULL argument are dropped.
 */
import type { AggregateFn } from '../../../planner/ir/expr.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { assertNever } from '../../../errors/pyralog-error.js';
import { makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { KeyTable } from '../hash/key-table.js';
import type { Accumulator } from './accumulator.js';
import { CountAccumulator, SumAccumulator, VarianceAccumulator } from './numeric-accumulators.js';
import { JsonAggAccumulator } from './json-agg-accumulator.js';
import { BoolAccumulator, ExtremeAccumulator, PositionalAccumulator, StringAggAccumulator } from './value-accumulators.js';

class DistinctAccumulator implements Accumulator {
  private seen: KeyTable;
  private readonly keyTypes: readonly DataType[];
  private ids = new Int32Array(0);
  private isNew = new Uint8Array(0);
  constructor(
    private readonly inner: Accumulator,
    argTypes: readonly DataType[],
    private readonly keyArgs: number,
  ) {
    // group ids are stored as an int32 ('date'-laid-out) key column
    this.keyTypes = ['date', ...argTypes.slice(0, keyArgs)];
    this.seen = new KeyTable(this.keyTypes);
  }
  ensure(size: number): void {
    this.inner.ensure(size);
  }
  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    const gcol = new Int32Array(c.length);
    const keep = new Int32Array(n);
    let m = 0;
    const keyCols = args.slice(0, this.keyArgs);
    for (let k = 0; k < n; k++) {
      const g = groups[k] as number;
      if (g < 0) continue;
      const i = sel === null ? k : (sel[k] as number);
      let hasNull = false;
      for (const col of keyCols) if (col.type === 'null' || (col.valid !== null && col.valid[i] === 0)) { hasNull = true; break; }
      if (hasNull) continue;
      gcol[i] = g;
      keep[m++] = i;
    }
    if (m === 0) return;
    const sub: Chunk = { columns: c.columns, length: c.length, sel: keep.subarray(0, m) };
    if (this.ids.length < m) {
      this.ids = new Int32Array(m);
      this.isNew = new Uint8Array(m);
    }
    this.seen.findOrInsert([makeColumn('date', gcol, null, c.length), ...keyCols], sub, this.ids, this.isNew);
    const subGroups = new Int32Array(m);
    for (let k = 0; k < m; k++) subGroups[k] = this.isNew[k] === 1 ? (gcol[keep[k] as number] as number) : -1;
    this.inner.update(subGroups, args, sub);
  }
  result(g: number): Scalar {
    return this.inner.result(g);
  }
  finish(size: number): Column {
    return this.inner.finish(size);
  }
  /** Forgets the values seen by EVERY group (window frames reset their single slot 0 this way). */
  reset(g: number): void {
    this.inner.reset(g);
    this.seen = new KeyTable(this.keyTypes);
  }
}

export function makeAccumulator(fn: AggregateFn, argTypes: readonly DataType[], outType: DataType, distinct: boolean): Accumulator {
  const t0 = argTypes[0] ?? 'null';
  const numIn = (): 'int64' | 'float64' | 'null' => (t0 === 'int64' || t0 === 'float64' ? t0 : t0 === 'null' ? 'null' : 'float64');
  let acc: Accumulator;
  switch (fn) {
    case 'count':
      acc = new CountAccumulator(argTypes.length === 0);
      break;
    case 'count_distinct':
      return new DistinctAccumulator(new CountAccumulator(true), argTypes, argTypes.length);
    case 'sum':
      acc = new SumAccumulator(outType === 'float64' ? 'float64' : numIn(), 'sum');
      break;
    case 'avg':
      acc = new SumAccumulator(numIn(), 'avg');
      break;
    case 'min':
    case 'max':
      acc = new ExtremeAccumulator(outType === 'null' ? t0 : outType, fn === 'max');
      break;
    case 'first':
    case 'last':
      acc = new PositionalAccumulator(outType, fn === 'last');
      break;
    case 'string_agg':
      acc = new StringAggAccumulator();
      break;
    case 'stddev':
      acc = new VarianceAccumulator(true, true);
      break;
    case 'stddev_pop':
      acc = new VarianceAccumulator(false, true);
      break;
    case 'variance':
      acc = new VarianceAccumulator(true, false);
      break;
    case 'var_pop':
      acc = new VarianceAccumulator(false, false);
      break;
    case 'any':
      acc = new BoolAccumulator(true);
      break;
    case 'every':
      acc = new BoolAccumulator(false);
      break;
    case 'json_agg':
      acc = new JsonAggAccumulator();
      break;
    default:
      return assertNever(fn, 'aggregate function');
  }
  if (distinct && argTypes.length > 0) return new DistinctAccumulator(acc, argTypes, fn === 'string_agg' ? 1 : argTypes.length);
  return acc;
}
