/**
 * The window operator: drains its input, and for each window call sorts the
 * rows by (partition keys, order keys), finds partition and peer boundaries,
 * computes frames and the function's values, and scatters them back so the
 * output keeps the input's row order with one new column per call.
 */
import type { CompiledExpr } from '../expr/kernel-util.js';
import type { DataType } from '../../../types/data-type.js';
import type { WindowRel } from '../../../planner/ir/rel.js';
import type { SortKey } from '../../../planner/ir/expr.js';
import { columnFromScalars, retype, type Column } from '../column.js';
import { concatChunks, rowCount, sliceChunk, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import { rowComparator, sortPermutation, type KeySpec } from '../sort/row-comparator.js';
import { defaultFrame, frameBounds, type PartitionLayout } from '../window/window-frame.js';
import { evaluateWindow } from '../window/window-functions.js';
import type { Scalar } from '../../../types/data-type.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec-node.js';

const AGGREGATES = new Set([
  'count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'first', 'last', 'string_agg',
  'stddev', 'stddev_pop', 'variance', 'var_pop', 'any', 'every',
]);

function layoutOf(partCols: readonly Column[], orderCols: readonly Column[], call: { orderBy: readonly SortKey[] }, partTypes: Parameters<typeof rowComparator>[0], orderTypes: Parameters<typeof rowComparator>[0], n: number): PartitionLayout {
  const partSpecs: KeySpec[] = partCols.map(() => ({ descending: false, nullsFirst: true }));
  const keys = [...partCols, ...orderCols];
  const perm = sortPermutation(keys, [...partTypes, ...orderTypes], [...partSpecs, ...call.orderBy], n);
  const samePart = rowComparator(partTypes, partSpecs);
  const samePeer = rowComparator(orderTypes, call.orderBy);
  const partStart = new Int32Array(n);
  const partEnd = new Int32Array(n);
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  let ps = 0;
  let qs = 0;
  for (let k = 0; k < n; k++) {
    const i = perm[k] as number;
    if (k > 0) {
      const prev = perm[k - 1] as number;
      if (samePart(partCols, prev, partCols, i) !== 0) { ps = k; qs = k; }
      else if (samePeer(orderCols, prev, orderCols, i) !== 0) qs = k;
    }
    partStart[k] = ps;
    peerStart[k] = qs;
  }
  let pe = n;
  let qe = n;
  for (let k = n - 1; k >= 0; k--) {
    if (k < n - 1) {
      if (partStart[k + 1] !== partStart[k]) { pe = k + 1; qe = k + 1; }
      else if (peerStart[k + 1] !== peerStart[k]) qe = k + 1;
    }
    partEnd[k] = pe;
    peerEnd[k] = qe;
  }
  return { perm, partStart, partEnd, peerStart, peerEnd };
}

/** One window call of the node, compiled. */
interface WindowCall {
  readonly call: WindowRel['calls'][number];
  readonly args: readonly CompiledExpr[];
  readonly part: readonly CompiledExpr[];
  readonly order: readonly CompiledExpr[];
}

export function windowNode(input: ExecNode, rel: WindowRel, ctx: ExecContext): ExecNode {
  const types = typesOf(rel.schema);
  const width = input.types.length;
  const calls: readonly WindowCall[] = rel.calls.map((call) => ({
    call,
    args: call.args.map((e) => compileExpr(e, input.types, ctx)),
    part: call.partitionBy.map((e) => compileExpr(e, input.types, ctx)),
    order: call.orderBy.map((k) => compileExpr(k.expr, input.types, ctx)),
  }));
  return {
    types,
    open: () => windowRows(input, calls, types, width, ctx),
  };
}

function* windowRows(input: ExecNode, calls: readonly WindowCall[], types: readonly DataType[], width: number, ctx: ExecContext): Generator<Chunk> {
  const chunks: Chunk[] = [];
  for (const c of input.open()) if (rowCount(c) > 0) chunks.push(c);
  const all = concatChunks(input.types, chunks);
  const n = all.length;
  if (n === 0) return;
  const extra: Column[] = calls.map(({ call, args, part, order }, j) => {
    const outType = types[width + j] ?? 'null';
    const partCols = part.map((p) => p.eval(all));
    const orderCols = order.map((o) => o.eval(all));
    const layout = layoutOf(partCols, orderCols, call, part.map((p) => p.type), order.map((o) => o.type), n);
    const frameSpec = call.frame ?? defaultFrame(call.orderBy.length > 0);
    const firstOrder = call.orderBy[0];
    const frame = frameBounds(layout, frameSpec, orderCols[0] ?? null, firstOrder?.descending ?? false);
    const isAgg = AGGREGATES.has(call.fn);
    const sorted = evaluateWindow({
      fn: call.fn,
      distinct: isAgg && (call.fn === 'count_distinct'),
      args: args.map((a) => a.eval(all)),
      argTypes: args.map((a) => a.type),
      outType,
      layout,
      frame,
      frameStartUnbounded: frameSpec.start.kind === 'unbounded_preceding',
    });
    const values: Scalar[] = new Array<Scalar>(n).fill(null);
    for (let k = 0; k < n; k++) values[layout.perm[k] as number] = sorted[k] ?? null;
    return retype(columnFromScalars(outType, values), outType);
  });
  const out: Chunk = { columns: [...all.columns, ...extra], length: n, sel: null };
  for (let s = 0; s < n; s += ctx.batchSize) yield sliceChunk(out, s, Math.min(n, s + ctx.batchSize));
}
