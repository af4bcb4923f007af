/**
 * Checking rows against a table's current schema before anything is written:
 * every value has the column's type (TYPE_MISMATCH), no NULL in a NOT NULL
 * column (NOT_NULL_VIOLATION), every key column present (MISSING_KEY), no
 * unknown columns (UNKNOWN_COLUMN). Produces values in physical column order.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import { assertNever } from '../../errors/pyralog-error.js';
import type { Row } from '../api.js';
import { storageError } from '../errors.js';
import { physicalColumns, ROWID_NAME, type ColumnDef, type TableRecord } from '../catalog/table-record.js';

function describe(v: unknown): string {
  if (v === null) return 'NULL';
  if (v instanceof Uint8Array) return 'binary';
  return typeof v;
}

function mismatch(column: string, type: DataType, value: unknown): never {
  throw storageError('TYPE_MISMATCH', `column ${column} is ${type}, got ${describe(value)}`, { details: { column, expected: type } });
}

/** The value normalised to the column's JS representation (integers given as numbers become bigints). */
export function checkValue(column: string, type: DataType, value: unknown): Scalar {
  if (value === null) return null;
  switch (type) {
    case 'bool':
      if (typeof value !== 'boolean') mismatch(column, type, value);
      return value;
    case 'int64':
    case 'timestamp':
      if (typeof value === 'bigint') {
        if (BigInt.asIntN(64, value) !== value) mismatch(column, type, value);
        return value;
      }
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      return mismatch(column, type, value);
    case 'float64':
      if (typeof value === 'number') return value;
      return mismatch(column, type, value);
    case 'date':
      if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 31) return value;
      return mismatch(column, type, value);
    case 'utf8':
      if (typeof value !== 'string') mismatch(column, type, value);
      return value;
    case 'binary':
      if (!(value instanceof Uint8Array)) mismatch(column, type, value);
      return value;
    case 'null':
    case 'interval':
      return mismatch(column, type, value);
    default:
      return assertNever(type, 'data type');
  }
}

export interface CheckedRows {
  readonly columns: readonly ColumnDef[];
  /** rows[i][j] = value of physical column j (the row id slot is null until assigned). */
  readonly rows: Scalar[][];
}

/** Validates rows for insert/upsert; a missing column takes its add-column default or NULL. */
export function checkRows(rec: TableRecord, rows: readonly Row[]): CheckedRows {
  const columns = physicalColumns(rec);
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const keySet = new Set(rec.keyColIds);
  const out: Scalar[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (const name of Object.keys(row)) {
      if (!index.has(name) || name === ROWID_NAME) {
        throw storageError('UNKNOWN_COLUMN', `table ${rec.name} has no column ${name}`, { details: { row: r } });
      }
    }
    const values: Scalar[] = new Array(columns.length);
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j]!;
      if (rec.hiddenRowId && j === 0) {
        values[j] = null;
        continue;
      }
      const raw = row[c.name];
      // A column left out takes the default it was added with (NULL when none).
      const v = raw === undefined ? (rec.defaults[c.colId] ?? null) : checkValue(c.name, c.type, raw);
      if (v === null) {
        if (keySet.has(c.colId)) throw storageError('MISSING_KEY', `row ${r}: key column ${c.name} is missing or NULL`, { details: { row: r } });
        if (!c.nullable) throw storageError('NOT_NULL_VIOLATION', `row ${r}: column ${c.name} is NOT NULL`, { details: { row: r } });
      }
      values[j] = v;
    }
    out[r] = values;
  }
  return { columns, rows: out };
}
