/**
 * Schema evolution as data: which widenings are allowed, how one value or a
 * whole column is cast, and the composed migration from an old schema
 * version to the current one (per current column: read the same column id
 * from the old data and cast it, or use the add-column default).
 */
import type { Scalar } from '../../types/data-type.js';
import { assertNever } from '../../errors/pyralog-error.js';
import type { StoredType } from '../arrow/arrow-types.js';
import { columnFromValues, valueAt, type Column } from '../arrow/column-ops.js';
import { physicalColumns, type ColumnDef, type SchemaVersion, type TableRecord } from './table-record.js';

export type ColumnSource =
  | { readonly kind: 'copy'; readonly colId: number; readonly from: StoredType; readonly to: StoredType }
  | { readonly kind: 'default'; readonly value: Scalar; readonly to: StoredType };

/** May a column of type `from` be widened to `to` without losing values' meaning? */
export function canWiden(from: StoredType, to: StoredType): boolean {
  if (from === to || to === 'utf8') return true;
  return (from === 'int64' && to === 'float64') || (from === 'date' && to === 'timestamp') || (from === 'bool' && to === 'int64');
}

const NS_PER_DAY = 86_400_000_000_000n;

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

function timestampText(ns: bigint): string {
  const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
  const frac = ns - ms * 1_000_000n;
  const d = new Date(Number(ms));
  return `${d.toISOString().slice(0, 19)}.${pad(Number(ms % 1000n < 0n ? ms % 1000n + 1000n : ms % 1000n), 3)}${pad(frac, 6)}`;
}

export function castScalar(v: Scalar, from: StoredType, to: StoredType): Scalar {
  if (v === null || from === to) return v;
  switch (to) {
    case 'float64':
      return Number(v as bigint);
    case 'timestamp':
      return BigInt(v as number) * NS_PER_DAY;
    case 'int64':
      return v === true ? 1n : 0n;
    case 'utf8':
      switch (from) {
        case 'bool':
        case 'int64':
        case 'float64':
          return String(v);
        case 'binary':
          return Buffer.from(v as Uint8Array).toString('hex');
        case 'date':
          return new Date((v as number) * 86_400_000).toISOString().slice(0, 10);
        case 'timestamp':
          return timestampText(v as bigint);
        case 'utf8':
          return v;
        default:
          return assertNever(from, 'stored type');
      }
    case 'bool':
    case 'binary':
    case 'date':
      return v;
    default:
      return assertNever(to, 'stored type');
  }
}

export function castColumn(col: Column, from: StoredType, to: StoredType): Column {
  if (from === to) return col;
  const values: Scalar[] = new Array(col.length);
  for (let i = 0; i < col.length; i++) values[i] = castScalar(valueAt(from, col, i), from, to);
  return columnFromValues(to, values);
}

/** For each target column, where its values come from in data written under `old`. */
export function migrationFrom(rec: TableRecord, old: SchemaVersion, target: readonly ColumnDef[]): ColumnSource[] {
  const oldCols = physicalColumns(rec, old);
  return target.map((t): ColumnSource => {
    const o = oldCols.find((c) => c.colId === t.colId);
    if (o === undefined) return { kind: 'default', value: rec.defaults[t.colId] ?? null, to: t.type };
    return { kind: 'copy', colId: o.colId, from: o.type, to: t.type };
  });
}
