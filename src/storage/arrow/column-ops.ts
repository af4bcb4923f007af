/**
 * Columnar kernels on Arrow `Data` of the stored types: build a column from JS
 * scalars, read one value, a constant column, gather runs of rows from several
 * columns into one (the merge and compaction path), take rows by index (the
 * sort path), and widening casts. All work on whole typed arrays; no per-row
 * JS objects except where JS scalars are the input or output.
 */
import { makeData, type Data } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import { assertNever, invariant } from '../../errors/pyralog-error.js';
import { arrowTypeOf, type StoredType } from './arrow-types.js';
import { decodeUtf8 } from '../codec/utf8-text.js';
import { compareByteRanges } from '../../util/bytes.js';

export { decodeUtf8 };

const encoder = new TextEncoder();

export type Column = Data;

/** A run of `length` rows of source `source` starting at row `start`. */
export interface Run {
  source: number;
  start: number;
  length: number;
}

function bitmap(length: number): Uint8Array {
  return new Uint8Array(((length + 63) >>> 6) << 3);
}

function getBit(bits: Uint8Array, i: number): boolean {
  return ((bits[i >>> 3]! >>> (i & 7)) & 1) === 1;
}

function setBit(bits: Uint8Array, i: number): void {
  bits[i >>> 3] = bits[i >>> 3]! | (1 << (i & 7));
}

export function isValid(col: Column, i: number): boolean {
  const nb = col.nullBitmap as Uint8Array | undefined;
  if (col.nullCount === 0 || nb === undefined || nb.length === 0) return true;
  return getBit(nb, col.offset + i);
}

function make(type: StoredType, length: number, nullCount: number, nullBitmap: Uint8Array | undefined, data: unknown, valueOffsets?: Int32Array): Column {
  const props: Record<string, unknown> = { type: arrowTypeOf(type), length, nullCount, data };
  if (nullCount > 0 && nullBitmap) props['nullBitmap'] = nullBitmap;
  if (valueOffsets) props['valueOffsets'] = valueOffsets;
  return makeData(props as never) as Column;
}

/** A column of the given type built from JS scalars (null = NULL). */
export function columnFromValues(type: StoredType, values: readonly Scalar[]): Column {
  const n = values.length;
  const valid = bitmap(n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === null || values[i] === undefined) nulls++;
    else setBit(valid, i);
  }
  switch (type) {
    case 'bool': {
      const bits = bitmap(n);
      for (let i = 0; i < n; i++) if (values[i] === true) setBit(bits, i);
      return make(type, n, nulls, valid, bits);
    }
    case 'int64':
    case 'timestamp': {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) a[i] = v as bigint;
      }
      return make(type, n, nulls, valid, a);
    }
    case 'float64': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) a[i] = v as number;
      }
      return make(type, n, nulls, valid, a);
    }
    case 'date': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) a[i] = v as number;
      }
      return make(type, n, nulls, valid, a);
    }
    case 'utf8':
    case 'binary': {
      const parts: Uint8Array[] = new Array(n);
      const offsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const bytes = v === null || v === undefined ? new Uint8Array(0) : type === 'utf8' ? encoder.encode(v as string) : (v as Uint8Array);
        parts[i] = bytes;
        total += bytes.length;
        offsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      for (let i = 0; i < n; i++) data.set(parts[i]!, offsets[i]!);
      return make(type, n, nulls, valid, data, offsets);
    }
    default:
      return assertNever(type, 'stored type');
  }
}

/** The JS scalar at row i. */
export function valueAt(type: StoredType, col: Column, i: number): Scalar {
  if (!isValid(col, i)) return null;
  switch (type) {
    case 'bool':
      return getBit(col.values as Uint8Array, col.offset + i);
    case 'int64':
    case 'timestamp':
      return (col.values as BigInt64Array)[i]!;
    case 'float64':
      return (col.values as Float64Array)[i]!;
    case 'date':
      return (col.values as Int32Array)[i]!;
    case 'utf8':
    case 'binary': {
      const off = col.valueOffsets as Int32Array;
      if (type === 'utf8') return decodeUtf8(col.values as Uint8Array, off[i]!, off[i + 1]!);
      return (col.values as Uint8Array).slice(off[i]!, off[i + 1]!);
    }
    default:
      return assertNever(type, 'stored type');
  }
}

/**
 * A reader of one column's values by row, specialized once for the column's
 * type and nulls (same results as valueAt); for repeated point reads.
 */
