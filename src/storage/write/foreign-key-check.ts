/**
 * Enforced foreign keys on the write path. A table whose foreign keys are all
 * informational (the default) gets its writer unchanged; a table with an
 * enforced key gets a writer that, after each insert, upsert or bulk append
 * of the call, looks every written row's key up in the referenced table by
 * point get inside the same write transaction (so rows written earlier in
 * it, or in the same call, count). A row with NULL in any of the key's
 * columns passes. A miss is FOREIGN_KEY_VIOLATION, and the transaction rolls
 * back. Deletes (of either table) are not checked.
 */
import type { RecordBatch } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { Row, TableWriter, WriteTxn } from '../api.js';
import { valueAt, type Column } from '../arrow/column-ops.js';
import { foreignKeysOf, type StoredForeignKey } from '../catalog/foreign-keys.js';
import { currentVersion, type TableRecord } from '../catalog/table-record.js';
import { storageError } from '../errors.js';

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
        const shown = key.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
        throw storageError(
          'FOREIGN_KEY_VIOLATION',
          `row ${r} written to ${rec.name} breaks foreign key ${fk.name}: ${fk.refTable} has no row with (${fk.refColumns.join(', ')}) = (${shown.join(', ')})`,
          {
            details: { table: rec.name, row: r, foreignKey: fk.name, references: fk.refTable, key: shown },
            hints: [`write the ${fk.refTable} row first (the same transaction is fine), or use NULL in ${names.join(', ')}`],
          },
        );
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
