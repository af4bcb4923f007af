/**
 * The executor's in-memory column: one typed array (or JS array for strings,
 * binaries and intervals) plus an optional validity byte map. Every operator
 * and compiled expression works on these; Arrow vectors are only built at the
 * edges (scan input, query output). Also the basic column algebra: build from
 * scalars, read a scalar, gather by indices (with -1 meaning NULL), concat.
 */
import type { DataType, Interval, Scalar } from '../../types/data-type.js';
import { assertNever, invariant } from '../../errors/pyralog-error.js';
import { allocBytes, allocF64, allocI32, allocI64 } from './buffers.js';

/** Physical storage per DataType: bool -> 0/1 bytes, int64/timestamp -> BigInt64Array, date -> Int32Array. */
export type ColumnValues =
  | Uint8Array
  | BigInt64Array
  | Float64Array
  | Int32Array
  | string[]
  | Uint8Array[]
  | Interval[];

export interface Column {
  readonly type: DataType;
  readonly length: number;
  readonly values: ColumnValues;
  /** 1 = value present, 0 = NULL; `null` = every row present. */
  readonly valid: Uint8Array | null;
}

const ZERO_INTERVAL: Interval = { months: 0, nanos: 0n };

/** A fresh values array of `length` zero/empty entries for `type`. */
export function allocValues(type: DataType, length: number): ColumnValues {
  switch (type) {
    case 'null':
    case 'bool':
      return allocBytes(length);
    case 'int64':
    case 'timestamp':
      return allocI64(length);
    case 'float64':
      return allocF64(length);
    case 'date':
      return allocI32(length);
    case 'utf8':
      return new Array<string>(length).fill('');
    case 'binary':
      return new Array<Uint8Array>(length).fill(EMPTY_BYTES);
    case 'interval':
      return new Array<Interval>(length).fill(ZERO_INTERVAL);
    default:
      return assertNever(type, 'data type');
  }
}

const EMPTY_BYTES = new Uint8Array(0);

export function makeColumn(type: DataType, values: ColumnValues, valid: Uint8Array | null, length = values.length): Column {
  return { type, length, values, valid: type === 'null' ? (valid ?? new Uint8Array(length)) : valid };
}

/** The JS scalar at physical row `i` (null when invalid). */
export function getScalar(col: Column, i: number): Scalar {
  if (col.valid !== null && col.valid[i] === 0) return null;
  switch (col.type) {
    case 'null':
      return null;
    case 'bool':
      return (col.values as Uint8Array)[i] === 1;
    case 'int64':
    case 'timestamp':
      return (col.values as BigInt64Array)[i] ?? null;
    case 'float64':
      return (col.values as Float64Array)[i] ?? null;
    case 'date':
      return (col.values as Int32Array)[i] ?? null;
    case 'utf8':
      return (col.values as string[])[i] ?? null;
    case 'binary':
      return (col.values as Uint8Array[])[i] ?? null;
    case 'interval':
      return (col.values as Interval[])[i] ?? null;
    default:
      return assertNever(col.type, 'data type');
  }
}

/** Writes a JS scalar into `values[i]` (the scalar must not be null). */
export function setValue(type: DataType, values: ColumnValues, i: number, v: Scalar): void {
  switch (type) {
    case 'null':
      return;
    case 'bool':
      (values as Uint8Array)[i] = v === true ? 1 : 0;
      return;
    case 'int64':
    case 'timestamp':
      (values as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
      return;
    case 'float64':
      (values as Float64Array)[i] = Number(v);
      return;
    case 'date':
      (values as Int32Array)[i] = Number(v);
      return;
    case 'utf8':
      (values as string[])[i] = String(v);
      return;
    case 'binary':
      (values as Uint8Array[])[i] = v as Uint8Array;
      return;
    case 'interval':
      (values as Interval[])[i] = v as Interval;
      return;
    default:
      return assertNever(type, 'data type');
  }
}

/** A column of `type` from JS scalars (null entries become NULL). */
export function columnFromScalars(type: DataType, scalars: readonly Scalar[]): Column {
  const n = scalars.length;
  const values = allocValues(type, n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = scalars[i];
    if (v === null || v === undefined) {
      if (valid === null) valid = new Uint8Array(n).fill(1);
      valid[i] = 0;
    } else setValue(type, values, i, v);
  }
  return makeColumn(type, values, type === 'null' ? new Uint8Array(n) : valid, n);
}

/** A column repeating one scalar `length` times. */
export function constColumn(type: DataType, value: Scalar, length: number): Column {
  const values = allocValues(type, length);
  if (value === null) return makeColumn(type, values, new Uint8Array(length), length);
  switch (type) {
    case 'bool':
      (values as Uint8Array).fill(value === true ? 1 : 0);
      break;
    case 'int64':
    case 'timestamp':
      (values as BigInt64Array).fill(typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value))));
      break;
    case 'float64':
      (values as Float64Array).fill(Number(value));
      break;
    case 'date':
      (values as Int32Array).fill(Number(value));
      break;
    case 'utf8':
      (values as string[]).fill(String(value));
      break;
    case 'binary':
      (values as Uint8Array[]).fill(value as Uint8Array);
      break;
    case 'interval':
      (values as Interval[]).fill(value as Interval);
      break;
    case 'null':
      break;
    default:
      assertNever(type, 'data type');
  }
  return makeColumn(type, values, null, length);
}

