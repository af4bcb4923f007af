/**
 * Columnar builders that turn the cells of one CSV column, read as bytes
 * (a ByteRecord of csv-byte-scanner.ts), into an Arrow `Data` of its type,
 * one batch at a time: validity bitmap plus typed buffers filled in place.
 * Numbers and booleans are parsed from the bytes (no string per cell; int64
 * cells of up to 15 digits are written as two 32-bit halves, avoiding a
 * BigInt); utf8 cells are copied as bytes into one growing buffer; only
 * timestamp and date cells are decoded to text first. A cell that does not
 * parse is CSV_BAD_VALUE, the error pass 1 raises for it (see
 * column-inference.ts), so a load that checks as it goes reports the same.
 */
import { Bool, DateDay, Float64, Int64, TimestampNanosecond, Utf8, makeData, type Data, type DataType as ArrowDataType } from 'apache-arrow';
import { assertNever } from '../../errors/pyralog-error.js';
import { badCsvValue, type CsvColumnType } from './column-inference.js';
import type { ByteRecord } from './csv-byte-record.js';
import { ESCAPED } from './csv-byte-record.js';
import { isLooseInt64Bytes, parseBigIntBytes, parseBoolBytes, parseFloatBytes, parseSmallIntBytes } from './byte-cells.js';
import { isoDateDays, isoTimestampNs } from '../../types/timestamp-format.js';

export interface ColumnBuilder {
  readonly arrowType: ArrowDataType;
  /** Appends field `field` of `record` (an empty unquoted field is NULL) at row `row` of the current batch. */
  set(row: number, record: ByteRecord, field: number): void;
  /** The Arrow data of rows 0..length-1; the builder then starts a fresh batch. */
  finish(length: number): Data;
}

export function createColumnBuilder(type: CsvColumnType, name: string, capacity: number): ColumnBuilder {
  switch (type) {
    case 'int64':
      return new Int64Builder(name, capacity);
    case 'float64':
      return new Float64Builder(name, capacity);
    case 'bool':
      return new BoolBuilder(name, capacity);
    case 'utf8':
      return new Utf8Builder(capacity);
    case 'timestamp':
      return new TimestampBuilder(name, capacity);
    case 'date':
      return new DateBuilder(name, capacity);
    default:
      return assertNever(type, 'CSV column type');
  }
}

function bad(name: string, type: CsvColumnType, record: ByteRecord, field: number): never {
  throw badCsvValue(name, type, record.text(field) ?? '', record.span(field));
}

/** A validity bitmap with a null count; allocated lazily at the first null. */
class Validity {
  bits: Uint8Array | undefined;
  nulls = 0;
  constructor(private capacity: number) {}
  setNull(row: number): void {
    if (this.bits === undefined) this.bits = new Uint8Array((this.capacity + 7) >> 3).fill(0xff);
    this.bits[row >> 3]! &= ~(1 << (row & 7));
    this.nulls++;
  }
  take(): { nullBitmap: Uint8Array | undefined; nullCount: number } {
    const out = { nullBitmap: this.bits, nullCount: this.nulls };
    this.bits = undefined;
    this.nulls = 0;
    return out;
  }
}

const MINUS = 45;
const ZERO = 48;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_32 = 4_294_967_296;

class Int64Builder implements ColumnBuilder {
  readonly arrowType = new Int64();
  private values: BigInt64Array;
  private halves: Uint32Array;
  private readonly validity: Validity;
  constructor(
    private readonly name: string,
    private readonly capacity: number,
  ) {
    this.values = new BigInt64Array(capacity);
    this.halves = new Uint32Array(this.values.buffer);
    this.validity = new Validity(capacity);
  }
  set(row: number, record: ByteRecord, field: number): void {
    const s = record.starts[field]!;
    const e = record.ends[field]!;
    const b = record.buf;
    if (s === e && record.isNull(field)) {
      this.validity.setNull(row);
      return;
    }
    // The common cell: optional '-', 1 to 15 digits; the value is exact in a double.
    let i = s;
    const negative = b[i] === MINUS;
    if (negative) i++;
    if (LITTLE_ENDIAN && e - i <= 15 && i < e && record.kinds[field] !== ESCAPED) {
      let v = 0;
      for (; i < e; i++) {
        const d = b[i]! - ZERO;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === e) {
        if (negative) v = -v;
        this.halves[row * 2] = v >>> 0;
        this.halves[row * 2 + 1] = Math.floor(v / TWO_32) >>> 0;
        return;
      }
    }
    if (record.kinds[field] === ESCAPED || !isLooseInt64Bytes(b, s, e)) bad(this.name, 'int64', record, field);
    const n = LITTLE_ENDIAN ? parseSmallIntBytes(b, s, e) : undefined;
    if (n !== undefined) {
      this.halves[row * 2] = n >>> 0;
      this.halves[row * 2 + 1] = Math.floor(n / TWO_32) >>> 0;
      return;
    }
    this.values[row] = parseBigIntBytes(b, s, e);
  }
  finish(length: number): Data {
    const data = makeData({ type: this.arrowType, length, data: this.values.subarray(0, length), ...this.validity.take() });
    this.values = new BigInt64Array(this.capacity);
    this.halves = new Uint32Array(this.values.buffer);
    return data;
  }
}

