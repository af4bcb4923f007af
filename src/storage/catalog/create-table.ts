/**
 * Validation of a CREATE TABLE definition and the first table record it
 * becomes (schema version 1). Bad definitions are INVALID_SCHEMA errors;
 * foreign keys declared with the table are checked as an ALTER checks them.
 */
import type { TableDef } from '../api.js';
import { isStoredType } from '../arrow/arrow-types.js';
import { storageError } from '../errors.js';
import { declareForeignKey, type RecordLookup, type StoredForeignKey } from './foreign-keys.js';
import { ROWID_COL, ROWID_NAME, type ColumnDef, type TableRecord } from './table-record.js';

/** The first record of table `def`; `lookup` finds the tables its foreign keys reference (itself is known). */
export function createTableRecord(def: TableDef, id: number, lookup: RecordLookup = () => undefined): TableRecord {
  const rec = plainRecord(def, id);
  const specs = def.foreignKeys ?? [];
  if (!Array.isArray(specs)) throw storageError('INVALID_FOREIGN_KEY', `foreignKeys of table ${def.name} must be an array`);
  let foreignKeys: StoredForeignKey[] = [];
  for (const spec of specs) foreignKeys = [...foreignKeys, declareForeignKey({ ...rec, foreignKeys }, spec, lookup)];
  return foreignKeys.length > 0 ? { ...rec, foreignKeys } : rec;
}

function plainRecord(def: TableDef, id: number): TableRecord {
  if (!/^[^\s/\0][^/\0]*$/.test(def.name)) throw storageError('INVALID_SCHEMA', `invalid table name '${def.name}'`);
  if (def.fields.length === 0) throw storageError('INVALID_SCHEMA', `table ${def.name} needs at least one column`);
  const seen = new Set<string>();
  const columns: ColumnDef[] = def.fields.map((f, i) => {
    if (f.name.length === 0 || f.name === ROWID_NAME) throw storageError('INVALID_SCHEMA', `invalid column name '${f.name}'`);
    if (seen.has(f.name)) throw storageError('INVALID_SCHEMA', `duplicate column ${f.name} in table ${def.name}`);
    seen.add(f.name);
    if (!isStoredType(f.type)) {
      throw storageError('INVALID_SCHEMA', `column ${f.name} has type ${f.type}, which tables cannot store`, {
        hints: ['stored types: bool, int64, float64, utf8, binary, date, timestamp'],
      });
    }
    return { colId: i + 1, name: f.name, type: f.type, nullable: f.nullable, ...(f.metadata ? { metadata: f.metadata } : {}) };
  });
  const keyColIds = def.primaryKey.map((name) => {
    const c = columns.find((col) => col.name === name);
    if (c === undefined) throw storageError('INVALID_SCHEMA', `primary key column ${name} is not a column of ${def.name}`);
    return c.colId;
  });
  if (new Set(keyColIds).size !== keyColIds.length) throw storageError('INVALID_SCHEMA', `primary key of ${def.name} repeats a column`);
  const hiddenRowId = keyColIds.length === 0;
  return {
    id,
    name: def.name,
    keyColIds: hiddenRowId ? [ROWID_COL] : keyColIds,
    hiddenRowId,
    versions: [{ version: 1, columns }],
    defaults: {},
    nextColId: columns.length + 1,
    ...(def.system === true ? { system: true as const } : {}),
  };
}
