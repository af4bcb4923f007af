/**
 * The distinct operator: streams each chunk's rows whose full tuple has not
 * been seen before (a KeyTable over every column; NULLs equal each other),
 * keeping first occurrences in input order.
 */
import { rowCount, type Chunk } from '../chunk.js';
import { makeKeyTable, type KeyLookup } from '../hash/key-table.js';
import type { ExecNode } from '../exec-node.js';

/** Rows of `c` (physical indices) that are new to `table`. */
export function newRows(table: KeyLookup, c: Chunk): Int32Array {
  const n = rowCount(c);
  const ids = new Int32Array(n);
  const isNew = new Uint8Array(n);
  table.findOrInsert(c.columns, c, ids, isNew);
  const out = new Int32Array(n);
  let m = 0;
  const sel = c.sel;
  for (let k = 0; k < n; k++) if (isNew[k] === 1) out[m++] = sel === null ? k : (sel[k] as number);
  return out.subarray(0, m);
}

export function distinctNode(input: ExecNode): ExecNode {
  return {
    types: input.types,
    open: () => distinctRows(input),
  };
}

function* distinctRows(input: ExecNode): Generator<Chunk> {
  const table = makeKeyTable(input.types);
  for (const c of input.open()) {
    if (rowCount(c) === 0) continue;
    const sel = newRows(table, c);
    if (sel.length > 0) yield { columns: c.columns, length: c.length, sel };
  }
}