/** An all-NULL column. */
export function nullColumn(type: DataType, length: number): Column {
  return makeColumn(type, allocValues(type, length), new Uint8Array(length), length);
}

/** New column with rows `idx[k]` of `col`; an index of -1 yields NULL (outer-join padding). */
export function gather(col: Column, idx: Int32Array | readonly number[], count = idx.length): Column {
  const n = count;
  const values = allocValues(col.type, n);
  const src = col.values;
  const srcValid = col.valid;
  let valid: Uint8Array | null = null;
  let hasNeg = false;
  for (let k = 0; k < n; k++) if ((idx[k] as number) < 0) { hasNeg = true; break; }
  if (srcValid !== null || hasNeg) {
    valid = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = idx[k] as number;
      valid[k] = i < 0 ? 0 : srcValid === null ? 1 : (srcValid[i] as number);
    }
  }
  if (col.type !== 'null') {
    if (hasNeg) gatherPadded(values as unknown as unknown[], src as unknown as unknown[], idx, n);
    else if (src instanceof BigInt64Array) gatherI64(values as BigInt64Array, src, idx, n);
    else if (src instanceof Float64Array) gatherF64(values as Float64Array, src, idx, n);
    else if (src instanceof Int32Array) gatherI32(values as Int32Array, src, idx, n);
    else if (src instanceof Uint8Array) gatherU8(values as Uint8Array, src, idx, n);
    else gatherObjects(values as unknown[], src as unknown[], idx, n);
  }
  return makeColumn(col.type, values, valid, n);
}

// One monomorphic loop per array kind (a shared loop over every kind would be megamorphic and slow).
type Indices = Int32Array | readonly number[];

function gatherI64(dst: BigInt64Array, src: BigInt64Array, idx: Indices, n: number): void {
  // copy int64 as two int32 halves: no BigInt allocation per row
  const s32 = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
  const d32 = new Int32Array(dst.buffer, dst.byteOffset, n * 2);
  for (let k = 0; k < n; k++) {
    const i = (idx[k] as number) * 2;
    d32[2 * k] = s32[i] as number;
    d32[2 * k + 1] = s32[i + 1] as number;
  }
}

function gatherF64(dst: Float64Array, src: Float64Array, idx: Indices, n: number): void {
  for (let k = 0; k < n; k++) dst[k] = src[idx[k] as number] as number;
}

function gatherI32(dst: Int32Array, src: Int32Array, idx: Indices, n: number): void {
  for (let k = 0; k < n; k++) dst[k] = src[idx[k] as number] as number;
}

function gatherU8(dst: Uint8Array, src: Uint8Array, idx: Indices, n: number): void {
  for (let k = 0; k < n; k++) dst[k] = src[idx[k] as number] as number;
}

function gatherObjects(dst: unknown[], src: unknown[], idx: Indices, n: number): void {
  for (let k = 0; k < n; k++) dst[k] = src[idx[k] as number];
}

function gatherPadded(dst: unknown[], src: unknown[], idx: Indices, n: number): void {
  for (let k = 0; k < n; k++) {
    const i = idx[k] as number;
    if (i >= 0) dst[k] = src[i];
  }
}

/** Concatenates columns of one type. */
export function concatColumns(type: DataType, cols: readonly Column[]): Column {
  if (cols.length === 1) return cols[0] as Column;
  let n = 0;
  let anyNull = false;
  for (const c of cols) {
    n += c.length;
    if (c.valid !== null) anyNull = true;
  }
  const values = allocValues(type, n);
  const valid = anyNull ? new Uint8Array(n) : null;
  let off = 0;
  for (const c of cols) {
    invariant(c.type === type || c.type === 'null', `concat of ${c.type} into ${type}`);
    if (c.type !== 'null') {
      const src = c.values;
      if (ArrayBuffer.isView(src) && ArrayBuffer.isView(values)) {
        (values as Uint8Array).set(src.subarray(0, c.length) as Uint8Array, off);
      } else {
        const d = values as unknown[];
        const s = src as unknown[];
        for (let i = 0; i < c.length; i++) d[off + i] = s[i];
      }
    }
    if (valid !== null) {
      if (c.valid === null) valid.fill(1, off, off + c.length);
      else valid.set(c.valid.subarray(0, c.length), off);
    }
    off += c.length;
  }
  return makeColumn(type, values, valid, n);
}

/** A column with `type` relabelled (e.g. a 'null'-typed literal flowing into an int64 slot). */
export function retype(col: Column, type: DataType): Column {
  if (col.type === type) return col;
  if (col.type === 'null') return nullColumn(type, col.length);
  invariant(false, `cannot retype ${col.type} column as ${type}`);
}

/** True when row `i` is not NULL. */
export function isValid(col: Column, i: number): boolean {
  return col.valid === null || col.valid[i] === 1;
}
