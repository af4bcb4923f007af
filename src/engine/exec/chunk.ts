/**
 * The unit that flows between operators: a set of equally long columns plus an
 * optional selection vector (the physical row indices still alive, ascending).
 * A filter narrows the selection instead of copying columns; operators that
 * need dense input call `compact`.
 */
import { concatColumns, gather, makeColumn, type Column } from './column.js';
import type { DataType } from '../../types/data-type.js';
import { isSharedView } from '../../memory/wasm-heap.js';

export interface Chunk {
  readonly columns: readonly Column[];
  /** Physical row count of every column. */
  readonly length: number;
  /** Selected physical rows (ascending); null = all rows. */
  readonly sel: Int32Array | null;
}

/** Logical number of rows (after the selection). */
export function rowCount(c: Chunk): number {
  return c.sel === null ? c.length : c.sel.length;
}

export function makeChunk(columns: readonly Column[], length: number, sel: Int32Array | null = null): Chunk {
  return { columns, length, sel };
}

/** The same rows with the selection applied physically. */
export function compact(c: Chunk): Chunk {
  if (c.sel === null) return c;
  const sel = c.sel;
  return { columns: c.columns.map((col) => gather(col, sel)), length: sel.length, sel: null };
}

/** The column with any buffer that lives in the column heap copied to ordinary memory. */
function ownColumn(col: Column): Column {
  const v = col.values;
  const values = ArrayBuffer.isView(v) && isSharedView(v) ? v.slice(0, col.length) : v;
  const valid = col.valid !== null && isSharedView(col.valid) ? col.valid.slice(0, col.length) : col.valid;
  return values === v && valid === col.valid ? col : makeColumn(col.type, values, valid, col.length);
}

/**
 * The chunk dense and independent of the column heap: views on segment
 * columns (valid only while the query's snapshot is open) are copied out,
 * everything else is kept as is. Applied to every chunk a query returns.
 */
export function ownChunk(c: Chunk): Chunk {
  const dense = compact(c);
  const columns = dense.columns.map(ownColumn);
  return columns.every((col, j) => col === dense.columns[j]) ? dense : { columns, length: dense.length, sel: null };
}

/** Rows `start..end` (logical) of a chunk as a new chunk (shares columns, narrows selection). */
export function sliceChunk(c: Chunk, start: number, end: number): Chunk {
  if (c.sel !== null) return { columns: c.columns, length: c.length, sel: c.sel.subarray(start, end) };
  if (start === 0 && end === c.length) return c;
  const sel = new Int32Array(end - start);
  for (let i = 0; i < sel.length; i++) sel[i] = start + i;
  return { columns: c.columns, length: c.length, sel };
}

/** Dense concatenation of chunks (types given so that empty inputs still type). */
export function concatChunks(types: readonly DataType[], chunks: readonly Chunk[]): Chunk {
  const dense = chunks.map(compact).filter((c) => c.length > 0);
  if (dense.length === 1) return dense[0] as Chunk;
  let n = 0;
  for (const c of dense) n += c.length;
  const columns = types.map((t, j) => concatColumns(t, dense.map((c) => c.columns[j] as Column)));
  return { columns, length: n, sel: null };
}

/** Physical index of logical row k. */
export function physical(c: Chunk, k: number): number {
  return c.sel === null ? k : (c.sel[k] as number);
}
