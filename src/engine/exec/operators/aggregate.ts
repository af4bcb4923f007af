/**
 * The hash aggregate operator: evaluates group keys per chunk, maps rows to
 * dense group ids through a KeyTable, feeds every aggregate's accumulator
 * (honouring FILTER), and at the end emits keys then aggregates. Without group
 * keys it yields exactly one row, even on empty input. One int64/timestamp
 * key with count/sum/avg/min/max of numeric columns takes the fused
 * WebAssembly kernel instead (aggregate/fused-group-by.ts), same results.
 */
import type { CompiledExpr } from '../expr/kernel-util.js';
import type { DataType } from '../../../types/data-type.js';
import type { AggregateRel } from '../../../planner/ir/rel.js';
import { retype, type Column } from '../column.js';
import { rowCount, sliceChunk, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import { makeKeyTable } from '../hash/key-table.js';
import { makeAccumulator } from '../aggregate/make-accumulator.js';
import { fusedGroupBy } from '../aggregate/fused-group-by.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec-node.js';

/** A copy of `groups` with -1 for rows where the FILTER predicate is not TRUE. */
function filteredGroups(groups: Int32Array, f: Column, c: Chunk): Int32Array {
  const out = new Int32Array(groups);
  const sel = c.sel;
  const fv = f.values as Uint8Array;
  for (let k = 0; k < out.length; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (f.type === 'null' || fv[i] !== 1 || (f.valid !== null && f.valid[i] === 0)) out[k] = -1;
  }
  return out;
}

/** One aggregate of the node, compiled. */
interface AggSpec {
  readonly args: readonly CompiledExpr[];
  readonly filter: CompiledExpr | null;
  readonly outType: DataType;
  readonly fn: AggregateRel['aggregates'][number]['fn'];
  readonly distinct: boolean;
  readonly argTypes: readonly DataType[];
}

export function aggregateNode(input: ExecNode, rel: AggregateRel, ctx: ExecContext): ExecNode {
  const types = typesOf(rel.schema);
  const nKeys = rel.groupBy.length;
  const keyTypes = types.slice(0, nKeys);
  const keys = rel.groupBy.map((g) => compileExpr(g.expr, input.types, ctx));
  const aggs = rel.aggregates.map((a, j) => {
    const args = a.args.map((e) => compileExpr(e, input.types, ctx));
    const filter = a.filter === null ? null : compileExpr(a.filter, input.types, ctx);
    const outType = types[nKeys + j] ?? 'null';
    return { args, filter, outType, fn: a.fn, distinct: a.distinct, argTypes: args.map((x) => x.type) };
  });
  // one int64/timestamp key, count/sum/avg/min/max of numeric columns: the fused WebAssembly kernel
  const fused = fusedGroupBy(rel, input.types, types);
  return {
    types,
    open: () => aggregateRows(input, fused, keyTypes, nKeys, keys, aggs, types, ctx),
  };
}

function* aggregateRows(input: ExecNode, fused: ReturnType<typeof fusedGroupBy>, keyTypes: readonly DataType[], nKeys: number, keys: readonly CompiledExpr[], aggs: readonly AggSpec[], types: readonly DataType[], ctx: ExecContext): Generator<Chunk> {
  if (fused !== null) {
    const f = fused();
    let cols: Column[];
    try {
      for (const c of input.open()) {
        ctx.checkCancel?.();
        f.add(c);
      }
      cols = f.finish();
    } finally {
      f.close();
    }
    const n = cols[0]?.length ?? 0;
    const all: Chunk = { columns: cols, length: n, sel: null };
    for (let start = 0; start < n; start += ctx.batchSize) yield sliceChunk(all, start, Math.min(n, start + ctx.batchSize));
    return;
  }
  // a global aggregate (no keys) has one group: no hash table to allocate
  const table = nKeys > 0 ? makeKeyTable(keyTypes) : null;
  const accs = aggs.map((a) => makeAccumulator(a.fn, a.argTypes, a.outType, a.distinct));
  let groups = new Int32Array(0);
  let size = nKeys === 0 ? 1 : 0;
  for (const acc of accs) acc.ensure(size);
  for (const c of input.open()) {
    ctx.checkCancel?.();
    const n = rowCount(c);
    if (n === 0) continue;
    if (groups.length < n) groups = new Int32Array(n);
    if (table !== null) {
      const keyCols = keys.map((k, j) => retype(k.eval(c), keyTypes[j] ?? k.type));
      table.findOrInsert(keyCols, c, groups);
      size = table.size;
    } else groups.fill(0, 0, n);
    const g = groups.subarray(0, n);
    for (let j = 0; j < aggs.length; j++) {
      const a = aggs[j] as (typeof aggs)[number];
      const acc = accs[j] as (typeof accs)[number];
      acc.ensure(size);
      const args = a.args.map((e) => e.eval(c));
      acc.update(a.filter === null ? g : filteredGroups(g, a.filter.eval(c), c), args, c);
    }
  }
  const keyCols: Column[] = table !== null ? table.keyColumns() : [];
  for (const acc of accs) acc.ensure(size);
  const aggCols = accs.map((acc, j) => retype(acc.finish(size), types[nKeys + j] ?? 'null'));
  const all: Chunk = { columns: [...keyCols, ...aggCols], length: size, sel: null };
  for (let start = 0; start < size; start += ctx.batchSize) yield sliceChunk(all, start, Math.min(size, start + ctx.batchSize));
}
