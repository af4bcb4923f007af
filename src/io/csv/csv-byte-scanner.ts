/**
 * Reads a CSV file as bytes, in large chunks read synchronously, and hands
 * each record to a callback as byte ranges (a ByteRecord): no string per
 * cell, so typed columns can be parsed straight from the bytes. Same RFC-4180
 * dialect and errors as the text parser (csv-parser.ts): quoted fields with
 * delimiters, newlines and doubled quotes; CRLF / LF / lone CR line ends; a
 * leading byte-order mark; blank lines skipped; an empty unquoted field is
 * NULL; CSV_RAGGED_ROW, CSV_BAD_QUOTE, CSV_UNTERMINATED_QUOTE with line and
 * column (UTF-16 units, as the text parser counts them).
 *
 * Memory stays bounded by the chunk and the longest record: an incomplete
 * record at the end of a chunk moves to the front of the buffer and the next
 * read appends to it. The buffer doubles whenever such a tail fills more
 * than half of it, so a record spanning many chunks is re-scanned a bounded
 * number of times overall: linear in its length. Records longer than
 * `maxRecordBytes` are CSV_RECORD_TOO_LARGE. UTF-8 is checked per chunk
 * (CSV_BAD_ENCODING); the delimiter must be an ASCII character.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { PyralogError } from '../../errors/pyralog-error.js';
import { attachLineExcerpt } from './attach-line-excerpt.js';
import { openCsvFile } from './open-csv-file.js';
import { ByteRecord, ESCAPED, PLAIN, QUOTED, utf16Length } from './csv-byte-record.js';

export type ByteRecordHandler = (record: ByteRecord) => void;

export interface ByteScanOptions {
  readonly delimiter?: string;
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
  /** Longest record accepted, in bytes (default 64 Mi): almost always an unterminated quote. */
  readonly maxRecordBytes?: number;
  /** Called after each chunk with the bytes read so far and the file size. */
  readonly onBytes?: (bytesDone: number, bytesTotal: number) => void;
  /** Stop after this many records (the header counts). */
  readonly limit?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The code of a delimiter the byte scanner can use, or -1 when only the text parser can (a non-ASCII one). */
export function byteDelimiter(delimiter = ','): number {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new PyralogError('CSV_BAD_OPTION', `the CSV delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`, {
      phase: 'import',
    });
  }
  const c = delimiter.charCodeAt(0);
  return c < 0x80 ? c : -1;
}

