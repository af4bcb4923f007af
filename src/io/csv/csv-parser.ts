/**
 * A streaming RFC-4180 CSV parser over text chunks: quoted fields with
 * embedded delimiters, newlines and doubled quotes, CRLF / LF / lone CR line
 * ends, a leading byte-order mark. It hands each record to a callback as an
 * array of field values (an empty unquoted field is `null`, a quoted empty
 * field is `''`) together with the 1-based line and column where each field
 * starts, so callers can point errors at the exact cell.
 *
 * Lines holding no characters at all are skipped. Every record must have as
 * many fields as the first one (the header): otherwise CSV_RAGGED_ROW.
 * A quote left open at the end of input is CSV_UNTERMINATED_QUOTE; text
 * between a closing quote and the next delimiter is CSV_BAD_QUOTE. A quote
 * inside an unquoted field is kept as a literal character.
 */
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';

export type CsvField = string | null;

/** Where the current record and its fields sit in the input. Reused between records: copy what you keep. */
export interface CsvPosition {
  /** Index of the record among the records passed to the callback (0 = the header). */
  readonly record: number;
  /** Line of the record's first character. */
  readonly line: number;
  /** Line and column (1-based, in UTF-16 units) of each field's first character. */
  readonly fieldLines: ArrayLike<number>;
  readonly fieldColumns: ArrayLike<number>;
  /** The span (file, line, column) of field `index` of the current record. */
  span(index: number): SourceSpan;
}

/** The one mutable CsvPosition a parser reuses for every record. */
class RecordPosition implements CsvPosition {
  record = 0;
  line = 1;
  fieldLines = new Int32Array(64);
  fieldColumns = new Int32Array(64);
  constructor(readonly source: string) {}
  span(index: number): SourceSpan {
    return { source: this.source, line: this.fieldLines[index] ?? this.line, column: this.fieldColumns[index] ?? 1 };
  }
  /** Records where field `index` starts, growing the arrays when needed. */
  mark(index: number, line: number, column: number): void {
    if (index >= this.fieldLines.length) {
      const lines = new Int32Array(this.fieldLines.length * 2);
      lines.set(this.fieldLines);
      this.fieldLines = lines;
      const columns = new Int32Array(this.fieldColumns.length * 2);
      columns.set(this.fieldColumns);
      this.fieldColumns = columns;
    }
    this.fieldLines[index] = line;
    this.fieldColumns[index] = column;
  }
}

export type CsvRecordHandler = (fields: CsvField[], position: CsvPosition) => void;

export interface CsvParserOptions {
  /** One-character field delimiter (default ','). */
  readonly delimiter?: string;
  /** The file name reported in error spans. */
  readonly source?: string;
  /**
   * Longest record accepted, in characters (default 64 Mi). A longer one is
   * almost always an unterminated quote swallowing the rest of the file; the
   * cap keeps memory and re-scanning bounded (CSV_RECORD_TOO_LARGE).
   */
  readonly maxRecordChars?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private readonly delim: number;
  private readonly source: string;
  /** Unparsed text: always starts at the beginning of a record (and of a line). */
  private carry = '';
  /** Chunks put aside while the leftover is too long to be worth parsing again. */
  private pending: string[] = [];
  private pendingChars = 0;
  /** Length of the leftover at the last parse. */
  private tried = 0;
  private line = 1;
  private started = false;
  private records = 0;
  private width = -1;
  private readonly position: RecordPosition;
  private readonly maxRecordChars: number;

