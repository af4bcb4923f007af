/**
 * Pass 1 of an import: reads a whole CSV file once, takes column names from
 * the header (blank names become `column<N>`, repeated ones get `_2`, `_3`…)
 * and infers each column's type over ALL rows (see column-inference.ts).
 * Every cell is validated here, so pass 2 (csv-batch-reader.ts) cannot fail on
 * a value and nothing is written for a file that would fail.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { ColumnInference, type CsvColumnType, type InferredColumn } from './column-inference.js';
import type { CsvField } from './csv-parser.js';
import { KeySet } from './key-set.js';
import { attachLineExcerpt } from './attach-line-excerpt.js';
import type { ByteRecord } from './csv-byte-record.js';
import type { ReadCsvOptions } from './read-csv-file.js';
import { readCsvRecords } from './read-csv-records.js';

export interface CsvColumn extends InferredColumn {
  readonly name: string;
}

export interface CsvSchema {
  readonly file: string;
  readonly columns: readonly CsvColumn[];
  /** Data rows (the header excluded). */
  readonly rows: number;
  readonly bytes: number;
}

export interface InferOptions extends ReadCsvOptions {
  /** Force the type of some columns (by header name); their cells are validated against it. */
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  /** Columns that must be non-empty and unique together (a primary key); else IMPORT_NULL_KEY / IMPORT_DUPLICATE_KEY. */
  readonly key?: readonly string[];
}

/** Unique, non-empty column names from a header row. */
export function headerNames(fields: readonly CsvField[]): string[] {
  const seen = new Set<string>();
  return fields.map((raw, i) => {
    const base = raw === null || raw.trim() === '' ? `column${i + 1}` : raw;
    let name = base;
    for (let k = 2; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}

/** The texts of all fields of a record (the header). */
export function recordTexts(record: ByteRecord): CsvField[] {
  const out: CsvField[] = [];
  for (let i = 0; i < record.count; i++) out.push(record.text(i));
  return out;
}

export function inferCsvSchema(file: string, options: InferOptions = {}): CsvSchema {
  let columns: ColumnInference[] = [];
  const forced = options.types ?? {};
  const key = options.key ?? [];
  let keys: KeySet | undefined;
  const read = (): { records: number; bytes: number } => readCsvRecords(
    file,
    (record) => {
      if (record.index === 0) {
        const names = headerNames(recordTexts(record));
        columns = names.map((name) => new ColumnInference(name, forced[name]));
        for (const name of Object.keys(forced)) {
          if (!names.includes(name)) {
            throw new PyralogError('CSV_UNKNOWN_COLUMN', `cannot force the type of "${name}": ${file} has no such column`, {
              phase: 'import',
              hints: [`columns: ${names.join(', ')}`],
            });
          }
        }
        const keyIndexes = key.map((k) => {
          const at = names.indexOf(k);
          if (at < 0) {
            throw new PyralogError('IMPORT_UNKNOWN_KEY', `key column "${k}" is not a column of ${file}`, {
              phase: 'import',
              hints: [`columns: ${names.join(', ')}`],
            });
          }
          return at;
        });
        if (keyIndexes.length > 0) keys = new KeySet(keyIndexes, names, file);
        return;
      }
      keys?.addRecord(record);
      for (let c = 0; c < columns.length; c++) {
        columns[c]!.observeField(record, c);
      }
    },
    options,
  );
  let result: { records: number; bytes: number };
  try {
    result = read();
  } catch (e) {
    // A duplicate key on an earlier line is reported before this later error.
    if (e instanceof PyralogError) checkKeys(keys, file);
    throw e;
  }
  checkKeys(keys, file);
  const { records, bytes } = result;
  return {
    file,
    columns: columns.map((c) => ({ name: c.name, ...c.result() })),
    rows: Math.max(0, records - 1),
    bytes,
  };
}

/** The deferred duplicate check of numeric keys, its error with the line excerpt like every other. */
function checkKeys(keys: KeySet | undefined, file: string): void {
  try {
    keys?.check();
  } catch (e) {
    throw e instanceof PyralogError ? attachLineExcerpt(e, file) : e;
  }
}
