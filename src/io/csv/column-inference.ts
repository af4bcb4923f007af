/**
 * Type inference for one CSV column, fed every cell of the column. The type
 * is the narrowest that ALL non-null cells fit, tried in this order:
 * int64 (no leading zeros, within 64 bits) → float64 → bool (true/false) →
 * timestamp (ISO-8601, see timestamp-format.ts) → utf8. A column with no
 * non-null cell is utf8. When a type is forced, cells are checked against it
 * instead, and the first one that does not fit is reported (CSV_BAD_VALUE).
 */
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import type { DataType } from '../../types/data-type.js';
import { FLOAT_LITERAL, NOT_NUMBER, classifyNumber, fitsInt64, isBoolWord, isLooseFloatText, isLooseIntText, parseBoolText } from './value-syntax.js';
import { classifyNumberBytes, isLooseFloatBytes, isLooseInt64Bytes, parseBoolBytes } from './byte-cells.js';
import { ESCAPED, type ByteRecord } from './csv-byte-record.js';
import { isoDateDays, mergeShapes, scanIsoTimestamp, shapeOfCode, shapePattern, type ShapeCode, type TimestampShape } from '../../types/timestamp-format.js';

/** The types a CSV column can be imported as. */
export type CsvColumnType = Extract<DataType, 'int64' | 'float64' | 'bool' | 'timestamp' | 'date' | 'utf8'>;

export const CSV_COLUMN_TYPES: readonly CsvColumnType[] = ['int64', 'float64', 'bool', 'timestamp', 'date', 'utf8'];

/** Finds the source span of a cell (a CsvPosition is one). */
export interface CellLocator {
  span(field: number): SourceSpan;
}

export interface InferredColumn {
  readonly type: CsvColumnType;
  readonly nullCount: number;
  readonly valueCount: number;
  /** For timestamp (and date) columns: the `pyralog.tsformat` pattern of the text. */
  readonly tsformat?: string;
}

export class ColumnInference {
  private maybeInt = true;
  private maybeFloat = true;
  private maybeBool = true;
  private maybeTimestamp = true;
  private shape: TimestampShape | undefined;
  private shapeCode: ShapeCode = -1;
  private nulls = 0;
  private values = 0;

  constructor(
    readonly name: string,
    /** A type the user forced; cells are validated against it. */
    readonly forced?: CsvColumnType,
  ) {}

  /** Feeds one cell, field `field` of the record at `position` (used only to locate errors). */
  observe(value: string | null, position: CellLocator, field: number): void {
    if (value === null) {
      this.nulls++;
      return;
    }
    this.values++;
    if (this.forced !== undefined) {
      this.check(value, this.forced, position, field);
      return;
    }
    if (this.maybeInt || this.maybeFloat) {
      const k = classifyNumber(value);
      if (k === NOT_NUMBER) {
        this.maybeInt = false;
        this.maybeFloat = false;
      } else if (k === FLOAT_LITERAL) {
        this.maybeInt = false;
      }
      if (k !== NOT_NUMBER) {
        this.maybeBool = false;
        this.maybeTimestamp = false;
        return;
      }
    }
    if (this.maybeBool && !isBoolWord(value)) this.maybeBool = false;
    if (this.maybeTimestamp) this.observeTimestamp(value);
  }

  private observeTimestamp(value: string): boolean {
    const code = scanIsoTimestamp(value);
    if (code < 0) {
      this.maybeTimestamp = false;
      return false;
    }
    if (code !== this.shapeCode) {
      const shape = shapeOfCode(code);
      this.shape = this.shape === undefined ? shape : mergeShapes(this.shape, shape);
      this.shapeCode = code;
    }
    return true;
  }

  private check(value: string, type: CsvColumnType, position: CellLocator, field: number): void {
    let ok: boolean;
    switch (type) {
      case 'utf8':
        ok = true;
        break;
      case 'int64':
        ok = isLooseIntText(value) && fitsInt64(value);
        break;
      case 'float64':
        ok = isLooseFloatText(value);
        break;
      case 'bool':
        ok = parseBoolText(value, true) !== undefined;
        break;
      case 'timestamp':
        ok = this.observeTimestamp(value);
        break;
      case 'date':
        ok = isoDateDays(value) !== undefined;
        break;
    }
    if (!ok) throw badCsvValue(this.name, type, value, position.span(field));
  }

  /**
   * Feeds field `field` of a record read as bytes: the same as
   * observe(record.text(field)), without making a string for numbers,
   * booleans and the cells of a column already known to be text.
   */
  observeField(record: ByteRecord, field: number): void {
    const s = record.starts[field]!;
    const e = record.ends[field]!;
    if (s === e && record.isNull(field)) {
      this.nulls++;
      return;
    }
    const b = record.buf;
    const escaped = record.kinds[field] === ESCAPED;
    const forced = this.forced;
    if (forced !== undefined) {
      let ok: boolean;
      switch (forced) {
        case 'utf8':
          ok = true;
          break;
        case 'int64':
          ok = !escaped && isLooseInt64Bytes(b, s, e);
          break;
        case 'float64':
          ok = !escaped && isLooseFloatBytes(b, s, e);
          break;
        case 'bool':
          ok = !escaped && parseBoolBytes(b, s, e, true) >= 0;
          break;
        default:
          this.observe(record.text(field), record, field);
          return;
      }
      this.values++;
      if (!ok) throw badCsvValue(this.name, forced, record.text(field) ?? '', record.span(field));
      return;
    }
    if (this.maybeInt || this.maybeFloat) {
      const k = escaped ? NOT_NUMBER : classifyNumberBytes(b, s, e);
      if (k !== NOT_NUMBER) {
        this.values++;
        if (k === FLOAT_LITERAL) this.maybeInt = false;
        this.maybeBool = false;
        this.maybeTimestamp = false;
        return;
      }
    }
    if (this.maybeBool || this.maybeTimestamp) {
      this.observe(record.text(field), record, field);
      return;
    }
    this.values++;
    this.maybeInt = false;
    this.maybeFloat = false;
  }

  result(): InferredColumn {
    const base = { nullCount: this.nulls, valueCount: this.values };
    if (this.forced !== undefined) {
      if (this.forced === 'timestamp') return { ...base, type: 'timestamp', tsformat: shapePattern(this.shape ?? defaultShape) };
      if (this.forced === 'date') return { ...base, type: 'date', tsformat: 'YYYY-MM-DD' };
      return { ...base, type: this.forced };
    }
    if (this.values === 0) return { ...base, type: 'utf8' };
    if (this.maybeInt) return { ...base, type: 'int64' };
    if (this.maybeFloat) return { ...base, type: 'float64' };
    if (this.maybeBool) return { ...base, type: 'bool' };
    if (this.maybeTimestamp && this.shape !== undefined) return { ...base, type: 'timestamp', tsformat: shapePattern(this.shape) };
    return { ...base, type: 'utf8' };
  }
}

/** The CSV_BAD_VALUE error of a cell that is not a valid `type`. */
export function badCsvValue(column: string, type: CsvColumnType, value: string, span: SourceSpan): PyralogError {
  return new PyralogError('CSV_BAD_VALUE', `value ${JSON.stringify(value)} in column "${column}" is not a valid ${type}`, {
    phase: 'import',
    spans: [span],
    details: { column, type, value, line: span.line, columnNumber: span.column },
  });
}

const defaultShape: TimestampShape = { separator: 'T', hasTime: true, hasSeconds: true, fractionDigits: 0, hasZone: false };