export function valueReader(type: StoredType, col: Column): (i: number) => Scalar {
  const nb = col.nullBitmap as Uint8Array | undefined;
  const base = col.offset;
  const read = plainReader(type, col);
  if (col.nullCount === 0 || nb === undefined || nb.length === 0) return read;
  return (i) => (getBit(nb, base + i) ? read(i) : null);
}

function plainReader(type: StoredType, col: Column): (i: number) => Scalar {
  switch (type) {
    case 'bool': {
      const bits = col.values as Uint8Array;
      const base = col.offset;
      return (i) => getBit(bits, base + i);
    }
    case 'int64':
    case 'timestamp': {
      const v = col.values as BigInt64Array;
      return (i) => v[i]!;
    }
    case 'float64': {
      const v = col.values as Float64Array;
      return (i) => v[i]!;
    }
    case 'date': {
      const v = col.values as Int32Array;
      return (i) => v[i]!;
    }
    case 'utf8': {
      const off = col.valueOffsets as Int32Array;
      const d = col.values as Uint8Array;
      return (i) => decodeUtf8(d, off[i]!, off[i + 1]!);
    }
    case 'binary': {
      const off = col.valueOffsets as Int32Array;
      const d = col.values as Uint8Array;
      return (i) => d.slice(off[i]!, off[i + 1]!);
    }
    default:
      return assertNever(type, 'stored type');
  }
}

export function constantColumn(type: StoredType, value: Scalar, length: number): Column {
  return columnFromValues(type, new Array<Scalar>(length).fill(value));
}

/** Concatenates runs of rows taken from `sources` (all of `type`, unsliced) into one column. */
export function gatherRuns(type: StoredType, sources: readonly Column[], runs: readonly Run[]): Column {
  let n = 0;
  for (const r of runs) n += r.length;
  for (const s of sources) invariant(s.offset === 0, 'gatherRuns needs unsliced columns');
  const anyNulls = sources.some((s) => s.nullCount > 0);
  const valid = anyNulls ? bitmap(n) : new Uint8Array(0);
  let nulls = 0;
  let at = 0;
  for (const r of runs) {
    if (!anyNulls) break;
    const s = sources[r.source]!;
    const nb = s.nullBitmap as Uint8Array | undefined;
    if (s.nullCount === 0 || !nb || nb.length === 0) {
      for (let i = 0; i < r.length; i++) setBit(valid, at + i);
    } else {
      for (let i = 0; i < r.length; i++) {
        if (getBit(nb, r.start + i)) setBit(valid, at + i);
        else nulls++;
      }
    }
    at += r.length;
  }
  switch (type) {
    case 'bool': {
      const bits = bitmap(n);
      at = 0;
      for (const r of runs) {
        const src = sources[r.source]!.values as Uint8Array;
        for (let i = 0; i < r.length; i++) if (getBit(src, r.start + i)) setBit(bits, at + i);
        at += r.length;
      }
      return make(type, n, nulls, valid, bits);
    }
    case 'int64':
    case 'timestamp':
    case 'float64':
    case 'date': {
      const out = type === 'float64' ? new Float64Array(n) : type === 'date' ? new Int32Array(n) : new BigInt64Array(n);
      at = 0;
      for (const r of runs) {
        const src = sources[r.source]!.values as typeof out;
        (out as Int32Array).set((src as Int32Array).subarray(r.start, r.start + r.length), at);
        at += r.length;
      }
      return make(type, n, nulls, valid, out);
    }
    case 'utf8':
    case 'binary': {
      let bytes = 0;
      for (const r of runs) {
        const off = sources[r.source]!.valueOffsets as Int32Array;
        bytes += off[r.start + r.length]! - off[r.start]!;
      }
      const data = new Uint8Array(bytes);
      const offsets = new Int32Array(n + 1);
      at = 0;
      let pos = 0;
      for (const r of runs) {
        const s = sources[r.source]!;
        const off = s.valueOffsets as Int32Array;
        const base = off[r.start]!;
        const end = off[r.start + r.length]!;
        data.set((s.values as Uint8Array).subarray(base, end), pos);
        for (let i = 1; i <= r.length; i++) offsets[at + i] = pos + off[r.start + i]! - base;
        pos += end - base;
        at += r.length;
      }
      return make(type, n, nulls, valid, data, offsets);
    }
    default:
      return assertNever(type, 'stored type');
  }
}

