/**
 * The join operator: hash join on the equi-keys (build side per the physical
 * plan's JoinStrategy, default right; the build keys are indexed once by
 * hash/join-table.ts and each probe batch yields (probe row, build row) index
 * vectors in one loop) or nested loop when there are none, then the residual
 * condition on the candidate pairs, then output columns gathered by those
 * indices. Handles inner, left, right, full, semi, anti and cross joins; NULL
 * keys never match; unmatched outer rows get all-NULL columns for the other
 * side.
 */
import type { Expr } from '../../../planner/ir/expr.js';
import { referencedColumns } from '../../../planner/ir/expr-utils.js';
import type { JoinRel } from '../../../planner/ir/rel.js';
import type { JoinStrategy } from '../../../planner/physical/plan.js';
import type { DataType } from '../../../types/data-type.js';
import { gather, makeColumn, nullColumn, type Column } from '../column.js';
import { coerce } from '../expr/fn-compare.js';
import { exactInt64Column } from '../hash/exact-int64-key.js';
import { concatChunks, rowCount, sliceChunk, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { CompiledExpr } from '../expr/kernel-util.js';
import { buildJoinTable, type JoinTable } from '../hash/join-table.js';
import { PairBuffer } from '../hash/pair-buffer.js';
import { selectTrue } from './filter.js';
import { residualCondition } from './join-condition.js';
import type { ExecContext, ExecNode } from '../exec-node.js';

/** What a join's stream reads of its node (see joinNode). */
interface JoinPlan {
  readonly left: ExecNode;
  readonly buildNode: ExecNode;
  readonly probeNode: ExecNode;
  readonly ctx: ExecContext;
  readonly kind: JoinRel['joinKind'];
  readonly buildLeft: boolean;
  readonly useHash: boolean;
  readonly buildKeys: readonly CompiledExpr[];
  readonly probeKeys: readonly CompiledExpr[];
  readonly keyTypes: readonly DataType[];
  readonly residual: CompiledExpr | null;
  readonly residualReads: ReadonlySet<number>;
  readonly semiAnti: boolean;
  readonly buildOuter: boolean;
  readonly probeOuter: boolean;
  readonly used: ReadonlySet<number> | null;
}

/**
 * `used`: output columns the parent reads (null = all). Unused columns are not
 * gathered; they are emitted as all-NULL placeholders of the right length.
 */
export function joinNode(left: ExecNode, right: ExecNode, rel: JoinRel, ctx: ExecContext, used: ReadonlySet<number> | null = null): ExecNode {
  const kind = rel.joinKind;
  const strategy: JoinStrategy = ctx.plan.joins.get(rel) ?? {
    algorithm: rel.equiKeys.length > 0 ? 'hash' : 'nested_loop',
    buildSide: 'right',
  };
  const useHash = strategy.algorithm === 'hash' && rel.equiKeys.length > 0;
  const buildLeft = strategy.buildSide === 'left';
  const [probeNode, buildNode] = buildLeft ? [right, left] : [left, right];
  const probeKeys = rel.equiKeys.map((k) => compileExpr(buildLeft ? k.right : k.left, probeNode.types, ctx));
  const buildKeys = rel.equiKeys.map((k) => compileExpr(buildLeft ? k.left : k.right, buildNode.types, ctx));
  // both sides' keys are compared in one type; int64 = float64 compares exactly (types/value-order.ts):
  // as int64, a float without an exactly equal int64 (a fraction, NaN, ±Infinity, out of range) matching nothing
  const keyTypes = probeKeys.map((k, j): DataType => {
    const other = (buildKeys[j] as CompiledExpr).type;
    if (k.type === other || other === 'null') return k.type;
    if (k.type === 'null') return other;
    return (k.type === 'int64' && other === 'float64') || (k.type === 'float64' && other === 'int64') ? 'int64' : 'float64';
  });
  const bothTypes = [...left.types, ...right.types];
  const residualExpr: Expr | null = useHash ? residualCondition(rel.condition, rel.equiKeys, left.types.length) : rel.condition;
  const residual = residualExpr === null ? null : compileExpr(residualExpr, bothTypes, ctx);
  // the residual is evaluated on gathered candidate pairs: only the columns it reads are gathered
  const residualReads = new Set(residualExpr === null ? [] : referencedColumns(residualExpr));
  const semiAnti = kind === 'semi' || kind === 'anti';
  const types = semiAnti ? left.types : bothTypes;
  // which sides keep unmatched rows
  const leftOuter = kind === 'left' || kind === 'full';
  const rightOuter = kind === 'right' || kind === 'full';
  const probeOuter = buildLeft ? rightOuter : leftOuter;
  const buildOuter = buildLeft ? leftOuter : rightOuter;

  return {
    types,
    open: () => joinRows({ left, buildNode, probeNode, ctx, kind, buildLeft, useHash, buildKeys, probeKeys, keyTypes, residual, residualReads, semiAnti, buildOuter, probeOuter, used }),
  };
}

function* joinRows(p: JoinPlan): Generator<Chunk> {
  const { left, buildNode, probeNode, ctx, kind, buildLeft, useHash, buildKeys, probeKeys, keyTypes, residual, residualReads, semiAnti, buildOuter, probeOuter, used } = p;
  const buildChunks: Chunk[] = [];
  for (const c of buildNode.open()) {
    ctx.checkCancel?.();
    if (rowCount(c) > 0) buildChunks.push(c);
  }
  const build = concatChunks(buildNode.types, buildChunks);
  const nb = build.length;
  if (nb === 0 && (kind === 'inner' || kind === 'cross' || kind === 'semi' || (kind === 'left' && buildLeft) || (kind === 'right' && !buildLeft))) return;
  // the build keys indexed once (direct array, int64 / utf8 open addressing, or the generic key table)
  let table: JoinTable | null = null;
  if (useHash && nb > 0) {
    const bk = buildKeys.map((k, j) => joinKey(k.eval(build), keyTypes[j] ?? k.type, build));
    table = buildJoinTable(bk, rowsWithoutNullKeys(bk, nb), nb);
  }
  // a probe-side semi/anti join without residual only needs to know whether a row has a match
  const firstOnly = semiAnti && !buildLeft && residual === null;
  const buildMatched = buildOuter || (semiAnti && buildLeft) ? new Uint8Array(nb) : null;

  // output positions of the probe and build columns
  const probeBase = buildLeft ? left.types.length : 0;
  const buildBase = buildLeft ? 0 : left.types.length;
  // unused outputs are views of one all-NULL placeholder per column (grown when a chunk is longer)
  const placeholders = new Map<number, Column>();
  const placeholder = (type: DataType, at: number, n: number): Column => {
    let p = placeholders.get(at);
    if (p === undefined || p.length < n) {
      p = nullColumn(type, Math.max(n, 2 * (p?.length ?? 0)));
      placeholders.set(at, p);
    }
    return p.length === n ? p : nullPrefix(p, n);
  };
  const pick = (cols: readonly Column[], idx: Int32Array, base: number): Column[] =>
    cols.map((c, j) => (used === null || used.has(base + j) ? gather(c, idx) : placeholder(c.type, base + j, idx.length)));
  // build columns of unmatched probe rows: all NULL, no gather
  const nulls = (colTypes: readonly DataType[], n: number, base: number): Column[] =>
    colTypes.map((t, j) => (used === null || used.has(base + j) ? nullColumn(t, n) : placeholder(t, base + j, n)));
  const pairsChunk = (probe: Chunk, pIdx: Int32Array, bIdx: Int32Array | null): Chunk | null => {
    const n = pIdx.length;
    if (n === 0) return null;
    const pCols = pick(probe.columns, pIdx, probeBase);
    const bCols = bIdx === null ? nulls(buildNode.types, n, buildBase) : pick(build.columns, bIdx, buildBase);
    const columns = buildLeft ? [...bCols, ...pCols] : [...pCols, ...bCols];
    return { columns, length: n, sel: null };
  };

  const pairs = new PairBuffer();
  let flags: Uint8Array = new Uint8Array(0);
  for (const probe of useHash ? probeNode.open() : reslice(probeNode.open(), Math.max(1, Math.floor(NESTED_LOOP_PAIRS / Math.max(nb, 1))))) {
    ctx.checkCancel?.();
    const np = rowCount(probe);
    if (np === 0) continue;
    // 1. candidate pairs (the pair buffers are reused: every output gathers from them)
    pairs.n = 0;
    if (useHash) {
      if (table !== null) {
        const pk = probeKeys.map((k, j) => joinKey(k.eval(probe), keyTypes[j] ?? k.type, probe));
        table.probe(pk, probe.sel, np, pairs, firstOnly);
      }
    } else {
      allPairs(probe.sel, np, nb, pairs);
    }
    let pIdx: Int32Array = pairs.p.subarray(0, pairs.n);
    let bIdx: Int32Array = pairs.b.subarray(0, pairs.n);
    // 2. residual condition on the pairs
    if (residual !== null && pairs.n > 0) {
      const pCols = probe.columns.map((c, j) => (residualReads.has(probeBase + j) ? gather(c, pIdx) : placeholder(c.type, probeBase + j, pairs.n)));
      const bCols = build.columns.map((c, j) => (residualReads.has(buildBase + j) ? gather(c, bIdx) : placeholder(c.type, buildBase + j, pairs.n)));
      const both: Chunk = { columns: buildLeft ? [...bCols, ...pCols] : [...pCols, ...bCols], length: pairs.n, sel: null };
      const keep = selectTrue(both, residual.eval(both));
      pIdx = gather1(pIdx, keep);
      bIdx = gather1(bIdx, keep);
    }
    if (buildMatched !== null) markRows(buildMatched, bIdx);
    // 3. output
    if (semiAnti) {
      if (buildLeft) continue; // decided at the end from buildMatched
      const out = kind === 'semi' ? matchedRows(probe, pIdx) : unmatchedRows(probe, pIdx, (flags = scratchFlags(flags, probe.length)));
      if (out.length > 0) yield { columns: probe.columns, length: probe.length, sel: out };
      continue;
    }
    const matched = pairsChunk(probe, pIdx, bIdx);
    if (matched !== null) yield matched;
    if (probeOuter) {
      const un = unmatchedRows(probe, pIdx, (flags = scratchFlags(flags, probe.length)));
      const unmatched = un.length > 0 ? pairsChunk(probe, un, null) : null;
      if (unmatched !== null) yield unmatched;
    }
  }
  // 4. build-side leftovers
  if (buildMatched !== null) {
    const want = semiAnti ? (kind === 'semi' ? 1 : 0) : 0;
    const idx = rowsFlagged(buildMatched, want);
    if (idx.length === 0) return;
    if (semiAnti) {
      yield { columns: build.columns, length: nb, sel: idx };
      return;
    }
    const bCols = pick(build.columns, idx, buildBase);
    const pCols = nulls(probeNode.types, idx.length, probeBase);
    yield { columns: buildLeft ? [...bCols, ...pCols] : [...pCols, ...bCols], length: idx.length, sel: null };
  }
}

// Hot loops live in plain functions: V8 optimises them far better than loops inside the generator.

/** The rows r (ascending) with flags[r] === want. */
function rowsFlagged(flags: Uint8Array, want: number): Int32Array {
  const out = new Int32Array(flags.length);
  let m = 0;
  for (let r = 0; r < flags.length; r++) if (flags[r] === want) out[m++] = r;
  return out.subarray(0, m);
}

/** Marks `rows` in `flags`; returns `flags`. */
function markRows(flags: Uint8Array, rows: Int32Array): Uint8Array {
  for (let k = 0; k < rows.length; k++) flags[rows[k] as number] = 1;
  return flags;
}


/** Every (probe row, build row) combination (nested loop). */
function allPairs(sel: Int32Array | null, np: number, nb: number, pairs: PairBuffer): void {
  pairs.reserve(np * nb);
  for (let k = 0; k < np; k++) {
    const i = sel === null ? k : (sel[k] as number);
    for (let r = 0; r < nb; r++) pairs.push(i, r);
  }
}


/** The first `n` rows of the all-NULL column `col`, sharing its buffers. */
function nullPrefix(col: Column, n: number): Column {
  const v = col.values;
  const valid = (col.valid as Uint8Array).subarray(0, n);
  if (ArrayBuffer.isView(v)) return makeColumn(col.type, (v as unknown as { subarray(a: number, b: number): typeof v }).subarray(0, n), valid, n);
  return makeColumn(col.type, (v as unknown[]).slice(0, n) as typeof v, valid, n);
}

/** Candidate pairs per nested-loop step (bounds memory: probe rows per step = this / build rows). */
const NESTED_LOOP_PAIRS = 1 << 20;

function* reslice(chunks: Iterable<Chunk>, rows: number): Generator<Chunk> {
  for (const c of chunks) {
    const n = rowCount(c);
    for (let s = 0; s < n; s += rows) yield sliceChunk(c, s, Math.min(n, s + rows));
  }
}

function gather1(a: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = a[idx[k] as number] as number;
  return out;
}

/** The rows 0..n-1 (ascending) where no key column is NULL. */
function rowsWithoutNullKeys(cols: readonly Column[], n: number): Int32Array {
  if (cols.some((c) => c.type === 'null')) return new Int32Array(0);
  // AND of the validity maps (1 = every key present)
  let ok: Uint8Array | null = null;
  for (const c of cols) {
    if (c.valid === null) continue;
    if (ok === null) ok = c.valid.slice(0, n);
    else andInto(ok, c.valid, n);
  }
  const out = new Int32Array(n);
  if (ok === null) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out;
  }
  let m = 0;
  for (let i = 0; i < n; i++) if (ok[i] === 1) out[m++] = i;
  return out.subarray(0, m);
}

