/**
 * The schema changes ALTER supports and how each produces the next table
 * record (a new schema version; data is never rewritten). Invalid changes are
 * INVALID_ALTER / UNKNOWN_COLUMN errors. Adding or dropping a foreign key is
 * a change too: it makes a new schema version with the same columns, so
 * every cache keyed by the table's version (plans, a GraphQL schema) is
 * rebuilt.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import type { Field } from '../../types/schema.js';
import { assertNever } from '../../errors/pyralog-error.js';
import { isStoredType } from '../arrow/arrow-types.js';
import { storageError } from '../errors.js';
import { canWiden } from './migration.js';
import { currentVersion, ROWID_NAME, type ColumnDef, type TableRecord } from './table-record.js';
import { checkValue } from '../write/validate-row.js';
import { systemTableError } from './system-table.js';
import type { ForeignKeySpec } from '../../types/foreign-key.js';
import { declareForeignKey, foreignKeysOf, withoutForeignKey, type RecordLookup } from './foreign-keys.js';
import { checkColumnFree } from './foreign-key-deps.js';

export type AlterChange =
  | { readonly kind: 'add_column'; readonly field: Field; readonly default?: Scalar }
  | { readonly kind: 'drop_column'; readonly name: string }
  | { readonly kind: 'rename_column'; readonly from: string; readonly to: string }
  | { readonly kind: 'widen_column'; readonly name: string; readonly to: DataType }
  /** Marks the table as a system table (no new schema version); how a store from before the flag reserves its chain tables. */
  | { readonly kind: 'mark_system' }
  /** Declares a foreign key on this (referencing) table; allowed on system tables, whose owner declares their keys (users are refused by the engine). */
  | ({ readonly kind: 'add_foreign_key' } & ForeignKeySpec)
  | { readonly kind: 'drop_foreign_key'; readonly name: string };

function find(rec: TableRecord, name: string): ColumnDef {
  const c = currentVersion(rec).columns.find((col) => col.name === name);
  if (c === undefined) throw storageError('UNKNOWN_COLUMN', `table ${rec.name} has no column ${name}`);
  return c;
}

function checkNewName(rec: TableRecord, name: string): void {
  if (name.length === 0 || name === ROWID_NAME) throw storageError('INVALID_ALTER', `invalid column name '${name}'`);
  if (currentVersion(rec).columns.some((c) => c.name === name)) {
    throw storageError('INVALID_ALTER', `table ${rec.name} already has a column ${name}`);
  }
}

/**
 * The record after applying `change` as a new schema version. `lookup` finds
 * other tables' records (the table a new foreign key references).
 */
export function applyAlter(rec: TableRecord, change: AlterChange, lookup: RecordLookup = () => undefined): TableRecord {
  if (change.kind === 'mark_system') return { ...rec, system: true };
  const cur = currentVersion(rec);
  const bump = (foreignKeys: TableRecord['foreignKeys']): TableRecord => ({
    ...rec,
    foreignKeys,
    versions: [...rec.versions, { version: cur.version + 1, columns: cur.columns }],
  });
  if (change.kind === 'add_foreign_key') return bump([...foreignKeysOf(rec), declareForeignKey(rec, change, lookup)]);
  if (change.kind === 'drop_foreign_key') return bump(withoutForeignKey(rec, change.name));
  if (rec.system === true) throw systemTableError(rec.name, 'altered');
  let columns: ColumnDef[];
  let defaults = rec.defaults;
  let nextColId = rec.nextColId;
  switch (change.kind) {
    case 'add_column': {
      const f = change.field;
      checkNewName(rec, f.name);
      if (!isStoredType(f.type)) throw storageError('INVALID_ALTER', `columns of type ${f.type} cannot be stored`);
      const def = change.default ?? null;
      if (def === null && !f.nullable) {
        throw storageError('INVALID_ALTER', `adding NOT NULL column ${f.name} needs a default`, { hints: ['give a default, or make the column nullable'] });
      }
      if (def !== null) checkValue(f.name, f.type, def);
      const col: ColumnDef = { colId: nextColId++, name: f.name, type: f.type, nullable: f.nullable, ...(f.metadata ? { metadata: f.metadata } : {}) };
      columns = [...cur.columns, col];
      defaults = { ...defaults, [col.colId]: def };
      break;
    }
    case 'drop_column': {
      const c = find(rec, change.name);
      if (rec.keyColIds.includes(c.colId)) throw storageError('INVALID_ALTER', `cannot drop primary-key column ${c.name}`);
      checkColumnFree(rec, c.colId, c.name, 'dropped');
      columns = cur.columns.filter((x) => x.colId !== c.colId);
      break;
    }
    case 'rename_column': {
      const c = find(rec, change.from);
      checkNewName(rec, change.to);
      columns = cur.columns.map((x) => (x.colId === c.colId ? { ...x, name: change.to } : x));
      break;
    }
    case 'widen_column': {
      const c = find(rec, change.name);
      const to = change.to;
      if (!isStoredType(to) || !canWiden(c.type, to)) throw storageError('INVALID_ALTER', `cannot widen ${c.name} from ${c.type} to ${to}`);
      if (rec.keyColIds.includes(c.colId) && c.type !== to) {
        throw storageError('INVALID_ALTER', `cannot change the type of primary-key column ${c.name}`);
      }
      if (c.type !== to) checkColumnFree(rec, c.colId, c.name, `retyped to ${to}`);
      columns = cur.columns.map((x) => (x.colId === c.colId ? { ...x, type: to } : x));
      break;
    }
    default:
      return assertNever(change, 'alter change');
  }
  return { ...rec, versions: [...rec.versions, { version: cur.version + 1, columns }], defaults, nextColId };
}
