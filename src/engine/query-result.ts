/**
 * A finished query's result: its schema, the Arrow batches, and views of them
 * (an Arrow Table, plain row objects, row arrays, the JSON/CSV/text formats).
 * Views are computed on first use and shared; rows() and arrays() hand out
 * fresh objects each call, so callers may mutate what they get.
 */
import type { RecordBatch, Table } from 'apache-arrow';
import type { Scalar } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';
import type { ExecResult } from './exec/index.js';
import { setOwn } from '../util/set-own.js';
import { toCsv, toResultJson, toTextTable, type ResultJson } from './format/result-formats.js';

/** A result row as an object; int64 and timestamp values are bigint, NULL is null. */
export type ResultRow = Record<string, Scalar>;

export interface QueryResult<R extends object = ResultRow> {
  readonly schema: Schema;
  /** Column names and IR types, in order. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly numRows: number;
  /** The result as Arrow record batches. */
  readonly batches: readonly RecordBatch[];
  /** The result as an Arrow Table over the batches. */
  table(): Table;
  /** Rows as plain objects keyed by column name, each an own property (`__proto__` too); a later duplicate name wins (use arrays() for exact positions). */
  rows(): R[];
  /** Rows as arrays in column order. */
  arrays(): Scalar[][];
  /** `{"columns":[{"name","type"}],"rows":[[…]]}` with int64 beyond 2^53 as strings and timestamps as imported. */
  toJSON(): ResultJson;
  /** RFC 4180 CSV with a header line, CRLF line ends, NULL as an empty field. */
  toCsv(): string;
  /** An aligned text table for terminals, NULL shown as `NULL`. */
  toText(options?: { maxRows?: number }): string;
}

export function queryResultOf<R extends object = ResultRow>(exec: ExecResult): QueryResult<R> {
  let cached: Scalar[][] | null = null;
  const all = (): Scalar[][] => (cached ??= exec.arrays());
  const names = exec.schema.fields.map((f) => f.name);
  return {
    schema: exec.schema,
    columns: exec.schema.fields.map((f) => ({ name: f.name, type: f.type })),
    get numRows() {
      return all().length;
    },
    get batches() {
      return exec.batches;
    },
    table: () => exec.table(),
    rows: () =>
      all().map((r) => {
        const o: Record<string, Scalar> = {};
        for (let j = 0; j < names.length; j++) setOwn(o, names[j] as string, r[j] ?? null);
        return o as R;
      }),
    arrays: () => all().map((r) => [...r]),
    toJSON: () => toResultJson(exec.schema, all()),
    toCsv: () => toCsv(exec.schema, all()),
    toText: (options) => toTextTable(exec.schema, all(), options),
  };
}