/** Scans `file` record by record (header first); returns the number of records and bytes. */
export function scanCsvFile(file: string, onRecord: ByteRecordHandler, options: ByteScanOptions = {}): { records: number; bytes: number } {
  const fd = openCsvFile(file);
  try {
    const scanner = new ByteScanner(file, byteDelimiter(options.delimiter), onRecord, options.limit ?? Infinity);
    const bytes = scanner.run(fd, options);
    return { records: scanner.records, bytes };
  } catch (e) {
    if (e instanceof PyralogError) throw attachLineExcerpt(e, file);
    if (typeof (e as NodeJS.ErrnoException).code === 'string') {
      throw new PyralogError('FILE_READ', `cannot read ${file}: ${(e as Error).message}`, { phase: 'import', cause: e });
    }
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}

class ByteScanner {
  records = 0;
  private line = 1;
  private width = -1;
  private readonly rec: ByteRecord;

  constructor(
    private readonly source: string,
    private readonly delim: number,
    private readonly onRecord: ByteRecordHandler,
    private readonly limit: number,
  ) {
    if (delim < 0) throw new Error('the byte scanner needs an ASCII delimiter');
    this.rec = new ByteRecord(source);
  }

  /** Reads and scans the whole file; returns the bytes read. */
  run(fd: number, options: ByteScanOptions): number {
    const total = fs.fstatSync(fd).size;
    const maxRecord = options.maxRecordBytes ?? 64 * 1024 * 1024;
    let buf = Buffer.allocUnsafe(Math.max(4, options.chunkBytes ?? 1 << 20));
    let len = 0; // bytes held
    let from = 0; // start of the first unscanned record
    let checked = 0; // bytes known to be valid UTF-8
    let base = 0; // file offset of buf[0]
    let done = 0;
    let bomChecked = false;
    for (;;) {
      if (from > 0) {
        buf.copyWithin(0, from, len);
        len -= from;
        checked -= from;
        base += from;
        from = 0;
      }
      if (len > buf.length >> 1) {
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, len);
        buf = grown;
      }
      const got = fs.readSync(fd, buf, len, buf.length - len, null);
      const final = got === 0;
      len += got;
      done += got;
      const upTo = final ? len : completeEnd(buf, checked, len);
      if (upTo > checked) {
        const region = buf.subarray(checked, upTo);
        if (!isAscii(region) && !isUtf8(region)) throw notUtf8(this.source, base + checked);
        checked = upTo;
      }
      if (final && checked < len) throw notUtf8(this.source, base + checked);
      if (!bomChecked) {
        if (len < 3 && !final) continue;
        bomChecked = true;
        if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
      }
      this.rec.buf = buf;
      from = this.scan(buf, from, len, final);
      options.onBytes?.(done, total);
      if (final || this.records >= this.limit) return done;
      if (len - from > maxRecord) {
        throw new PyralogError('CSV_RECORD_TOO_LARGE', `a record is longer than ${maxRecord} bytes`, {
          phase: 'import',
          spans: [{ source: this.source, line: this.line, column: 1 }],
          hints: ['this is usually a quoted field whose closing quote is missing'],
        });
      }
    }
  }

  /** Scans records from b[i..n); returns the offset of the first record it could not finish (n when all done). */
  private scan(b: Uint8Array, i: number, n: number, final: boolean): number {
    const delim = this.delim;
    const rec = this.rec;
    let starts = rec.starts;
    let ends = rec.ends;
    let kinds = rec.kinds;
    let fieldLines = rec.fieldLines;
    let fieldLineStarts = rec.fieldLineStarts;
    let line = this.line;
    let lineStart = i;
    while (i < n) {
      const recordStart = i;
      const recordLine = line;
      // A line with no characters is not a record.
      const first = b[i]!;
      if (first === LF) {
        i++;
        line++;
        continue;
      }
      if (first === CR) {
        if (i + 1 === n && !final) break;
        i += i + 1 < n && b[i + 1] === LF ? 2 : 1;
        line++;
        continue;
      }
      lineStart = i;
      let f = 0;
      let complete = false;
      for (;;) {
        if (f >= starts.length) {
          rec.reserve(f);
          ({ starts, ends, kinds, fieldLines, fieldLineStarts } = rec);
        }
        fieldLines[f] = line;
        fieldLineStarts[f] = lineStart;
        let c: number;
        if (i < n && b[i] === QUOTE) {
          const open = i;
          const openLine = line;
          const openLineStart = lineStart;
          let kind = QUOTED;
          let j = i + 1;
          let closed = false;
          while (j < n) {
            c = b[j]!;
            if (c === QUOTE) {
              if (j + 1 === n && !final) break;
              if (j + 1 < n && b[j + 1] === QUOTE) {
                kind = ESCAPED;
                j += 2;
                continue;
              }
              closed = true;
              break;
            }
            if (c === LF) {
              line++;
              lineStart = j + 1;
            }
            j++;
          }
          if (!closed) {
            if (!final) break;
            throw new PyralogError('CSV_UNTERMINATED_QUOTE', 'a quoted field is never closed', {
              phase: 'import',
              spans: [{ source: this.source, line: openLine, column: utf16Length(b, openLineStart, open) + 1 }],
              hints: ['a field that starts with " must end with " before the next delimiter or line end; write a quote inside it as ""'],
            });
          }
          starts[f] = open + 1;
          ends[f] = j;
          kinds[f] = kind;
          f++;
          i = j + 1;
          if (i === n) {
            if (!final) break;
            complete = true;
            break;
          }
          c = b[i]!;
          if (c !== delim && c !== LF && c !== CR) {
            throw new PyralogError('CSV_BAD_QUOTE', 'unexpected text after the closing quote of a field', {
              phase: 'import',
              spans: [{ source: this.source, line, column: utf16Length(b, lineStart, i) + 1 }],
              hints: ['write a quote inside a quoted field as ""'],
            });
          }
        } else {
          let j = i;
          c = -1;
          while (j < n) {
            c = b[j]!;
            if (c === delim || c === LF || c === CR) break;
            j++;
          }
          starts[f] = i;
          ends[f] = j;
          kinds[f] = PLAIN;
          f++;
          i = j;
          if (j === n) {
            if (!final) break;
            complete = true;
            break;
          }
        }
        // b[i] is a delimiter or a line end.
        if (c === delim) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 === n && !final) break;
          i += i + 1 < n && b[i + 1] === LF ? 2 : 1;
        } else {
          i++;
        }
        line++;
        complete = true;
        break;
      }
      if (!complete) {
        this.line = recordLine;
        return recordStart;
      }
      rec.count = f;
      rec.line = recordLine;
      this.emit(rec);
      if (this.records >= this.limit) break;
    }
    this.line = line;
    return i;
  }

  private emit(rec: ByteRecord): void {
    const count = rec.count;
    if (this.width === -1) this.width = count;
    else if (count !== this.width) this.ragged(count);
    rec.index = this.records;
    this.onRecord(rec);
    this.records++;
  }

  private ragged(count: number): never {
    const tooMany = count > this.width;
    const span = this.rec.span(tooMany ? this.width : count - 1);
    throw new PyralogError('CSV_RAGGED_ROW', `row has ${count} field${count === 1 ? '' : 's'} but the header has ${this.width}`, {
      phase: 'import',
      spans: [span],
      hints: [tooMany ? 'quote fields that contain the delimiter' : 'every row needs a value (possibly empty) for every column'],
      details: { file: this.source, line: span.line, column: span.column, fields: count, expected: this.width },
    });
  }
}

/** The end of the last whole UTF-8 character in b[s..e) (e unless a character is cut at the end). */
function completeEnd(b: Uint8Array, s: number, e: number): number {
  for (let k = e - 1; k >= s && k >= e - 4; k--) {
    const c = b[k]!;
    if ((c & 0xc0) === 0x80) continue;
    if (c < 0x80) return e;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    return e - k >= need ? e : k;
  }
  return e;
}

function notUtf8(file: string, near: number): PyralogError {
  return new PyralogError('CSV_BAD_ENCODING', `${file} is not valid UTF-8 (near byte ${near})`, {
    phase: 'import',
    hints: ['convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8'],
  });
}
