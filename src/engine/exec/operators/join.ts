/**
 * The join operator: hash join on the equi-keys (build side per the physical
 * plan's JoinStrategy, default right) or nested loop when there are none,
 * then the residual condition on candidate pairs. Handles inner, left, right,
 * full, semi, anti and cross joins; NULL keys never match; outer sides are
 * padded with NULLs (gather index -1).
 */
import type { Expr } from '../../../planner/ir/expr.js';
import type { JoinRel } from '../../../planner/ir/rel.js';
import type { JoinStrategy } from '../../../planner/physical/plan.js';
import { gather, makeColumn, nullColumn, type Column } from '../column.js';
import { coerce } from '../expr/fn-compare.js';
import { concatChunks, rowCount, sliceChunk, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { CompiledExpr } from '../expr/kernel-util.js';
import { makeKeyTable, type KeyLookup } from '../hash/key-table.js';
import { selectTrue } from './filter.js';
import { residualCondition } from './join-condition.js';
import { buildDirectIndex, probeDirect, type DirectIndex } from './direct-index.js';
import type { ExecContext, ExecNode } from '../exec-node.js';

/** Growable pair list (probe row, build row). */
class Pairs {
  p = new Int32Array(1024);
  b = new Int32Array(1024);
  n = 0;
  /** Ensures room for `extra` more pairs without regrowing. */
  reserve(extra: number): void {
    if (this.n + extra <= this.p.length) return;
    const cap = this.n + extra;
    const np = new Int32Array(cap);
    np.set(this.p.subarray(0, this.n));
    this.p = np;
    const nb = new Int32Array(cap);
    nb.set(this.b.subarray(0, this.n));
    this.b = nb;
  }
  push(p: number, b: number): void {
    if (this.n === this.p.length) {
      const np = new Int32Array(this.n * 2);
      np.set(this.p);
      this.p = np;
      const nb = new Int32Array(this.n * 2);
      nb.set(this.b);
      this.b = nb;
    }
    this.p[this.n] = p;
    this.b[this.n] = b;
    this.n++;
  }
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
  // both sides' keys are compared in one type: the common one (int64 = float64 compares as float64)
  const keyTypes = probeKeys.map((k, j) => {
    const other = (buildKeys[j] as CompiledExpr).type;
    if (k.type === other || other === 'null') return k.type;
    if (k.type === 'null') return other;
    return 'float64';
  });
  const bothTypes = [...left.types, ...right.types];
  const residualExpr: Expr | null = useHash ? residualCondition(rel.condition, rel.equiKeys, left.types.length) : rel.condition;
  const residual = residualExpr === null ? null : compileExpr(residualExpr, bothTypes, ctx);
  const semiAnti = kind === 'semi' || kind === 'anti';
  const types = semiAnti ? left.types : bothTypes;
  // which sides keep unmatched rows
  const leftOuter = kind === 'left' || kind === 'full';
  const rightOuter = kind === 'right' || kind === 'full';
  const probeOuter = buildLeft ? rightOuter : leftOuter;
  const buildOuter = buildLeft ? leftOuter : rightOuter;

  return {
    types,
    *open() {
      const buildChunks: Chunk[] = [];
      for (const c of buildNode.open()) if (rowCount(c) > 0) buildChunks.push(c);
      const build = concatChunks(buildNode.types, buildChunks);
      const nb = build.length;
      if (nb === 0 && (kind === 'inner' || kind === 'cross' || kind === 'semi' || (kind === 'left' && buildLeft) || (kind === 'right' && !buildLeft))) return;
      // hash table over the build keys: head[g] -> first row, next[row] -> next row of same key
      let table: KeyLookup | null = null;
      let direct: DirectIndex | null = null;
      let head: Int32Array = new Int32Array(0);
      let next: Int32Array = new Int32Array(0);
      if (useHash && nb > 0) {
        const bk = buildKeys.map((k, j) => coerce(k.eval(build), keyTypes[j] ?? k.type, build));
        const nonNull = rowsWithoutNullKeys(bk, nb);
        // dense single int64 keys: a direct index; otherwise a hash table of chains
        if (bk.length === 1) direct = buildDirectIndex(bk[0] as Column, nonNull, nb);
        if (direct !== null) next = direct.next;
        else {
          table = makeKeyTable(keyTypes);
          const ids = new Int32Array(nonNull.length);
          table.findOrInsert(bk, { columns: build.columns, length: nb, sel: nonNull }, ids);
          head = new Int32Array(table.size).fill(-1);
          next = new Int32Array(nb).fill(-1);
          for (let k = nonNull.length - 1; k >= 0; k--) {
            const row = nonNull[k] as number;
            const g = ids[k] as number;
            next[row] = head[g] as number;
            head[g] = row;
          }
        }
      }
      const buildMatched = buildOuter || (semiAnti && buildLeft) ? new Uint8Array(nb) : null;

      // output positions of the probe and build columns
      const probeBase = buildLeft ? left.types.length : 0;
      const buildBase = buildLeft ? 0 : left.types.length;
      // unused outputs are views of one all-NULL placeholder per column (grown when a chunk is longer)
      const placeholders = new Map<number, Column>();
      const placeholder = (c: Column, at: number, n: number): Column => {
        let p = placeholders.get(at);
        if (p === undefined || p.length < n) {
          p = nullColumn(c.type, Math.max(n, 2 * (p?.length ?? 0)));
          placeholders.set(at, p);
        }
        return p.length === n ? p : nullPrefix(p, n);
      };
      const pick = (cols: readonly Column[], idx: Int32Array, base: number): Column[] =>
        cols.map((c, j) => (used === null || used.has(base + j) ? gather(c, idx) : placeholder(c, base + j, idx.length)));
      const emitPairs = function* (probe: Chunk, pIdx: Int32Array, bIdx: Int32Array): Generator<Chunk> {
        const n = pIdx.length;
        if (n === 0) return;
        const pCols = pick(probe.columns, pIdx, probeBase);
        const bCols = pick(build.columns, bIdx, buildBase);
        const columns = buildLeft ? [...bCols, ...pCols] : [...pCols, ...bCols];
        yield { columns, length: n, sel: null };
      };

      const pairs = new Pairs();
      let first = new Int32Array(0);
      for (const probe of useHash ? probeNode.open() : reslice(probeNode.open(), Math.max(1, Math.floor(NESTED_LOOP_PAIRS / Math.max(nb, 1))))) {
        const np = rowCount(probe);
        if (np === 0) continue;
        // 1. candidate pairs (the pair buffers are reused: every output gathers from them)
        pairs.n = 0;
        if (useHash) {
          if (direct !== null) {
            const pk = coerce((probeKeys[0] as CompiledExpr).eval(probe), keyTypes[0] ?? 'int64', probe);
            if (first.length < np) first = new Int32Array(np);
            probeDirect(direct, pk, probe.sel, np, first);
            chainPairs(first, next, probe.sel, np, pairs);
          } else if (table !== null) {
            const pk = probeKeys.map((k, j) => coerce(k.eval(probe), keyTypes[j] ?? k.type, probe));
            const ids = new Int32Array(np);
            table.find(pk, probe, ids);
            idsToHeads(ids, head, pk, probe.sel, np);
            chainPairs(ids, next, probe.sel, np, pairs);
          }
        } else {
          allPairs(probe.sel, np, nb, pairs);
        }
        let pIdx: Int32Array = pairs.p.subarray(0, pairs.n);
        let bIdx: Int32Array = pairs.b.subarray(0, pairs.n);
        // 2. residual condition on the pairs
        if (residual !== null && pairs.n > 0) {
          const pCols = probe.columns.map((c) => gather(c, pIdx));
          const bCols = build.columns.map((c) => gather(c, bIdx));
          const both: Chunk = { columns: buildLeft ? [...bCols, ...pCols] : [...pCols, ...bCols], length: pairs.n, sel: null };
          const keep = selectTrue(both, residual.eval(both));
          pIdx = gather1(pIdx, keep);
          bIdx = gather1(bIdx, keep);
        }
        if (buildMatched !== null) markRows(buildMatched, bIdx);
        // 3. output
        if (semiAnti) {
          if (buildLeft) continue; // decided at the end from buildMatched
          const matched = markRows(new Uint8Array(probe.length), pIdx);
          const want = kind === 'semi' ? 1 : 0;
          const out = selectRows(probe, (i) => matched[i] === want);
          if (out.length > 0) yield { columns: probe.columns, length: probe.length, sel: out };
          continue;
        }
        yield* emitPairs(probe, pIdx, bIdx);
        if (probeOuter) {
          const matched = markRows(new Uint8Array(probe.length), pIdx);
          const un = selectRows(probe, (i) => matched[i] === 0);
          if (un.length > 0) yield* emitPairs(probe, un, new Int32Array(un.length).fill(-1));
        }
      }
      // 4. build-side leftovers
      if (buildMatched !== null) {
        const want = semiAnti ? (kind === 'semi' ? 1 : 0) : 0;
        const rows: number[] = [];
        for (let r = 0; r < nb; r++) if (buildMatched[r] === want) rows.push(r);
        if (rows.length === 0) return;
        const idx = Int32Array.from(rows);
        if (semiAnti) {
          yield { columns: build.columns, length: nb, sel: idx };
          return;
        }
        const bCols = pick(build.columns, idx, buildBase);
        const pCols = probeNode.types.map((t) => nullColumn(t, idx.length));
        yield { columns: buildLeft ? [...bCols, ...pCols] : [...pCols, ...bCols], length: idx.length, sel: null };
      }
    },
  };
}

// Hot loops live in plain functions: V8 optimises them far better than loops inside the generator.

/** Marks `rows` in `flags`; returns `flags`. */
function markRows(flags: Uint8Array, rows: Int32Array): Uint8Array {
  for (let k = 0; k < rows.length; k++) flags[rows[k] as number] = 1;
  return flags;
}

/** Turns key ids into the first build row of each key (NULL probe keys match nothing). */
function idsToHeads(ids: Int32Array, head: Int32Array, keys: readonly Column[], sel: Int32Array | null, np: number): void {
  for (let k = 0; k < np; k++) {
    const g = ids[k] as number;
    ids[k] = g < 0 || hasNullKey(keys, sel === null ? k : (sel[k] as number)) ? -1 : (head[g] as number);
  }
}

/** Every (probe row, build row) combination (nested loop). */
function allPairs(sel: Int32Array | null, np: number, nb: number, pairs: Pairs): void {
  pairs.reserve(np * nb);
  for (let k = 0; k < np; k++) {
    const i = sel === null ? k : (sel[k] as number);
    for (let r = 0; r < nb; r++) pairs.push(i, r);
  }
}

/** Appends (probe row, build row) for every probe row's chain of build rows starting at `first[k]`. */
function chainPairs(first: Int32Array, next: Int32Array, sel: Int32Array | null, np: number, pairs: Pairs): void {
  pairs.reserve(np);
  let p = pairs.p;
  let b = pairs.b;
  let m = pairs.n;
  for (let k = 0; k < np; k++) {
    const r0 = first[k] as number;
    if (r0 < 0) continue;
    const i = sel === null ? k : (sel[k] as number);
    // a single match (unique build key) written in place; longer chains through push
    if ((next[r0] as number) < 0 && m < p.length) {
      p[m] = i;
      b[m] = r0;
      m++;
      continue;
    }
    pairs.n = m;
    for (let r = r0; r >= 0; r = next[r] as number) pairs.push(i, r);
    p = pairs.p;
    b = pairs.b;
    m = pairs.n;
  }
  pairs.n = m;
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

function hasNullKey(cols: readonly Column[], i: number): boolean {
  for (const c of cols) if (c.type === 'null' || (c.valid !== null && c.valid[i] === 0)) return true;
  return false;
}

function rowsWithoutNullKeys(cols: readonly Column[], n: number): Int32Array {
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (!hasNullKey(cols, i)) out[m++] = i;
  return out.subarray(0, m);
}

function selectRows(c: Chunk, pred: (i: number) => boolean): Int32Array {
  const sel = c.sel;
  const n = rowCount(c);
  const out = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (pred(i)) out[m++] = i;
  }
  return out.subarray(0, m);
}
