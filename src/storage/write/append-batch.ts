/**
 * The columnar bulk path: an Arrow RecordBatch appended to a table with
 * upsert semantics. The batch is validated as a whole (names, types, NULLs),
 * its keys are encoded into one binary column, it is sorted and de-duplicated
 * (last row of a key wins) only if needed, and written straight into level-0
 * segments after flushing the memtable (so the new segment is the newest
 * data). Small batches go through the memtable instead.
 */
import type { Data, RecordBatch } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { Row } from '../api.js';
import { arrowTypeOf } from '../arrow/arrow-types.js';
import { columnFromBuffers, columnFromValues, constantColumn, takeRows, valueAt, type Column } from '../arrow/column-ops.js';
import { ROWID_COL, ROWID_NAME } from '../catalog/table-record.js';
import { ByteWriter } from '../codec/byte-writer.js';
import { encodeKeyPart } from '../codec/key-codec.js';
import { storageError } from '../errors.js';
import { compareByteRanges, prefixEnd } from '../kv/bytes.js';
import { MAX_PRIMARY_KEY_BYTES, primaryKeyTooLarge } from '../kv/kv-backend.js';
import { flushMemtable, writeRowsSegment } from '../lsm/flush.js';
import type { LsmContext } from '../lsm/lsm-context.js';
import type { TableTxnState } from './txn-state.js';

/** Batches with fewer rows than this are written through the memtable. */
export const DIRECT_SEGMENT_ROWS = 1024;

function unsliced(type: Parameters<typeof valueAt>[0], data: Data): Column {
  if (data.offset === 0) return data;
  const values: Scalar[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) values[i] = valueAt(type, data, i);
  return columnFromValues(type, values);
}

/** Encoded keys of every row as one binary column. */
export function encodeKeys(state: TableTxnState, keyCols: readonly Column[], n: number): Column {
  const { keyTypes } = state.view;
  if (keyTypes.length === 1 && (keyTypes[0] === 'int64' || keyTypes[0] === 'timestamp')) {
    // Tag 0x02, then the value big-endian with the sign bit flipped, from 32-bit halves (no BigInt per row).
    const src = keyCols[0]!.values as BigInt64Array;
    const words = new Int32Array(src.buffer, src.byteOffset, n * 2);
    const data = new Uint8Array(n * 9);
    const offsets = new Int32Array(n + 1);
    for (let i = 0, at = 0; i < n; i++, at += 9) {
      const hi = words[2 * i + 1]! ^ 0x80000000;
      const lo = words[2 * i]!;
      data[at] = 0x02;
      data[at + 1] = hi >>> 24;
      data[at + 2] = hi >>> 16;
      data[at + 3] = hi >>> 8;
      data[at + 4] = hi;
      data[at + 5] = lo >>> 24;
      data[at + 6] = lo >>> 16;
      data[at + 7] = lo >>> 8;
      data[at + 8] = lo;
      offsets[i + 1] = at + 9;
    }
    return columnFromBuffers('binary', n, data, offsets);
  }
  const w = new ByteWriter(n * 16);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < keyTypes.length; k++) encodeKeyPart(w, keyTypes[k]!, valueAt(keyTypes[k]!, keyCols[k]!, i));
    offsets[i + 1] = w.length;
    if (offsets[i + 1]! - offsets[i]! > MAX_PRIMARY_KEY_BYTES) throw primaryKeyTooLarge(state.view.rec.name, i, offsets[i + 1]! - offsets[i]!);
  }
  return columnFromBuffers('binary', n, w.finish(), offsets);
}

function keyCmp(keys: Column, i: number, j: number): number {
  const off = keys.valueOffsets as Int32Array;
  const d = keys.values as Uint8Array;
  return compareByteRanges(d, off[i]!, off[i + 1]!, d, off[j]!, off[j + 1]!);
}