function andInto(acc: Uint8Array, valid: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) acc[i] = (acc[i] as number) & (valid[i] as number);
}

/** A zeroed flag array of at least `n` entries, reusing `flags` when it is long enough. */
function scratchFlags(flags: Uint8Array, n: number): Uint8Array {
  if (flags.length < n) return new Uint8Array(Math.max(n, 2 * flags.length));
  flags.fill(0, 0, n);
  return flags;
}

/**
 * The distinct probe rows of `pIdx` in ascending order (a probe emits its
 * pairs in probe-row order, so duplicates are adjacent; the residual filter
 * keeps that order).
 */
function matchedRows(c: Chunk, pIdx: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(pIdx.length, rowCount(c)));
  let m = 0;
  let last = -1;
  for (let k = 0; k < pIdx.length; k++) {
    const i = pIdx[k] as number;
    if (i !== last) out[m++] = i;
    last = i;
  }
  return out.subarray(0, m);
}

/** The selected rows of `c` that are not in `pIdx`, ascending (`flags`: zeroed scratch of c.length). */
function unmatchedRows(c: Chunk, pIdx: Int32Array, flags: Uint8Array): Int32Array {
  markRows(flags, pIdx);
  const sel = c.sel;
  const n = rowCount(c);
  const out = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (flags[i] === 0) out[m++] = i;
  }
  return out.subarray(0, m);
}

/** A key column in the join's key type: float64 keys of an int64 comparison by their exactly equal int64. */
function joinKey(col: Column, type: DataType, c: Chunk): Column {
  if (type === 'int64' && col.type === 'float64') return exactInt64Column(col);
  return coerce(col, type, c);
}
