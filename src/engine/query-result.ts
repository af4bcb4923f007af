/**
 * A finished query's result: its schema, the Arrow batches, and views of them
 * (an Arrow Table, plain row objects, row arrays, the JSON/CSV/text formats).
 * Views are computed on first use and shared; rows() and arrays() hand out
 * fresh objects each call, so callers may mutate what they get. Over executor
 * chunks (queryResultOfChunks), rows and arrays are filled column by column,
 * one typed loop per column and batch, and Arrow batches are made only when
 * asked for.
 */
import { Table, type RecordBatch } from 'apache-arrow';
import type { Interval, Scalar } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';
import type { ExecResult } from './exec/index.js';
import type { Chunk } from './exec/chunk.js';
import type { Column } from './exec/column.js';
import { chunkToRecordBatch, toArrowSchema } from './exec/arrow-convert.js';
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

/**
 * What every result shares: the columns and the views over its row arrays
 * (`all()`, made once). The views are own functions (callers pass them
 * around unbound); `numRows` and `batches` are getters on the prototype. As
 * an object literal with `get batches()`, every result (a point query's too)
 * survived two young-generation GCs and was promoted — V8 keeps a literal's
 * accessor in old space, so the closure it holds, and the rows, lived until
 * a full GC — which cost a server at 5,000 point queries/s a 5–10 ms
 * scavenge every 100 ms (bench/server, `node --trace-gc-nvp`).
 */
abstract class ResultViews<R extends object> implements QueryResult<R> {
  private cachedArrays: Scalar[][] | null = null;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly arrays: () => Scalar[][];
  readonly toJSON: () => ResultJson;
  readonly toCsv: () => string;
  readonly toText: (options?: { maxRows?: number }) => string;
  abstract readonly table: () => Table;
  abstract readonly rows: () => R[];

  constructor(readonly schema: Schema) {
    this.columns = schema.fields.map((f) => ({ name: f.name, type: f.type }));
    this.arrays = () => this.all().map((r) => r.slice());
    this.toJSON = () => toResultJson(schema, this.all());
    this.toCsv = () => toCsv(schema, this.all());
    this.toText = (options) => toTextTable(schema, this.all(), options);
  }

  /** The rows as arrays, made on first use and shared by the views. */
  protected all(): Scalar[][] {
    return (this.cachedArrays ??= this.makeArrays());
  }

  protected abstract makeArrays(): Scalar[][];
  abstract get numRows(): number;
  abstract get batches(): readonly RecordBatch[];
}

/** A result over an executor result. */
class ExecQueryResult<R extends object> extends ResultViews<R> {
  readonly table: () => Table;
  readonly rows: () => R[];

  constructor(private readonly exec: ExecResult) {
    super(exec.schema);
    const names = exec.schema.fields.map((f) => f.name);
    this.table = () => exec.table();
    this.rows = () =>
      this.all().map((r) => {
        const o: Record<string, Scalar> = {};
        for (let j = 0; j < names.length; j++) setOwn(o, names[j] as string, r[j] ?? null);
        return o as R;
      });
  }

  protected makeArrays(): Scalar[][] {
    return this.exec.arrays();
  }

  get numRows(): number {
    return this.all().length;
  }

  get batches(): readonly RecordBatch[] {
    return this.exec.batches;
  }
}

export function queryResultOf<R extends object = ResultRow>(exec: ExecResult): QueryResult<R> {
  return new ExecQueryResult<R>(exec);
}

/** A row being filled: an array (slot = column index) or an object (slot = name). */
type Slots = Record<string | number, Scalar>;

/**
 * Writes column `col`'s rows 0..n-1 (a dense chunk) into slot `j` of
 * out[at..at+n) — as getScalar reads them, but in one loop per type.
 */
