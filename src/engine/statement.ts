/**
 * Statements for `Database.exec`: DDL and DML as plain objects. They are what
 * the SQL front end will produce from text; until it lands they are the way to
 * create, alter and fill tables without a query language.
 */
import type { AlterChange } from '../storage/index.js';
import type { Row } from '../storage/api.js';
import type { DataType, Scalar } from '../types/data-type.js';
import type { ForeignKeySpec } from '../types/foreign-key.js';

export interface ColumnDef {
  readonly name: string;
  readonly type: DataType;
  /** Default true, except for primary-key columns. */
  readonly nullable?: boolean;
  readonly metadata?: Readonly<Record<string, string>>;
}

export type Statement =
  | {
      readonly kind: 'create_table';
      readonly name: string;
      readonly columns: readonly ColumnDef[];
      readonly primaryKey?: readonly string[];
      readonly ifNotExists?: boolean;
      /** Foreign keys declared with the table (checked as add_foreign_key checks them; one may reference the table itself). */
      readonly foreignKeys?: readonly ForeignKeySpec[];
    }
  | { readonly kind: 'drop_table'; readonly name: string; readonly ifExists?: boolean }
  | { readonly kind: 'alter_table'; readonly name: string; readonly change: AlterChange }
  | { readonly kind: 'insert'; readonly table: string; readonly rows: readonly Row[] }
  | { readonly kind: 'upsert'; readonly table: string; readonly rows: readonly Row[] }
  | { readonly kind: 'delete'; readonly table: string; readonly keys: readonly (readonly Scalar[])[] }
  /** Declares a foreign key on `table` (the referencing table); see "Foreign keys" in docs/api.md. */
  | ({ readonly kind: 'add_foreign_key'; readonly table: string } & ForeignKeySpec)
  | { readonly kind: 'drop_foreign_key'; readonly table: string; readonly name: string };

/** The ALTER change an add_foreign_key statement makes (the statement without its kind and table). */
export function addForeignKeyChange(s: Extract<Statement, { kind: 'add_foreign_key' }>): AlterChange {
  return {
    kind: 'add_foreign_key',
    columns: s.columns,
    references: s.references,
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.enforced !== undefined ? { enforced: s.enforced } : {}),
  };
}

export interface ExecOutcome {
  /** Rows inserted, upserted or deleted; 0 for DDL. */
  readonly changes: number;
}
