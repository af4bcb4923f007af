/**
 * Foreign keys as the catalog keeps them: stored with the referencing
 * table's record, by column id (so renaming a referencing column keeps the
 * key), pointing at the referenced table's primary key. This file validates
 * a declaration against both tables and turns stored keys into the public
 * ForeignKeyInfo; what depends on a key (drops, retyping) is checked in
 * foreign-key-deps.ts.
 */
import type { ForeignKeyInfo, ForeignKeySpec } from '../../types/foreign-key.js';
import { storageError } from '../errors.js';
import { currentVersion, keyColumns, type ColumnDef, type TableRecord } from './table-record.js';

export interface StoredForeignKey {
  readonly name: string;
  /** Referencing column ids, paired in order with the referenced table's key columns. */
  readonly colIds: readonly number[];
  readonly refTableId: number;
  readonly refTable: string;
  /** Names of the referenced table's key columns, in key order (kept current when one is renamed). */
  readonly refColumns: readonly string[];
  readonly enforced: boolean;
}

/** Finds another table's record by name (undefined when there is none). */
export type RecordLookup = (name: string) => TableRecord | undefined;

export function foreignKeysOf(rec: TableRecord): readonly StoredForeignKey[] {
  return rec.foreignKeys ?? [];
}

/** The public shape of `rec`'s foreign keys, with column names of the current schema. */
export function foreignKeyInfos(rec: TableRecord): ForeignKeyInfo[] {
  const cols = currentVersion(rec).columns;
  return foreignKeysOf(rec).map((fk) => ({
    name: fk.name,
    columns: fk.colIds.map((id) => cols.find((c) => c.colId === id)?.name ?? `#${id}`),
    references: { table: fk.refTable, columns: [...fk.refColumns] },
    enforced: fk.enforced,
  }));
}

function invalid(message: string, hints: readonly string[] = []): Error {
  return storageError('INVALID_FOREIGN_KEY', message, { hints });
}

function isNameList(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.length > 0);
}

/** `spec` as a ForeignKeySpec, or INVALID_FOREIGN_KEY naming the field of the wrong shape (callers may be plain JS). */
export function checkSpecShape(spec: unknown): ForeignKeySpec {
  if (typeof spec !== 'object' || spec === null) throw invalid('a foreign key must be an object {columns, references: {table, columns}, name?, enforced?}');
  const s = spec as Record<string, unknown>;
  if (!isNameList(s['columns'])) throw invalid('foreign key columns must be a non-empty array of column names');
  const ref = s['references'];
  if (typeof ref !== 'object' || ref === null) throw invalid('foreign key references must be an object {table, columns}');
  const r = ref as Record<string, unknown>;
  if (typeof r['table'] !== 'string' || r['table'].length === 0) throw invalid('foreign key references.table must be a table name');
  if (!isNameList(r['columns'])) throw invalid('foreign key references.columns must be a non-empty array of column names');
  if (s['name'] !== undefined && (typeof s['name'] !== 'string' || !/^[^\s/\0][^/\0]*$/.test(s['name']))) {
    throw invalid(`invalid foreign key name ${JSON.stringify(s['name'])}`);
  }
  if (s['enforced'] !== undefined && typeof s['enforced'] !== 'boolean') throw invalid('foreign key enforced must be a boolean or omitted');
  return spec as ForeignKeySpec;
}

/** The default name of a foreign key: `<table>_<columns joined by _>_fkey`. */
export function defaultForeignKeyName(table: string, columns: readonly string[]): string {
  return `${table}_${columns.join('_')}_fkey`;
}

/**
 * Validates `spec` declared on `rec` and returns the key to store. The
 * referenced columns must be exactly the referenced table's primary key; in
 * another order they are put in key order, each referencing column keeping
 * its partner. `lookup` finds the referenced table (`rec` itself when the
 * key references its own table).
 */
