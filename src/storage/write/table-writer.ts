/**
 * Row-at-a-time writes to one table inside a write transaction: insert
 * (DUPLICATE_KEY when the key is live), upsert, and delete (a tombstone, only
 * for keys with a live row) go into the table's memtable, stamped with the
 * transaction's sequence number.
 * Every row of a call is validated before the first one is written. Large
 * calls go to the bulk path first (bulk-rows.ts), which falls back here.
 */
import type { RecordBatch } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { Row, TableWriter } from '../api.js';
import { currentVersion } from '../catalog/table-record.js';
import { encodeKey } from '../codec/key-codec.js';
import { MAX_PRIMARY_KEY_BYTES, primaryKeyTooLarge } from '../kv/kv-backend.js';
import { encodeEntry, OP_DELETE, OP_PUT } from '../codec/row-codec.js';
import { storageError } from '../errors.js';
import { locate } from '../read/point-get.js';
import { checkRows } from './validate-row.js';
import type { TableTxnState } from './txn-state.js';

export class TableWriterImpl implements TableWriter {
  constructor(
    private readonly state: TableTxnState,
    private readonly append: (state: TableTxnState, batch: RecordBatch) => void,
    /** The bulk path for large calls (bulk-rows.ts); false when the rows need this row path. */
    private readonly bulk: (state: TableTxnState, rows: readonly Row[], mustBeNew: boolean) => boolean = () => false,
  ) {}

  private putRows(rows: readonly Row[], mustBeNew: boolean): void {
    if (this.bulk(this.state, rows, mustBeNew)) return;
    const { view, w, seq } = this.state;
    const { columns, rows: checked } = checkRows(view.rec, rows);
    const types = columns.map((c) => c.type);
    const keyIdx = view.rec.keyColIds.map((id) => columns.findIndex((c) => c.colId === id));
    const version = currentVersion(view.rec).version;
    if (view.rec.hiddenRowId) {
      const first = this.state.takeRowIds(checked.length);
      for (let r = 0; r < checked.length; r++) checked[r]![0] = BigInt(first + r);
    }
    const keys = checked.map((values, r) => {
      const key = encodeKey(view.keyTypes, keyIdx.map((i) => values[i]!));
      if (key.length > MAX_PRIMARY_KEY_BYTES) throw primaryKeyTooLarge(view.rec.name, r, key.length);
      return key;
    });
    if (mustBeNew && !view.rec.hiddenRowId) {
      const firstRowOf = new Map<string, number>();
      keys.forEach((key, r) => {
        const shown = keyIdx.map((i) => String(checked[r]![i])).join(', ');
        const hex = Buffer.from(key).toString('hex');
        const firstRow = firstRowOf.get(hex);
        if (firstRow !== undefined) {
          throw storageError('DUPLICATE_KEY', `the inserted rows repeat the key (${shown}): rows ${firstRow} and ${r}`, {
            details: { row: r, firstRow },
          });
        }
        firstRowOf.set(hex, r);
        const where = locate(view, key).kind;
        if (where === 'memtable' || where === 'segment') {
          throw storageError('DUPLICATE_KEY', `table ${view.rec.name} already has a row with key (${shown})`, { details: { row: r } });
        }
      });
    }
    view.memtableWritten();
    for (let r = 0; r < checked.length; r++) {
      const memKey = view.memKey(keys[r]!);
      const value = encodeEntry(OP_PUT, version, seq, types, checked[r]!);
      w.put('memtable', memKey, value);
      this.state.memBytes += memKey.length + value.length;
    }
  }

  insert(rows: readonly Row[]): void {
    this.putRows(rows, true);
  }

  upsert(rows: readonly Row[]): void {
    this.putRows(rows, false);
  }

  /** Writes a tombstone for each key that has a live row (absent or already deleted keys are skipped); returns how many. */
  delete(keys: readonly (readonly Scalar[])[]): number {
    const { view, w, seq } = this.state;
    const encoded = keys.map((k) => view.encodeFullKey(k));
    const version = currentVersion(view.rec).version;
    let deleted = 0;
    for (const key of encoded) {
      const where = locate(view, key).kind;
      if (where !== 'memtable' && where !== 'segment') continue;
      deleted++;
      view.memtableWritten();
      const memKey = view.memKey(key);
      const value = encodeEntry(OP_DELETE, version, seq, [], []);
      w.put('memtable', memKey, value);
      this.state.memBytes += memKey.length + value.length;
    }
    return deleted;
  }

  appendBatch(batch: RecordBatch): void {
    this.append(this.state, batch);
  }
}
