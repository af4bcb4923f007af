/**
 * Columnar builders that turn the text cells of one CSV column into an Arrow
 * `Data` of its inferred type, one batch at a time: validity bitmap plus
 * typed buffers filled in place (int64 cells that fit in a double are written
 * as two 32-bit halves, avoiding a BigInt per cell; strings are UTF-8 encoded
 * straight into one growing buffer). A cell that does not parse is reported
 * with CSV_BAD_VALUE (inference has already checked every cell, so this only
 * guards against a file changed between the two passes).
 */
import { Bool, DateDay, Float64, Int64, TimestampNanosecond, Utf8, makeData, type Data, type DataType as ArrowDataType } from 'apache-arrow';
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import type { CsvPosition } from './csv-parser.js';
import { assertNever } from '../../errors/pyralog-error.js';
import type { CsvColumnType } from './column-inference.js';
import { isoDateDays, isoTimestampNs } from '../../types/timestamp-format.js';
import { parseBoolText } from './value-syntax.js';

export interface ColumnBuilder {
  readonly arrowType: ArrowDataType;
  /** Appends one cell (null = NULL) at row `row` of the current batch. */
  set(row: number, value: string | null, position: CsvPosition, field: number): void;
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

function badValue(name: string, type: string, value: string, span: SourceSpan): PyralogError {
  return new PyralogError('CSV_BAD_VALUE', `value ${JSON.stringify(value)} in column "${name}" is not a valid ${type}`, {
    phase: 'import',
    spans: [span],
  });
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
  set(row: number, value: string | null, position: CsvPosition, field: number): void {
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    if (LITTLE_ENDIAN && value.length <= 15) {
      const n = Number(value);
      if (Number.isInteger(n)) {
        this.halves[row * 2] = n >>> 0;
        this.halves[row * 2 + 1] = Math.floor(n / TWO_32) >>> 0;
        return;
      }
    }
    try {
      this.values[row] = BigInt(value);
    } catch {
      throw badValue(this.name, 'int64', value, position.span(field));
    }
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
  set(row: number, value: string | null, position: CsvPosition, field: number): void {
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    const n = Number(value);
    if (Number.isNaN(n) || value.trim() === '') throw badValue(this.name, 'float64', value, position.span(field));
    this.values[row] = n;
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
  set(row: number, value: string | null, position: CsvPosition, field: number): void {
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    const b = parseBoolText(value, true);
    if (b === undefined) throw badValue(this.name, 'bool', value, position.span(field));
    if (b) this.values[row >> 3]! |= 1 << (row & 7);
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
  set(row: number, value: string | null, position: CsvPosition, field: number): void {
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    const ns = isoTimestampNs(value);
    if (ns === undefined) throw badValue(this.name, 'timestamp', value, position.span(field));
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
  set(row: number, value: string | null, position: CsvPosition, field: number): void {
    if (value === null) {
      this.validity.setNull(row);
      return;
    }
    const days = isoDateDays(value);
    if (days === undefined) throw badValue(this.name, 'date', value, position.span(field));
    this.values[row] = days;
  }
  finish(length: number): Data {
    const data = makeData({ type: this.arrowType, length, data: this.values.subarray(0, length), ...this.validity.take() });
    this.values = new Int32Array(this.capacity);
    return data;
  }
}

const encoder = new TextEncoder();

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
  set(row: number, value: string | null): void {
    if (value !== null) {
      // UTF-8 needs at most 3 bytes per UTF-16 unit.
      const need = this.used + value.length * 3;
      if (need > this.bytes.length) {
        const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
        grown.set(this.bytes.subarray(0, this.used));
        this.bytes = grown;
      }
      this.used += encoder.encodeInto(value, this.bytes.subarray(this.used)).written;
    } else {
      this.validity.setNull(row);
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