export function appendBatch(ctx: LsmContext, state: TableTxnState, batch: RecordBatch, upsertRows: (rows: Row[]) => void, refresh: () => void): void {
  const { view } = state;
  const rec = view.rec;
  const n = batch.numRows;
  const byName = new Map<string, number>();
  batch.schema.fields.forEach((f, i) => {
    if (f.name === ROWID_NAME || !view.physical.some((c) => c.name === f.name)) {
      throw storageError('UNKNOWN_COLUMN', `table ${rec.name} has no column ${f.name}`);
    }
    byName.set(f.name, i);
  });
  const keySet = new Set(rec.keyColIds);
  const columns: (Column | null)[] = view.physical.map((c) => {
    if (rec.hiddenRowId && c.colId === ROWID_COL) return null;
    const i = byName.get(c.name);
    if (i === undefined) {
      if (keySet.has(c.colId)) throw storageError('MISSING_KEY', `key column ${c.name} is missing from the batch`);
      const fill = rec.defaults[c.colId] ?? null;
      if (fill === null && !c.nullable && n > 0) throw storageError('NOT_NULL_VIOLATION', `column ${c.name} is NOT NULL and missing from the batch`);
      return constantColumn(c.type, fill, n);
    }
    const field = batch.schema.fields[i]!;
    const want = arrowTypeOf(c.type);
    if (field.type.typeId !== want.typeId || String(field.type) !== String(want)) {
      throw storageError('TYPE_MISMATCH', `column ${c.name} is ${c.type} (${String(want)}), the batch has ${String(field.type)}`);
    }
    const vec = batch.getChildAt(i)!;
    const data = unsliced(c.type, vec.data[0] ?? columnFromValues(c.type, []));
    if (data.nullCount > 0) {
      if (keySet.has(c.colId)) throw storageError('MISSING_KEY', `key column ${c.name} has NULLs`);
      if (!c.nullable) throw storageError('NOT_NULL_VIOLATION', `column ${c.name} is NOT NULL and the batch has NULLs`);
    }
    return data;
  });
  if (n === 0) return;
  if (n < DIRECT_SEGMENT_ROWS) {
    const rows: Row[] = [];
    for (let r = 0; r < n; r++) {
      const row: Record<string, Scalar> = {};
      view.physical.forEach((c, j) => {
        const col = columns[j];
        if (col) row[c.name] = valueAt(c.type, col, r);
      });
      rows.push(row);
    }
    upsertRows(rows);
    return;
  }
  if (rec.hiddenRowId) {
    const first = BigInt(state.takeRowIds(n));
    const ids = new BigInt64Array(n);
    for (let i = 0; i < n; i++) ids[i] = first + BigInt(i);
    columns[0] = columnFromBuffers('int64', n, ids);
  }
  let cols = columns as Column[];
  const keyCols = rec.keyColIds.map((id) => cols[view.physical.findIndex((c) => c.colId === id)]!);
  let keys = encodeKeys(state, keyCols, n);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (keyCmp(keys, i - 1, i) >= 0) sorted = false;
  let rows = n;
  if (!sorted) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keyCmp(keys, a, b));
    const kept: number[] = [];
    for (let k = 0; k < order.length; k++) {
      if (k + 1 < order.length && keyCmp(keys, order[k]!, order[k + 1]!) === 0) continue; // a later row has the same key
      kept.push(order[k]!);
    }
    const idx = Int32Array.from(kept);
    keys = takeRows('binary', keys, idx);
    cols = view.physical.map((c, j) => takeRows(c.type, cols[j]!, idx));
    rows = idx.length;
  }
  const probe = view.kv.range('memtable', { start: view.memPrefix, end: prefixEnd(view.memPrefix)!, limit: 1 })[Symbol.iterator]();
  let memtableHasRows: boolean;
  try {
    memtableHasRows = probe.next().done === false;
  } finally {
    probe.return?.(); // close the cursor now rather than at garbage collection
  }
  if (memtableHasRows) {
    flushMemtable(ctx, view);
    state.memBytes = 0;
  }
  for (let start = 0; start < rows; start += ctx.segmentRows) {
    writeRowsSegment(ctx, view, 0, keys, cols, null, start, Math.min(rows, start + ctx.segmentRows), { seqMin: state.seq, seqMax: state.seq });
  }
  state.dirtySegments = true;
  refresh();
}
