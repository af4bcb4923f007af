/**
 * Text equality and prefix filters on Arrow utf8 bytes (int32 offsets into
 * a data buffer), so a filter needs no JS string per row: the rows (within
 * an optional selection, present in an optional validity byte map) whose
 * bytes equal the needle's UTF-8 or start with it. UTF-8 byte equality is
 * text equality. The WebAssembly kernel (assembly/utf8.as) runs when the
 * offsets and data live in the column heap; the JS twin otherwise.
 */
import { inColumnHeap } from '../../memory/wasm-heap.js';
import { defaultKernels, type Kernels } from './kernel-module.js';
import { placeCost, scratch } from './kernel-scratch.js';

/** Arrow utf8 storage of a column: row i is data[offsets[i] .. offsets[i + 1]). */
export interface Utf8Bytes {
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
}

const encoder = new TextEncoder();

export function utf8SelectJs(col: Utf8Bytes, valid: Uint8Array | null, sel: Int32Array | null, n: number, needle: Uint8Array, prefix: boolean): Int32Array {
  const { offsets, data } = col;
  const out = new Int32Array(n);
  const len = needle.length;
  let m = 0;
  rows: for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k]!;
    if (valid !== null && valid[i] === 0) continue;
    const start = offsets[i]!;
    const size = offsets[i + 1]! - start;
    if (prefix ? size < len : size !== len) continue;
    for (let j = 0; j < len; j++) if (data[start + j] !== needle[j]) continue rows;
    out[m++] = i;
  }
  return out.slice(0, m);
}

/** Physical rows whose text equals `text` (prefix false) or starts with it (prefix true). */
export function utf8Select(col: Utf8Bytes, valid: Uint8Array | null, sel: Int32Array | null, n: number, text: string, prefix: boolean, k: Kernels | null = defaultKernels()): Int32Array {
  const needle = encoder.encode(text);
  const rows = col.offsets.length - 1;
  if (k === null || n === 0 || !inColumnHeap(col.offsets) || !inColumnHeap(col.data)) return utf8SelectJs(col, valid, sel, n, needle, prefix);
  if (!scratch.reserve(placeCost(valid, rows) + placeCost(sel, n * 4) + needle.length + n * 4 + 32)) return utf8SelectJs(col, valid, sel, n, needle, prefix);
  const vp = valid === null ? 0 : scratch.place(valid, rows);
  const sp = sel === null ? 0 : scratch.place(sel, n * 4);
  const np = scratch.take(needle.length);
  scratch.u8(np, needle.length).set(needle);
  const out = scratch.take(n * 4);
  const m = k.utf8_select(col.offsets.byteOffset, col.data.byteOffset, vp, sp, n, np, needle.length, prefix ? 1 : 0, out);
  return scratch.i32(out, m).slice();
}
