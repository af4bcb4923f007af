/**
 * The top-k operator (a sort under a limit): keeps only the best `k` rows seen
 * so far. Each incoming chunk is first screened against the current k-th row
 * (a vectorized threshold test, so after warm-up almost every row is rejected
 * without being stored), survivors are merged with the kept rows and cut back
 * to k. Memory is O(k + batch) instead of O(n).
 */
import type { CompiledExpr } from '../expr/kernel-util.js';
import type { DataType } from '../../../types/data-type.js';
import type { SortKey } from '../../../planner/ir/expr.js';
import { gather, type Column } from '../column.js';
import { compact, concatChunks, rowCount, sliceChunk, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import { rowComparator, sortPermutation } from '../sort/row-comparator.js';
import type { ExecContext, ExecNode } from '../exec-node.js';

export function topKNode(input: ExecNode, keys: readonly SortKey[], offset: number, limit: number, ctx: ExecContext): ExecNode {
  const compiled = keys.map((k) => compileExpr(k.expr, input.types, ctx));
  const keyTypes = compiled.map((k) => k.type);
  const cmp = rowComparator(keyTypes, keys);
  const k = offset + limit;
  return {
    types: input.types,
    open: () => topKRows(input, compiled, keyTypes, cmp, k, keys, offset, limit, ctx),
  };
}

function* topKRows(input: ExecNode, compiled: readonly CompiledExpr[], keyTypes: readonly DataType[], cmp: ReturnType<typeof rowComparator>, k: number, keys: readonly SortKey[], offset: number, limit: number, ctx: ExecContext): Generator<Chunk> {
  if (limit <= 0) return;
  let kept: Chunk | null = null; // dense, sorted, at most k rows
  let keptKeys: Column[] = [];
  const pending: Chunk[] = [];
  let pendingRows = 0;
  const merge = (): void => {
    const parts = kept === null ? pending : [kept, ...pending];
    const all = concatChunks(input.types, parts);
    pending.length = 0;
    pendingRows = 0;
    const keyCols = compiled.map((e) => e.eval(all));
    const perm = sortPermutation(keyCols, keyTypes, keys, all.length).subarray(0, Math.min(k, all.length));
    kept = { columns: all.columns.map((c) => gather(c, perm)), length: perm.length, sel: null };
    keptKeys = keyCols.map((c) => gather(c, perm));
  };
  // quick decision on the first key when it is a non-null float64/date column
  const first = keys[0];
  const quickType = keyTypes[0] === 'float64' || keyTypes[0] === 'date';
  const screen = (c: Chunk): Chunk | null => {
    const n = rowCount(c);
    const keyCols = compiled.map((e) => e.eval(c));
    const last = (kept as Chunk).length - 1;
    const sel = c.sel;
    const keep = new Int32Array(n);
    let m = 0;
    const k0 = keyCols[0] as Column;
    const t0 = keptKeys[0] as Column;
    const quick = quickType && first !== undefined && k0.valid === null && (t0.valid === null || t0.valid[last] === 1);
    if (quick) {
      const v = k0.values as Float64Array | Int32Array;
      const thr = (t0.values as Float64Array | Int32Array)[last] as number;
      const descending = (first as SortKey).descending;
      for (let j = 0; j < n; j++) {
        const i = sel === null ? j : (sel[j] as number);
        const x = v[i] as number;
        // strictly worse than the threshold on the first key: reject without the full comparison
        if (descending ? x < thr : x > thr) continue;
        if (x === thr || x !== x || thr !== thr ? cmp(keyCols, i, keptKeys, last) < 0 : true) keep[m++] = i;
      }
    } else {
      for (let j = 0; j < n; j++) {
        const i = sel === null ? j : (sel[j] as number);
        if (cmp(keyCols, i, keptKeys, last) < 0) keep[m++] = i;
      }
    }
    if (m === 0) return null;
    return compact({ columns: c.columns, length: c.length, sel: keep.subarray(0, m) });
  };
  // while fewer than k rows are kept, feed input in small slices so the first sort stays small
  const slice = Math.max(4 * k, 1024);
  for (const whole of input.open()) {
    const total = rowCount(whole);
    let s = 0;
    while (s < total) {
      const full = kept !== null && (kept as Chunk).length >= k;
      const e = full ? total : Math.min(total, s + slice);
      const c = sliceChunk(whole, s, e);
      s = e;
      const chunk = full ? screen(c) : c;
      if (chunk === null) continue;
      pending.push(chunk);
      pendingRows += rowCount(chunk);
      if (pendingRows >= Math.max(k, Math.min(ctx.batchSize, slice))) merge();
    }
  }
  if (pendingRows > 0 || kept === null) merge();
  const out = kept as Chunk | null;
  if (out === null || out.length <= offset) return;
  for (let start = offset; start < out.length; start += ctx.batchSize) {
    yield compact(sliceChunk(out, start, Math.min(out.length, start + ctx.batchSize)));
  }
}