  constructor(private readonly onRecord: CsvRecordHandler, options: CsvParserOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new PyralogError('CSV_BAD_OPTION', `the CSV delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`, {
        phase: 'import',
      });
    }
    this.delim = delimiter.charCodeAt(0);
    this.source = options.source ?? '<csv>';
    this.position = new RecordPosition(this.source);
    this.maxRecordChars = options.maxRecordChars ?? 64 * 1024 * 1024;
  }

  /** Number of records handed out so far, the header included. */
  get recordCount(): number {
    return this.records;
  }

  /**
   * Parses the complete records in `chunk` (plus any earlier leftover); keeps
   * an incomplete tail for later. A tail is parsed again only once the text
   * after it has grown to its length, so a record spanning many chunks is
   * re-scanned a bounded number of times overall: linear in its length.
   */
  push(chunk: string): void {
    const waiting = this.carry.length + this.pendingChars + chunk.length;
    if (this.carry.length > 0 && waiting < 2 * this.tried && waiting <= this.maxRecordChars) {
      this.pending.push(chunk);
      this.pendingChars += chunk.length;
      return;
    }
    let text = this.takeText(chunk);
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.carry = text.slice(this.parse(text, false));
    this.tried = this.carry.length;
    if (this.carry.length > this.maxRecordChars) {
      throw new PyralogError('CSV_RECORD_TOO_LARGE', `a record is longer than ${this.maxRecordChars} characters`, {
        phase: 'import',
        spans: [{ source: this.source, line: this.line, column: 1 }],
        hints: ['this is usually a quoted field whose closing quote is missing'],
      });
    }
  }

  /** The leftover, the chunks put aside since, and `chunk`, as one text. */
  private takeText(chunk: string): string {
    const text = this.pending.length === 0 ? (this.carry.length === 0 ? chunk : this.carry + chunk) : this.carry + this.pending.join('') + chunk;
    this.pending = [];
    this.pendingChars = 0;
    return text;
  }

  /** Parses whatever is left: the end of input ends the last record. */
  end(): void {
    let text = this.takeText('');
    this.carry = '';
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.parse(text, true);
  }

  /** Parses records from `s`; returns the offset of the first record it could not finish (s.length when all done). */
  private parse(s: string, final: boolean): number {
    const n = s.length;
    const delim = this.delim;
    const position = this.position;
    let i = 0;
    let line = this.line;
    let lineStart = 0;
    /** The first newline at or after the last place searched (-1: none left in `s`). */
    let nl = -2;
    while (i < n) {
      const recordStart = i;
      const recordLine = line;
      // A line with no characters is not a record.
      const first = s.charCodeAt(i);
      if (first === LF) {
        i++;
        line++;
        lineStart = i;
        continue;
      }
      if (first === CR) {
        if (i + 1 === n && !final) break;
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        lineStart = i;
        continue;
      }
      const fields: CsvField[] = [];
      let complete = false;
      for (;;) {
        position.mark(fields.length, line, i - lineStart + 1);
        let c: number;
        if (i < n && s.charCodeAt(i) === QUOTE) {
          const openLine = line;
          const openColumn = i - lineStart + 1;
          let value = '';
          let j = i + 1;
          let closed = false;
          for (;;) {
            const q = s.indexOf('"', j);
            if (q === -1 || (q + 1 === n && !final)) break;
            if (s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(j, q + 1);
              j = q + 2;
              continue;
            }
            value += s.slice(j, q);
            // Keep line numbers right across newlines inside the quotes (the
            // next newline is remembered, so a long line is searched once).
            if (nl !== -1 && nl < i) nl = s.indexOf('\n', i);
            while (nl !== -1 && nl < q) {
              line++;
              lineStart = nl + 1;
              nl = s.indexOf('\n', nl + 1);
            }
            i = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) break;
            throw new PyralogError('CSV_UNTERMINATED_QUOTE', 'a quoted field is never closed', {
              phase: 'import',
              spans: [{ source: this.source, line: openLine, column: openColumn }],
              hints: ['a field that starts with " must end with " before the next delimiter or line end; write a quote inside it as ""'],
            });
          }
          fields.push(value);
          if (i === n) {
            if (!final) break;
            complete = true;
            break;
          }
          c = s.charCodeAt(i);
          if (c !== delim && c !== LF && c !== CR) {
            throw new PyralogError('CSV_BAD_QUOTE', 'unexpected text after the closing quote of a field', {
              phase: 'import',
              spans: [{ source: this.source, line, column: i - lineStart + 1 }],
              hints: ['write a quote inside a quoted field as ""'],
            });
          }
        } else {
          let j = i;
          c = -1;
          while (j < n) {
            c = s.charCodeAt(j);
            if (c === delim || c === LF || c === CR) break;
            j++;
          }
          if (j === n) {
            if (!final) break;
            fields.push(j === i ? null : s.slice(i, j));
            i = j;
            complete = true;
            break;
          }
          fields.push(j === i ? null : s.slice(i, j));
          i = j;
        }
        // s[i] is a delimiter or a line end.
        if (c === delim) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 === n && !final) break;
          i += s.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        line++;
        lineStart = i;
        complete = true;
        break;
      }
      if (!complete) {
        this.line = recordLine;
        return recordStart;
      }
      this.emit(fields, recordLine);
    }
    this.line = line;
    return i;
  }

  private emit(fields: CsvField[], line: number): void {
    if (this.width === -1) this.width = fields.length;
    else if (fields.length !== this.width) this.ragged(fields.length, line);
    const position = this.position;
    position.record = this.records;
    position.line = line;
    this.onRecord(fields, position);
    this.records++;
  }

  private ragged(count: number, line: number): never {
    const tooMany = count > this.width;
    const at = tooMany ? this.width : count - 1;
    this.position.line = line;
    const span = this.position.span(at);
    throw new PyralogError(
      'CSV_RAGGED_ROW',
      `row has ${count} field${count === 1 ? '' : 's'} but the header has ${this.width}`,
      {
        phase: 'import',
        spans: [span],
        hints: [tooMany ? 'quote fields that contain the delimiter' : 'every row needs a value (possibly empty) for every column'],
        details: { file: this.source, line: span.line, column: span.column, fields: count, expected: this.width },
      },
    );
  }
}

/** Parses a whole CSV text into records (header included); for tests and small inputs. */
export function parseCsvText(text: string, options: CsvParserOptions = {}): CsvField[][] {
  const out: CsvField[][] = [];
  const parser = new CsvParser((fields) => out.push(fields), options);
  parser.push(text);
  parser.end();
  return out;
}
