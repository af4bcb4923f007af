/**
 * Row objects to Arrow columns for the bulk write path, in one row-major pass
 * with no per-value allocation: each value goes straight into its column's
 * typed array (int64 as BigInt64Array, text as one growing byte buffer plus
 * offsets), checked with the same rules as validate-row.ts. Keys are read by
 * for-in (V8's enum cache), and rows sharing the first row's key order skip
 * the name lookup. Anything the fast checks do not accept (a type mismatch, a
 * NULL where none may be, an unknown column, a hidden row id given) makes the
 * conversion answer `null`: the caller then takes the row-at-a-time path,
 * whose checks raise the exact coded error of the first bad row.
 */
import { makeData } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { Row } from '../api.js';
import { arrowTypeOf, type StoredType } from '../arrow/arrow-types.js';
import type { Column } from '../arrow/column-ops.js';
import { physicalColumns, type ColumnDef, type TableRecord } from '../catalog/table-record.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const encoder = new TextEncoder();

/** One column being filled: values by row, validity bits (Arrow order), NULL count. */
class Builder {
  readonly valid: Uint8Array;
  nulls = 0;
  i64: BigInt64Array | undefined;
  f64: Float64Array | undefined;
  i32: Int32Array | undefined;
  bits: Uint8Array | undefined;
  bytes: Uint8Array | undefined;
  offsets: Int32Array | undefined;
  pos = 0;
  parts: Uint8Array[] | undefined;

  constructor(
    readonly type: StoredType,
    readonly n: number,
    readonly fallback: Scalar,
    /** NULL is refused (key or NOT NULL column). */
    readonly notNull: boolean,
  ) {
    this.valid = bitmap(n);
    switch (type) {
      case 'int64':
      case 'timestamp':
        this.i64 = new BigInt64Array(n);
        break;
      case 'float64':
        this.f64 = new Float64Array(n);
        break;
      case 'date':
        this.i32 = new Int32Array(n);
        break;
      case 'bool':
        this.bits = bitmap(n);
        break;
      case 'utf8':
        this.bytes = new Uint8Array(Math.max(64, n * 8));
        this.offsets = new Int32Array(n + 1);
        break;
      case 'binary':
        this.parts = new Array<Uint8Array>(n);
        this.offsets = new Int32Array(n + 1);
        break;
    }
  }

  /** Stores row i's value; false when the row path must judge it. */
  set(i: number, v: unknown): boolean {
    if (v === undefined) v = this.fallback;
    if (v === null) {
      if (this.notNull) return false;
      this.nulls++;
      if (this.offsets !== undefined) this.offsets[i + 1] = this.offsets[i]!;
      return true;
    }
    switch (this.type) {
      case 'int64':
      case 'timestamp':
        if (typeof v === 'bigint') {
          if (v < INT64_MIN || v > INT64_MAX) return false;
          this.i64![i] = v;
        } else if (typeof v === 'number' && Number.isSafeInteger(v)) this.i64![i] = BigInt(v);
        else return false;
        break;
      case 'float64':
        if (typeof v !== 'number') return false;
        this.f64![i] = v;
        break;
      case 'date':
        if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) >= 2 ** 31) return false;
        this.i32![i] = v;
        break;
      case 'bool':
        if (typeof v !== 'boolean') return false;
        if (v) this.bits![i >>> 3]! |= 1 << (i & 7);
        break;
      case 'utf8':
        if (typeof v !== 'string') return false;
        this.addText(i, v);
        break;
      case 'binary':
        if (!(v instanceof Uint8Array)) return false;
        this.parts![i] = v;
        this.offsets![i + 1] = this.offsets![i]! + v.length;
        break;
    }
    this.valid[i >>> 3]! |= 1 << (i & 7);
    return true;
  }

  private addText(i: number, s: string): void {
    let data = this.bytes!;
    const need = this.pos + s.length * 3;
    if (need > data.length) {
      const grown = new Uint8Array(Math.max(need, data.length * 2));
      grown.set(data.subarray(0, this.pos));
      this.bytes = data = grown;
    }
    const at = this.pos;
    let ascii = true;
    for (let j = 0; j < s.length; j++) {
      const u = s.charCodeAt(j);
      if (u >= 0x80) {
        ascii = false;
        break;
      }
      data[at + j] = u;
    }
    this.pos = at + (ascii ? s.length : encoder.encodeInto(s, data.subarray(at)).written);
    this.offsets![i + 1] = this.pos;
  }

  finish(): Column {
    let data: Uint8Array | BigInt64Array | Float64Array | Int32Array;
    if (this.i64) data = this.i64;
    else if (this.f64) data = this.f64;
    else if (this.i32) data = this.i32;
    else if (this.bits) data = this.bits;
    else if (this.bytes) data = this.bytes.slice(0, this.pos);
    else {
      const offsets = this.offsets!;
      data = new Uint8Array(offsets[this.n]!);
      for (let i = 0; i < this.n; i++) {
        const p = this.parts![i];
        if (p !== undefined) data.set(p, offsets[i]!);
      }
    }
    const props: Record<string, unknown> = { type: arrowTypeOf(this.type), length: this.n, nullCount: this.nulls, data };
    if (this.nulls > 0) props['nullBitmap'] = this.valid;
    if (this.offsets !== undefined) props['valueOffsets'] = this.offsets;
    return makeData(props as never) as Column;
  }
}

function bitmap(n: number): Uint8Array {
  return new Uint8Array(((n + 63) >>> 6) << 3);
}

export interface RowColumns {
  readonly columns: readonly ColumnDef[];
  /** One Arrow column per physical column (the hidden row id column is left to the caller: null). */
  readonly data: (Column | null)[];
}

/**
 * The rows as columns in physical order, or null when any row needs the
 * row-at-a-time checks (which then report the precise error).
 */
export function rowsToColumns(rec: TableRecord, rows: readonly Row[]): RowColumns | null {
  const columns = physicalColumns(rec);
  const n = rows.length;
  if (n === 0) return null;
  const skip = rec.hiddenRowId ? 1 : 0;
  const keySet = new Set(rec.keyColIds);
  const index = new Map<string, number>();
  const builders: Builder[] = [];
  for (let j = skip; j < columns.length; j++) {
    const c = columns[j]!;
    index.set(c.name, j - skip);
    // A column left out takes the default it was added with (NULL when none).
    builders.push(new Builder(c.type, n, rec.defaults[c.colId] ?? null, keySet.has(c.colId) || !c.nullable));
  }
  const width = builders.length;
  // The first row's key order, as builder indexes.
  const order: string[] = [];
  const orderCol: number[] = [];
  for (const k in rows[0]) {
    const j = index.get(k);
    if (j === undefined) return null;
    order.push(k);
    orderCol.push(j);
  }
  const seen = new Int32Array(width).fill(-1);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as Record<string, unknown>;
    let p = 0;
    for (const k in row) {
      let j: number | undefined;
      if (k === order[p]) j = orderCol[p]!;
      else {
        j = index.get(k);
        if (j === undefined) return null;
      }
      if (!builders[j]!.set(i, row[k])) return null;
      seen[j] = i;
      p++;
    }
    if (p !== width) {
      for (let j = 0; j < width; j++) if (seen[j] !== i && !builders[j]!.set(i, undefined)) return null;
    }
  }
  const data: (Column | null)[] = new Array<Column | null>(columns.length).fill(null);
  for (let j = 0; j < width; j++) data[j + skip] = builders[j]!.finish();
  return { columns, data };
}