export function declareForeignKey(rec: TableRecord, specIn: unknown, lookup: RecordLookup): StoredForeignKey {
  const spec = checkSpecShape(specIn);
  const name = spec.name ?? defaultForeignKeyName(rec.name, spec.columns);
  const cols = currentVersion(rec).columns;
  const referencing: ColumnDef[] = spec.columns.map((n) => {
    const c = cols.find((x) => x.name === n);
    if (c === undefined) throw storageError('UNKNOWN_COLUMN', `foreign key ${name}: table ${rec.name} has no column ${n}`);
    return c;
  });
  if (new Set(spec.columns).size !== spec.columns.length) throw invalid(`foreign key ${name} repeats a column of ${rec.name}`);
  const refName = spec.references.table;
  const target = refName === rec.name ? rec : lookup(refName);
  if (target === undefined) throw storageError('UNKNOWN_TABLE', `foreign key ${name} references table ${refName}, which does not exist`);
  if (target.hiddenRowId) {
    throw invalid(`foreign key ${name}: table ${refName} has no primary key to reference`, ['a foreign key references the whole primary key of its table']);
  }
  const key = keyColumns(target);
  const keyNames = key.map((c) => c.name);
  const refCols = spec.references.columns;
  const hint = `the primary key of ${refName} is (${keyNames.join(', ')})`;
  if (refCols.length !== spec.columns.length) {
    throw invalid(`foreign key ${name} pairs ${spec.columns.length} column(s) of ${rec.name} with ${refCols.length} of ${refName}`, [hint]);
  }
  if (new Set(refCols).size !== refCols.length || refCols.length !== keyNames.length || !refCols.every((n) => keyNames.includes(n))) {
    throw invalid(`foreign key ${name} must reference exactly the primary key of ${refName}, not (${refCols.join(', ')})`, [hint]);
  }
  // Pair each key column (in key order) with the referencing column listed beside it.
  const paired = key.map((k) => referencing[refCols.indexOf(k.name)]!);
  paired.forEach((c, i) => {
    const k = key[i]!;
    if (c.type !== k.type) {
      throw invalid(`foreign key ${name}: ${rec.name}.${c.name} is ${c.type} but ${refName}.${k.name} is ${k.type}`, ['paired columns must have the same type']);
    }
  });
  // The name is checked last: a bad declaration is reported as what it is, even under a taken default name.
  if (foreignKeysOf(rec).some((fk) => fk.name === name)) {
    throw storageError('FOREIGN_KEY_EXISTS', `table ${rec.name} already has a foreign key named ${name}`, {
      hints: ['give the new one another name, or drop the old one first'],
    });
  }
  return { name, colIds: paired.map((c) => c.colId), refTableId: target.id, refTable: target.name, refColumns: keyNames, enforced: spec.enforced ?? false };
}

/** `rec` without its foreign key `name` (UNKNOWN_FOREIGN_KEY when it has none by that name). */
export function withoutForeignKey(rec: TableRecord, name: string): readonly StoredForeignKey[] {
  const fks = foreignKeysOf(rec);
  if (typeof name !== 'string' || !fks.some((fk) => fk.name === name)) {
    const known = fks.map((fk) => fk.name);
    throw storageError('UNKNOWN_FOREIGN_KEY', `table ${rec.name} has no foreign key named ${String(name)}`, {
      hints: [known.length > 0 ? `its foreign keys: ${known.join(', ')}` : `table ${rec.name} declares no foreign keys`],
    });
  }
  return fks.filter((fk) => fk.name !== name);
}

/** `rec` with the referenced key column names of its keys into `target` brought up to date (after a rename in `target`). */
export function refreshReferences(rec: TableRecord, target: TableRecord): TableRecord {
  const fks = foreignKeysOf(rec);
  if (!fks.some((fk) => fk.refTableId === target.id)) return rec;
  const names = keyColumns(target).map((c) => c.name);
  return { ...rec, foreignKeys: fks.map((fk) => (fk.refTableId === target.id ? { ...fk, refColumns: names } : fk)) };
}
