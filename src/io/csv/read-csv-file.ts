/**
 * Feeds a CSV file through a CsvParser in fixed-size chunks read
 * synchronously (so a whole import can run inside one synchronous write
 * transaction), decoding UTF-8 incrementally and reporting bytes read.
 * Errors that point into the file get the offending line attached for a
 * caret excerpt.
 */
import * as fs from 'node:fs';
import { PyralogError } from '../../errors/pyralog-error.js';
import { attachLineExcerpt } from './attach-line-excerpt.js';
import { CsvParser, type CsvRecordHandler } from './csv-parser.js';

export interface ReadCsvOptions {
  readonly delimiter?: string;
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
  /** Called after each chunk with the bytes read so far and the file size. */
  readonly onBytes?: (bytesDone: number, bytesTotal: number) => void;
}

/** Parses `file` record by record (header first); returns the number of records and bytes. */
export function readCsvFile(file: string, onRecord: CsvRecordHandler, options: ReadCsvOptions = {}): { records: number; bytes: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new PyralogError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_READ', `cannot open ${file}: ${(cause as Error).message}`, {
      phase: 'import',
      cause,
    });
  }
  try {
    const total = fs.fstatSync(fd).size;
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? 1 << 20);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const parser = new CsvParser(onRecord, { delimiter: options.delimiter, source: file });
    let done = 0;
    for (;;) {
      const got = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (got === 0) break;
      let text: string;
      try {
        text = decoder.decode(buffer.subarray(0, got), { stream: true });
      } catch (cause) {
        throw notUtf8(file, done, cause);
      }
      parser.push(text);
      done += got;
      options.onBytes?.(done, total);
    }
    try {
      parser.push(decoder.decode());
    } catch (cause) {
      throw notUtf8(file, done, cause);
    }
    parser.end();
    return { records: parser.recordCount, bytes: done };
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

function notUtf8(file: string, near: number, cause: unknown): PyralogError {
  return new PyralogError('CSV_BAD_ENCODING', `${file} is not valid UTF-8 (near byte ${near})`, {
    phase: 'import',
    cause,
    hints: ['convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8'],
  });
}
