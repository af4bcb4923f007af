/**
 * Enforced foreign keys on the write path. A table whose foreign keys are all
 * informational (the default) gets its writer unchanged; a table with an
 * enforced key gets a writer that, after each insert, upsert or bulk append
 * of the call, looks every written row's key up in the referenced table by
 * point get inside the same write transaction (so rows written earlier in
 * it, or in the same call, count). A row with NULL in any of the key's
 * columns passes. A miss is FOREIGN_KEY_VIOLATION, and the transaction rolls
 * back. Deletes (of either table) are not checked. A key declared enforced on
 * a table that has rows checks those rows first (checkNewForeignKey).
 */
import type { RecordBatch } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { Row, TableWriter, WriteTxn } from '../api.js';
import { valueAt, type Column } from '../arrow/column-ops.js';
import type { AlterChange } from '../catalog/alter-change.js';
import { loadRecord } from '../catalog/catalog-store.js';
import { foreignKeysOf, type StoredForeignKey } from '../catalog/foreign-keys.js';
import { currentVersion, keyColumns, type TableRecord } from '../catalog/table-record.js';
import { storageError } from '../errors.js';
import type { KvWrite } from '../kv/kv-backend.js';
import { readRow } from '../read/point-get.js';
import { scanTable } from '../read/scan.js';
import { TableView } from '../read/table-view.js';
import type { BlobCache } from '../segment/blob-cache.js';

/** What the check needs of the write transaction beneath. */
export interface CheckableTxn extends WriteTxn {
  /** The table's catalog record as the transaction sees it. */
  record(name: string): TableRecord;
  /** A point reader of `table` that sees the transaction's writes so far. */
  reader(table: string): (key: readonly Scalar[]) => Row | undefined;
}

/** `tx` with the enforced foreign keys of every table it writes checked. */
export function enforceForeignKeys(tx: CheckableTxn): WriteTxn {
  return {
    table(name: string): TableWriter {
      const writer = tx.table(name);
      const rec = tx.record(name);
      // The common case (no enforced key) allocates nothing.
      if (!foreignKeysOf(rec).some((fk) => fk.enforced)) return writer;
      return checkedWriter(writer, tx, rec, foreignKeysOf(rec).filter((fk) => fk.enforced));
    },
    createTable: (def) => tx.createTable(def),
    dropTable: (name) => tx.dropTable(name),
    kv: (namespace) => tx.kv(namespace),
    get: (table, key) => tx.get(table, key),
  };
}

type ValueOf = (row: number, column: string) => Scalar;

const shownValues = (key: readonly Scalar[]): string[] => key.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));

function violation(where: string, rec: TableRecord, fk: StoredForeignKey, names: readonly string[], key: readonly Scalar[], details: Record<string, unknown>): Error {
  const shown = shownValues(key);
  return storageError('FOREIGN_KEY_VIOLATION', `${where} breaks foreign key ${fk.name}: ${fk.refTable} has no row with (${fk.refColumns.join(', ')}) = (${shown.join(', ')})`, {
    details: { table: rec.name, ...details, foreignKey: fk.name, references: fk.refTable, key: shown },
    hints: [`write the ${fk.refTable} row first (the same transaction is fine), or use NULL in ${names.join(', ')}`],
  });
}

/**
 * After `change` made `rec` (inside the same write transaction): when it
 * declared an enforced key, every row the table holds must satisfy it
 * (FOREIGN_KEY_VIOLATION naming the first row that does not, and the key is
 * not added).
 */
export function checkNewForeignKey(w: KvWrite, cache: BlobCache, rec: TableRecord, change: AlterChange): void {
  if (change.kind !== 'add_foreign_key' || change.enforced !== true) return;
  const fks = foreignKeysOf(rec);
  const fk = fks[fks.length - 1]!;
  const columns = currentVersion(rec).columns;
  const fkCols = fk.colIds.map((id) => columns.find((c) => c.colId === id)!);
  const keyCols = rec.hiddenRowId ? [] : keyColumns(rec);
  const view = new TableView(w, rec, cache);
  const refView = fk.refTableId === rec.id ? view : new TableView(w, loadRecord(w, fk.refTable), cache);
  const wanted = [...fkCols, ...keyCols];
  for (const batch of scanTable(view, { columns: wanted.map((c) => c.name) }, 4096)) {
    const data = wanted.map((_, j) => batch.getChildAt(j)!.data[0] as Column);
    for (let r = 0; r < batch.numRows; r++) {
      const key = fkCols.map((c, j) => valueAt(c.type, data[j]!, r));
      if (key.some((v) => v === null) || readRow(refView, refView.encodeFullKey(key)) !== undefined) continue;
      const own = keyCols.map((c, j) => valueAt(c.type, data[fkCols.length + j]!, r));
      const which = keyCols.length > 0 ? `the row of ${rec.name} with (${keyCols.map((c) => c.name).join(', ')}) = (${shownValues(own).join(', ')})` : `a row of ${rec.name}`;
      throw violation(which, rec, fk, fkCols.map((c) => c.name), key, { rowKey: shownValues(own) });
    }
  }
}

function checkedWriter(writer: TableWriter, tx: CheckableTxn, rec: TableRecord, fks: readonly StoredForeignKey[]): TableWriter {
  const columns = currentVersion(rec).columns;
  const namesOf = (fk: StoredForeignKey): string[] => fk.colIds.map((id) => columns.find((c) => c.colId === id)!.name);
  const check = (n: number, valueOf: ValueOf): void => {
    for (const fk of fks) {
      const names = namesOf(fk);
      const get = tx.reader(fk.refTable);
      for (let r = 0; r < n; r++) {
        const key = names.map((c) => valueOf(r, c) ?? null);
        if (key.some((v) => v === null)) continue;
        if (get(key) !== undefined) continue;
        throw violation(`row ${r} written to ${rec.name}`, rec, fk, names, key, { row: r });
      }
    }
  };
  const rowsCheck = (rows: readonly Row[]): void => check(rows.length, (r, c) => rows[r]![c] ?? null);
  return {
    insert(rows) {
      writer.insert(rows);
      rowsCheck(rows);
    },
    upsert(rows) {
      writer.upsert(rows);
      rowsCheck(rows);
    },
    delete: (keys) => writer.delete(keys),
    appendBatch(batch: RecordBatch) {
      writer.appendBatch(batch);
      const cache = new Map<string, Column | undefined>();
      const col = (c: string): Column | undefined => {
        if (!cache.has(c)) cache.set(c, batch.getChild(c)?.data[0] as Column | undefined);
        return cache.get(c);
      };
      check(batch.numRows, (r, c) => {
        const data = col(c);
        const type = columns.find((x) => x.name === c)!.type;
        return data === undefined ? null : valueAt(type, data, r);
      });
    },
  };
}