/** The rows at `indices` of one unsliced column, in that order. */
export function takeRows(type: StoredType, col: Column, indices: Int32Array): Column {
  const runs: Run[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) runs[i] = { source: 0, start: indices[i]!, length: 1 };
  return gatherRuns(type, [col], runs);
}

/** Min, max in the value order (NULLs ignored; NaN is the max of a float64 column holding one) and null count of a column. */
export function zoneOf(type: StoredType, col: Column): { min: Scalar; max: Scalar; nullCount: number } {
  let min: Scalar = null;
  let max: Scalar = null;
  const n = col.length;
  const allValid = col.nullCount === 0;
  switch (type) {
    case 'int64':
    case 'timestamp': {
      // Compare through 32-bit halves (signed high word, unsigned low word): no BigInt per row.
      const a = col.values as BigInt64Array;
      const w = new Int32Array(a.buffer, a.byteOffset, a.length * 2);
      let lo = -1;
      let hi = -1;
      for (let i = 0; i < n; i++) {
        if (!allValid && !isValid(col, i)) continue;
        if (lo < 0) {
          lo = hi = i;
          continue;
        }
        const vh = w[2 * i + 1]!;
        const vl = w[2 * i]! >>> 0;
        const lh = w[2 * lo + 1]!;
        if (vh < lh || (vh === lh && vl < w[2 * lo]! >>> 0)) lo = i;
        else {
          const hh = w[2 * hi + 1]!;
          if (vh > hh || (vh === hh && vl > w[2 * hi]! >>> 0)) hi = i;
        }
      }
      if (lo >= 0) [min, max] = [a[lo]!, a[hi]!];
      break;
    }
    case 'float64':
    case 'date': {
      // In the value order (types/value-order.ts) NaN is above every number: it is the max when present.
      const a = col.values as Float64Array | Int32Array;
      let lo = Infinity;
      let hi = -Infinity;
      let nan = false;
      for (let i = 0; i < n; i++) {
        if (!allValid && !isValid(col, i)) continue;
        const v = a[i]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (v !== v) nan = true;
      }
      if (lo <= hi) [min, max] = [lo, nan ? NaN : hi];
      else if (nan) [min, max] = [NaN, NaN];
      break;
    }
    case 'bool': {
      let sawTrue = false;
      let sawFalse = false;
      for (let i = 0; i < n; i++) {
        if (!allValid && !isValid(col, i)) continue;
        if (getBit(col.values as Uint8Array, col.offset + i)) sawTrue = true;
        else sawFalse = true;
      }
      if (sawTrue || sawFalse) [min, max] = [!sawFalse, sawTrue];
      break;
    }
    case 'utf8':
    case 'binary': {
      // Compare bytes in place (UTF-8 byte order = code point order); decode only the winners.
      const off = col.valueOffsets as Int32Array;
      const data = col.values as Uint8Array;
      let lo = -1;
      let hi = -1;
      let loS = 0;
      let loE = 0;
      let hiS = 0;
      let hiE = 0;
      for (let i = 0; i < n; i++) {
        if (!allValid && !isValid(col, i)) continue;
        const s = off[i]!;
        const e = off[i + 1]!;
        if (lo < 0) {
          lo = hi = i;
          loS = hiS = s;
          loE = hiE = e;
          continue;
        }
        // Most rows differ from the current min and max within the first bytes.
        if (e > s && loE > loS && data[s]! > data[loS]! && hiE > hiS && data[s]! < data[hiS]!) continue;
        if (compareByteRanges(data, s, e, data, loS, loE) < 0) {
          lo = i;
          loS = s;
          loE = e;
        } else if (compareByteRanges(data, s, e, data, hiS, hiE) > 0) {
          hi = i;
          hiS = s;
          hiE = e;
        }
      }
      if (lo >= 0) [min, max] = [valueAt(type, col, lo), valueAt(type, col, hi)];
      break;
    }
    default:
      assertNever(type, 'stored type');
  }
  return { min, max, nullCount: col.nullCount };
}

/** A column without NULLs over existing buffers (values; plus offsets for utf8/binary). */
export function columnFromBuffers(type: StoredType, length: number, values: BigInt64Array | Float64Array | Int32Array | Uint8Array, valueOffsets?: Int32Array): Column {
  return make(type, length, 0, undefined, values, valueOffsets);
}
