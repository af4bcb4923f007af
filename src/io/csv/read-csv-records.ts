/**
 * The one entry the import passes read a CSV file through: records as
 * ByteRecords. With an ASCII delimiter (the usual case) the byte scanner
 * reads the file; a delimiter outside ASCII (a multi-byte UTF-8 character)
 * goes through the text parser, whose records are re-encoded as bytes here,
 * with the positions that parser reported.
 */
import type { SourceSpan } from '../../errors/pyralog-error.js';
import { ByteRecord, PLAIN, QUOTED } from './csv-byte-record.js';
import { byteDelimiter, scanCsvFile, type ByteRecordHandler, type ByteScanOptions } from './csv-byte-scanner.js';
import type { CsvField, CsvPosition } from './csv-parser.js';
import { readCsvFile } from './read-csv-file.js';

/** Thrown to end a limited read of the text parser early; never leaves this file. */
const STOP = Symbol('stop');

/** Reads `file` record by record (header first); returns the number of records and bytes. */
export function readCsvRecords(file: string, onRecord: ByteRecordHandler, options: ByteScanOptions = {}): { records: number; bytes: number } {
  if (byteDelimiter(options.delimiter) >= 0) return scanCsvFile(file, onRecord, options);
  const record = new TextRecord(file);
  const encoder = new TextEncoder();
  const limit = options.limit ?? Infinity;
  let records = 0;
  const onText = (fields: CsvField[], pos: CsvPosition): void => {
    let bytes = 0;
    for (const f of fields) bytes += f === null ? 0 : f.length * 3;
    if (record.buf.length < bytes) record.buf = new Uint8Array(bytes * 2);
    record.reserve(fields.length);
    record.columns = Int32Array.from(pos.fieldColumns);
    let at = 0;
    fields.forEach((f, i) => {
      record.starts[i] = at;
      if (f !== null) at += encoder.encodeInto(f, record.buf.subarray(at)).written;
      record.ends[i] = at;
      record.kinds[i] = f === null ? PLAIN : QUOTED;
      record.fieldLines[i] = pos.fieldLines[i] ?? pos.line;
    });
    record.index = pos.record;
    record.line = pos.line;
    record.count = fields.length;
    onRecord(record);
    if (++records >= limit) throw STOP;
  };
  try {
    return readCsvFile(file, onText, { delimiter: options.delimiter, chunkBytes: options.chunkBytes, onBytes: options.onBytes });
  } catch (e) {
    if (e === STOP) return { records, bytes: 0 };
    throw e;
  }
}

/** A record of the text parser: its fields already unescaped, its columns as that parser counted them. */
class TextRecord extends ByteRecord {
  columns = new Int32Array(0);
  override column(i: number): number {
    return this.columns[i] ?? 1;
  }
  override span(i: number): SourceSpan {
    return { source: this.source, line: this.fieldLines[i] ?? this.line, column: this.column(i) };
  }
}