class Float64Builder implements ColumnBuilder {
  readonly arrowType = new Float64();
  private values: Float64Array;
  private readonly validity: Validity;
  constructor(
    private readonly name: string,
    private readonly capacity: number,
  ) {
    this.values = new Float64Array(capacity);
    this.validity = new Validity(capacity);
  }
  set(row: number, record: ByteRecord, field: number): void {
    const s = record.starts[field]!;
    const e = record.ends[field]!;
    const b = record.buf;
    if (s === e && record.isNull(field)) {
      this.validity.setNull(row);
      return;
    }
    const v = record.kinds[field] === ESCAPED ? undefined : parseFloatBytes(b, s, e);
    if (v === undefined) bad(this.name, 'float64', record, field);
    this.values[row] = v;
  }
  finish(length: number): Data {
    const data = makeData({ type: this.arrowType, length, data: this.values.subarray(0, length), ...this.validity.take() });
    this.values = new Float64Array(this.capacity);
    return data;
  }
}

class BoolBuilder implements ColumnBuilder {
  readonly arrowType = new Bool();
  private values: Uint8Array;
  private readonly validity: Validity;
  constructor(
    private readonly name: string,
    private readonly capacity: number,
  ) {
    this.values = new Uint8Array((capacity + 7) >> 3);
    this.validity = new Validity(capacity);
  }
  set(row: number, record: ByteRecord, field: number): void {
    if (record.isNull(field)) {
      this.validity.setNull(row);
      return;
    }
    const v = record.kinds[field] === ESCAPED ? -1 : parseBoolBytes(record.buf, record.starts[field]!, record.ends[field]!, true);
    if (v < 0) bad(this.name, 'bool', record, field);
    if (v === 1) this.values[row >> 3]! |= 1 << (row & 7);
  }
  finish(length: number): Data {
    const data = makeData({ type: this.arrowType, length, data: this.values.subarray(0, (length + 7) >> 3), ...this.validity.take() });
    this.values = new Uint8Array((this.capacity + 7) >> 3);
    return data;
  }
}

class TimestampBuilder implements ColumnBuilder {
  readonly arrowType = new TimestampNanosecond();
  private values: BigInt64Array;
  private readonly validity: Validity;
  constructor(
    private readonly name: string,
    private readonly capacity: number,
  ) {
    this.values = new BigInt64Array(capacity);
    this.validity = new Validity(capacity);
  }
  set(row: number, record: ByteRecord, field: number): void {
    const value = record.text(field);
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    const ns = isoTimestampNs(value);
    if (ns === undefined) bad(this.name, 'timestamp', record, field);
    this.values[row] = ns;
  }
  finish(length: number): Data {
    const data = makeData({ type: this.arrowType, length, data: this.values.subarray(0, length), ...this.validity.take() });
    this.values = new BigInt64Array(this.capacity);
    return data;
  }
}

class DateBuilder implements ColumnBuilder {
  readonly arrowType = new DateDay();
  private values: Int32Array;
  private readonly validity: Validity;
  constructor(
    private readonly name: string,
    private readonly capacity: number,
  ) {
    this.values = new Int32Array(capacity);
    this.validity = new Validity(capacity);
  }
  set(row: number, record: ByteRecord, field: number): void {
    const value = record.text(field);
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    const days = isoDateDays(value);
    if (days === undefined) bad(this.name, 'date', record, field);
    this.values[row] = days;
  }
  finish(length: number): Data {
    const data = makeData({ type: this.arrowType, length, data: this.values.subarray(0, length), ...this.validity.take() });
    this.values = new Int32Array(this.capacity);
    return data;
  }
}

class Utf8Builder implements ColumnBuilder {
  readonly arrowType = new Utf8();
  private offsets: Int32Array;
  private bytes: Uint8Array;
  private used = 0;
  private readonly validity: Validity;
  constructor(private readonly capacity: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.bytes = new Uint8Array(capacity * 16);
    this.validity = new Validity(capacity);
  }
  set(row: number, record: ByteRecord, field: number): void {
    if (record.isNull(field)) {
      this.validity.setNull(row);
    } else {
      const need = this.used + record.ends[field]! - record.starts[field]!;
      if (need > this.bytes.length) {
        const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
        grown.set(this.bytes.subarray(0, this.used));
        this.bytes = grown;
      }
      this.used += record.copyInto(field, this.bytes, this.used);
    }
    this.offsets[row + 1] = this.used;
  }
  finish(length: number): Data {
    const data = makeData({
      type: this.arrowType,
      length,
      valueOffsets: this.offsets.subarray(0, length + 1),
      data: this.bytes.slice(0, this.used),
      ...this.validity.take(),
    });
    this.offsets = new Int32Array(this.capacity + 1);
    this.bytes = new Uint8Array(Math.max(this.capacity * 16, this.used));
    this.used = 0;
    return data;
  }
}
