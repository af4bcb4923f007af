/**
 * Rows of a streamed result for callers outside the engine (the server, a
 * worker thread): the IR schema of a streamed Arrow RecordBatch, its rows as
 * arrays of scalars (int64 and timestamps as bigint, NULL as null, the values
 * `QueryResult.arrays()` gives), and the CLI's JSON form of such rows. Part
 * of the public API, so nobody outside src/engine needs executor internals.
 */
import { DataType as ArrowType, type RecordBatch } from 'apache-arrow';
import type { DataType, Scalar } from '../types/data-type.js';
import type { Field, Schema } from '../types/schema.js';
import { recordBatchToChunk } from './exec/arrow-convert.js';
import { getScalar } from './exec/column.js';
import { toResultJson, type ResultJson } from './format/result-formats.js';

function irType(t: ArrowType): DataType {
  if (ArrowType.isInt(t)) return 'int64';
  if (ArrowType.isFloat(t)) return 'float64';
  if (ArrowType.isUtf8(t)) return 'utf8';
  if (ArrowType.isBool(t)) return 'bool';
  if (ArrowType.isBinary(t)) return 'binary';
  if (ArrowType.isDate(t)) return 'date';
  if (ArrowType.isTimestamp(t)) return 'timestamp';
  if (ArrowType.isInterval(t)) return 'interval';
  return 'null';
}

/** The IR schema of a result batch (as `db.stream` yields them) or Arrow Table: names, types, nullability, field metadata. */
export function batchSchema(batch: { readonly schema: RecordBatch['schema'] }): Schema {
  const fields: Field[] = batch.schema.fields.map((f) => ({
    name: f.name,
    type: irType(f.type),
    nullable: f.nullable,
    ...(f.metadata.size > 0 ? { metadata: Object.fromEntries(f.metadata) } : {}),
  }));
  return { fields };
}

/** The rows of `batch` as arrays in column order, read with the types of `schema` (default: batchSchema(batch)). */
export function batchRows(batch: RecordBatch, schema: Schema = batchSchema(batch)): Scalar[][] {
  const chunk = recordBatchToChunk(batch, schema.fields.map((f) => f.type));
  const rows: Scalar[][] = new Array<Scalar[]>(chunk.length);
  const columns = chunk.columns;
  for (let i = 0; i < chunk.length; i++) {
    const row = new Array<Scalar>(columns.length);
    for (let j = 0; j < columns.length; j++) row[j] = getScalar(columns[j]!, i);
    rows[i] = row;
  }
  return rows;
}

/** `{"columns":[{"name","type"}],"rows":[[…]]}` as the CLI prints it (int64 beyond 2^53 as a decimal string). */
export function rowsToJson(schema: Schema, rows: readonly (readonly Scalar[])[]): ResultJson {
  return toResultJson(schema, rows);
}
