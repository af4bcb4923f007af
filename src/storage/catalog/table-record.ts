/**
 * The catalog's record of one table: every schema version (columns carry a
 * stable column id, so renames and drops never confuse old data), the
 * primary key as column ids (or the hidden row id), add-column defaults and
 * the table's foreign keys (foreign-keys.ts).
 * Also derives the public TableInfo and the physical column list.
 */
import type { Scalar } from '../../types/data-type.js';
import type { Field, Schema } from '../../types/schema.js';
import type { TableInfo } from '../api.js';
import type { StoredType } from '../arrow/arrow-types.js';
import { scalarFromJson, scalarToJson, type JsonScalar } from '../codec/scalar-json.js';
import { utf8 } from '../kv/bytes.js';
import { foreignKeyInfos, type StoredForeignKey } from './foreign-keys.js';

/** Column id of the hidden row id of tables without a primary key. */
export const ROWID_COL = 0;
export const ROWID_NAME = '__rowid';

export interface ColumnDef {
  readonly colId: number;
  readonly name: string;
  readonly type: StoredType;
  readonly nullable: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface SchemaVersion {
  readonly version: number;
  /** Visible columns in table order. */
  readonly columns: readonly ColumnDef[];
}

export interface TableRecord {
  readonly id: number;
  readonly name: string;
  /** Column ids of the primary key in key order; [ROWID_COL] when hidden. */
  readonly keyColIds: readonly number[];
  readonly hiddenRowId: boolean;
  readonly versions: readonly SchemaVersion[];
  /** Value that rows written before a column existed read as (by column id). */
  readonly defaults: Readonly<Record<number, Scalar>>;
  readonly nextColId: number;
  /** A system table (see TableDef.system); absent for user tables. */
  readonly system?: true;
  /** Declared foreign keys of this (referencing) table; absent in records from before foreign keys, and when there are none. */
  readonly foreignKeys?: readonly StoredForeignKey[];
}

const ROWID_DEF: ColumnDef = { colId: ROWID_COL, name: ROWID_NAME, type: 'int64', nullable: false };

export function currentVersion(rec: TableRecord): SchemaVersion {
  return rec.versions[rec.versions.length - 1]!;
}

export function versionOf(rec: TableRecord, version: number): SchemaVersion {
  const v = rec.versions.find((s) => s.version === version);
  if (v === undefined) throw new Error(`table ${rec.name} has no schema version ${version}`);
  return v;
}

/** Columns as stored: the hidden row id first (if any), then the visible columns. */
export function physicalColumns(rec: TableRecord, version: SchemaVersion = currentVersion(rec)): readonly ColumnDef[] {
  return rec.hiddenRowId ? [ROWID_DEF, ...version.columns] : version.columns;
}

export function keyColumns(rec: TableRecord, version: SchemaVersion = currentVersion(rec)): readonly ColumnDef[] {
  const phys = physicalColumns(rec, version);
  return rec.keyColIds.map((id) => phys.find((c) => c.colId === id)!);
}

function toField(c: ColumnDef): Field {
  return { name: c.name, type: c.type, nullable: c.nullable, ...(c.metadata ? { metadata: c.metadata } : {}) };
}

export function tableInfoOf(rec: TableRecord): TableInfo {
  const v = currentVersion(rec);
  const fields = v.columns.map(toField);
  const primaryKey = rec.hiddenRowId ? [] : keyColumns(rec, v).map((c) => c.name);
  const key = rec.hiddenRowId ? undefined : rec.keyColIds.map((id) => v.columns.findIndex((c) => c.colId === id));
  const schema: Schema = key ? { fields, key } : { fields };
  return {
    id: rec.id,
    name: rec.name,
    version: v.version,
    fields,
    primaryKey,
    schema,
    foreignKeys: foreignKeyInfos(rec),
    ...(rec.system === true ? { system: true } : {}),
  };
}

/** Catalog key of a table record. */
export function catalogKey(name: string): Uint8Array {
  return utf8(`table/${name}`);
}

export function encodeRecord(rec: TableRecord): Uint8Array {
  const defaults: Record<string, JsonScalar> = {};
  for (const [k, v] of Object.entries(rec.defaults)) defaults[k] = scalarToJson(v);
  return utf8(JSON.stringify({ ...rec, defaults }));
}

export function decodeRecord(bytes: Uint8Array): TableRecord {
  const raw = JSON.parse(new TextDecoder().decode(bytes)) as Omit<TableRecord, 'defaults'> & { defaults: Record<string, JsonScalar> };
  const defaults: Record<number, Scalar> = {};
  for (const [k, v] of Object.entries(raw.defaults)) defaults[Number(k)] = scalarFromJson(v);
  return { ...raw, defaults };
}