function fillColumn(col: Column, n: number, out: readonly Slots[], at: number, j: string | number): void {
  const valid = col.valid;
  switch (col.type) {
    case 'null':
      for (let i = 0; i < n; i++) out[at + i]![j] = null;
      return;
    case 'bool': {
      const v = col.values as Uint8Array;
      for (let i = 0; i < n; i++) out[at + i]![j] = valid !== null && valid[i] === 0 ? null : v[i] === 1;
      return;
    }
    case 'int64':
    case 'timestamp': {
      const v = col.values as BigInt64Array;
      for (let i = 0; i < n; i++) out[at + i]![j] = valid !== null && valid[i] === 0 ? null : (v[i] ?? null);
      return;
    }
    case 'float64': {
      const v = col.values as Float64Array;
      for (let i = 0; i < n; i++) out[at + i]![j] = valid !== null && valid[i] === 0 ? null : (v[i] ?? null);
      return;
    }
    case 'date': {
      const v = col.values as Int32Array;
      for (let i = 0; i < n; i++) out[at + i]![j] = valid !== null && valid[i] === 0 ? null : (v[i] ?? null);
      return;
    }
    case 'utf8':
    case 'binary':
    case 'interval': {
      const v = col.values as readonly (string | Uint8Array | Interval | undefined)[];
      for (let i = 0; i < n; i++) out[at + i]![j] = valid !== null && valid[i] === 0 ? null : (v[i] ?? null);
      return;
    }
  }
}

/** The dense, owned chunks of a result as row arrays. */
function arraysOf(chunks: readonly Chunk[], width: number, total: number): Scalar[][] {
  const out: Scalar[][] = new Array<Scalar[]>(total);
  for (let r = 0; r < total; r++) out[r] = new Array<Scalar>(width);
  let at = 0;
  for (const c of chunks) {
    for (let j = 0; j < width; j++) fillColumn(c.columns[j]!, c.length, out as unknown as Slots[], at, j);
    at += c.length;
  }
  return out;
}

/**
 * The chunks as row objects: each row starts as a copy of one template (so
 * all rows share one shape and no property is added one by one), then the
 * columns are written one typed loop at a time. A later duplicate name wins;
 * `__proto__` is an own property (the template defines it so).
 */
function objectsOf(chunks: readonly Chunk[], names: readonly string[], total: number): Slots[] {
  const template: Slots = {};
  for (const name of names) setOwn<Scalar>(template, name, null);
  const out: Slots[] = new Array<Slots>(total);
  for (let r = 0; r < total; r++) out[r] = { ...template };
  let at = 0;
  for (const c of chunks) {
    for (let j = 0; j < names.length; j++) fillColumn(c.columns[j]!, c.length, out, at, names[j]!);
    at += c.length;
  }
  return out;
}

/** A result over the executor's chunks (rows and arrays filled column by column). */
class ChunkedResult<R extends object> extends ResultViews<R> {
  private cachedBatches: RecordBatch[] | null = null;
  readonly numRows: number;
  readonly table: () => Table;
  readonly rows: () => R[];

  constructor(
    schema: Schema,
    private readonly chunks: readonly Chunk[],
  ) {
    super(schema);
    let total = 0;
    for (const c of chunks) total += c.length;
    this.numRows = total;
    const names = schema.fields.map((f) => f.name);
    this.table = () => (chunks.length === 0 ? new Table(toArrowSchema(schema)) : new Table(this.batches as RecordBatch[]));
    this.rows = () => objectsOf(chunks, names, total) as R[];
  }

  protected makeArrays(): Scalar[][] {
    return arraysOf(this.chunks, this.schema.fields.length, this.numRows);
  }

  get batches(): readonly RecordBatch[] {
    return (this.cachedBatches ??= this.chunks.map((c) => chunkToRecordBatch(c, this.schema)));
  }
}

/**
 * A result over the executor's chunks (dense and owned, as executeChunks
 * yields them): nothing is converted until a view is asked for.
 */
export function queryResultOfChunks<R extends object = ResultRow>(schema: Schema, chunks: readonly Chunk[]): QueryResult<R> {
  return new ChunkedResult<R>(schema, chunks);
}
