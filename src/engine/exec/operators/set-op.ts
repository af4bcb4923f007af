/**
 * Set operations over two inputs of compatible schemas: union all (stream
 * both), union (distinct over both), intersect / except (set semantics, a
 * KeyTable of the right side), intersect all / except all (multiset
 * semantics with per-row counts of the right side). NULLs compare equal.
 */
import type { SetOpKind } from '../../../planner/ir/rel.js';
import type { DataType } from '../../../types/data-type.js';
import { assertNever } from '../../../errors/pyralog-error.js';
import { rowCount, type Chunk } from '../chunk.js';
import { coerce } from '../expr/fn-compare.js';
import { makeKeyTable } from '../hash/key-table.js';
import { newRows } from './distinct.js';
import type { ExecNode } from '../exec-node.js';

/** The chunk with every column converted to the output types (int64 -> float64, null -> any). */
export function conform(c: Chunk, types: readonly DataType[]): Chunk {
  if (c.columns.every((col, j) => col.type === types[j])) return c;
  return { columns: c.columns.map((col, j) => coerce(col, types[j] ?? col.type, c)), length: c.length, sel: c.sel };
}

function* stream(node: ExecNode, types: readonly DataType[]): Generator<Chunk> {
  for (const c of node.open()) if (rowCount(c) > 0) yield conform(c, types);
}

function countIds(counts: Float64Array, ids: Int32Array): void {
  for (let k = 0; k < ids.length; k++) counts[ids[k] as number] = (counts[ids[k] as number] as number) + 1;
}

/** Rows of the left side to emit: in / not in the right side (multiset ops consume right-side counts). */
function keepRows(op: SetOpKind, ids: Int32Array, counts: Float64Array, sel: Int32Array | null, n: number): Int32Array {
  const all = op === 'intersect_all' || op === 'except_all';
  const keep = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const g = ids[k] as number;
    const inRight = g >= 0 && (counts[g] as number) > 0;
    let take: boolean;
    if (all) {
      take = op === 'intersect_all' ? inRight : !inRight;
      if (inRight) counts[g] = (counts[g] as number) - 1;
    } else take = op === 'intersect' ? inRight : !inRight;
    if (take) keep[m++] = sel === null ? k : (sel[k] as number);
  }
  return keep.subarray(0, m);
}

export function setOpNode(op: SetOpKind, left: ExecNode, right: ExecNode, types: readonly DataType[]): ExecNode {
  return {
    types,
    open: () => setOpRows(op, left, right, types),
  };
}

function* setOpRows(op: SetOpKind, left: ExecNode, right: ExecNode, types: readonly DataType[]): Generator<Chunk> {
  switch (op) {
    case 'union_all':
      yield* stream(left, types);
      yield* stream(right, types);
      return;
    case 'union': {
      const seen = makeKeyTable(types);
      for (const c of stream(left, types)) {
        const sel = newRows(seen, c);
        if (sel.length > 0) yield { ...c, sel };
      }
      for (const c of stream(right, types)) {
        const sel = newRows(seen, c);
        if (sel.length > 0) yield { ...c, sel };
      }
      return;
    }
    case 'intersect':
    case 'except':
    case 'intersect_all':
    case 'except_all': {
      const rightTable = makeKeyTable(types);
      let counts = new Float64Array(1024);
      for (const c of stream(right, types)) {
        const n = rowCount(c);
        const ids = new Int32Array(n);
        rightTable.findOrInsert(c.columns, c, ids);
        if (counts.length < rightTable.size) {
          const nc = new Float64Array(Math.max(rightTable.size, counts.length * 2));
          nc.set(counts);
          counts = nc;
        }
        countIds(counts, ids);
      }
      const all = op === 'intersect_all' || op === 'except_all';
      const emitted = makeKeyTable(types);
      for (const c of stream(left, types)) {
        const n = rowCount(c);
        const ids = new Int32Array(n);
        rightTable.find(c.columns, c, ids);
        const kept = keepRows(op, ids, counts, c.sel, n);
        const m = kept.length;
        if (m === 0) continue;
        let out: Chunk = { columns: c.columns, length: c.length, sel: kept };
        if (!all) {
          const fresh = newRows(emitted, out);
          if (fresh.length === 0) continue;
          out = { columns: c.columns, length: c.length, sel: fresh };
        }
        yield out;
      }
      return;
    }
    default:
      assertNever(op, 'set operation');
  }
}
