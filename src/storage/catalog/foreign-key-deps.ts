/**
 * What a foreign key depends on, and the refusals that protect it: a column
 * a key of its own table uses cannot be dropped or retyped, and a table that
 * other tables reference cannot be dropped or replaced
 * (FOREIGN_KEY_DEPENDENCY, naming the key). A table's own keys, including
 * one that references the table itself, go with it when it is dropped.
 */
import { storageError } from '../errors.js';
import { foreignKeysOf, type StoredForeignKey } from './foreign-keys.js';
import type { TableRecord } from './table-record.js';

/** FOREIGN_KEY_DEPENDENCY when a foreign key of `rec` uses column `colId`; `what` says the change ('dropped', 'retyped'). */
export function checkColumnFree(rec: TableRecord, colId: number, column: string, what: string): void {
  const fk = foreignKeysOf(rec).find((k) => k.colIds.includes(colId));
  if (fk === undefined) return;
  throw storageError('FOREIGN_KEY_DEPENDENCY', `column ${rec.name}.${column} cannot be ${what}: foreign key ${fk.name} uses it`, {
    details: { table: rec.name, column, foreignKey: fk.name },
    hints: [`drop the foreign key first (db.dropForeignKey('${rec.name}', '${fk.name}'))`],
  });
}

/** The foreign keys of other tables that reference `rec`. */
export function incomingForeignKeys(records: readonly TableRecord[], rec: TableRecord): { table: string; fk: StoredForeignKey }[] {
  return records
    .filter((r) => r.id !== rec.id)
    .flatMap((r) => foreignKeysOf(r).filter((fk) => fk.refTableId === rec.id).map((fk) => ({ table: r.name, fk })));
}

/** FOREIGN_KEY_DEPENDENCY when another table references `rec`; `what` says the change ('dropped or replaced'). */
export function checkNotReferenced(records: readonly TableRecord[], rec: TableRecord, what: string): void {
  const incoming = incomingForeignKeys(records, rec);
  if (incoming.length === 0) return;
  const first = incoming[0]!;
  const more = incoming.length > 1 ? ` (and ${incoming.length - 1} more: ${incoming.slice(1).map((i) => `${i.table}.${i.fk.name}`).join(', ')})` : '';
  throw storageError('FOREIGN_KEY_DEPENDENCY', `table ${rec.name} cannot be ${what}: foreign key ${first.fk.name} of table ${first.table} references it${more}`, {
    details: { table: rec.name, referencedBy: incoming.map((i) => ({ table: i.table, foreignKey: i.fk.name })) },
    hints: [`drop the foreign key first (db.dropForeignKey('${first.table}', '${first.fk.name}')), or drop table ${first.table}`],
  });
}
