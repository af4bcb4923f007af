/**
 * Statements for `Database.exec`: DDL and DML as plain objects. They are what
 * the SQL front end will produce from text; until it lands they are the way to
 * create, alter and fill tables without a query language.
 */
import type { AlterChange } from '../storage/index.js';
import type { Row } from '../storage/api.js';
import type { DataType, Scalar } from '../types/data-type.js';

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
    }
  | { readonly kind: 'drop_table'; readonly name: string; readonly ifExists?: boolean }
  | { readonly kind: 'alter_table'; readonly name: string; readonly change: AlterChange }
  | { readonly kind: 'insert'; readonly table: string; readonly rows: readonly Row[] }
  | { readonly kind: 'upsert'; readonly table: string; readonly rows: readonly Row[] }
  | { readonly kind: 'delete'; readonly table: string; readonly keys: readonly (readonly Scalar[])[] };

export interface ExecOutcome {
  /** Rows inserted, upserted or deleted; 0 for DDL. */
  readonly changes: number;
}
