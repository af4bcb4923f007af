/**
 * A CSV import in one pass, for a file whose every column has a forced type
 * (`--type`) that needs nothing learnt from the whole file first (any type
 * but timestamp, whose text pattern inference collects). Each record is
 * checked as pass 1 checks it (key non-empty and unique, every cell valid for
 * its type, same order, same errors) while it is built into Arrow batches
 * that go straight to `onBatch`. The caller runs this inside the write
 * transaction that creates the table, so an error rolls everything back and
 * a bad file leaves nothing behind, as with two passes.
 */
import { RecordBatch, Struct, makeData, type Schema as ArrowSchema } from 'apache-arrow';
import { PyralogError } from '../../errors/pyralog-error.js';
import { attachLineExcerpt } from './attach-line-excerpt.js';
import { createColumnBuilder } from './column-builder.js';
import type { CsvColumnType } from './column-inference.js';
import { DEFAULT_BATCH_ROWS } from './csv-batch-reader.js';
import type { ByteRecord } from './csv-byte-record.js';
import type { ByteScanOptions } from './csv-byte-scanner.js';
import { headerNames, recordTexts, type CsvColumn, type CsvSchema } from './infer-csv-schema.js';
import { KeySet } from './key-set.js';
import { readCsvRecords } from './read-csv-records.js';

/** A column of a one-pass import: its name and forced type. */
export interface ForcedColumn {
  readonly name: string;
  readonly type: CsvColumnType;
}

/**
 * The columns of `file` when a one-pass import can load it: every header
 * name has a forced type other than timestamp, every forced name and key is
 * a column. Otherwise undefined (the two-pass import then reports whatever
 * is wrong). Reads only the header.
 */
export function onePassColumns(file: string, types: Readonly<Record<string, CsvColumnType>>, key: readonly string[], options: ByteScanOptions = {}): ForcedColumn[] | undefined {
  const forcedNames = Object.keys(types);
  if (forcedNames.length === 0) return undefined;
  let names: string[] = [];
  const header = (record: ByteRecord): void => {
    if (record.index === 0) names = headerNames(recordTexts(record));
  };
  readCsvRecords(file, header, { delimiter: options.delimiter, limit: 1 });
  if (names.length === 0 || names.length !== forcedNames.length) return undefined;
  const columns: ForcedColumn[] = [];
  for (const name of names) {
    const type = Object.hasOwn(types, name) ? types[name] : undefined;
    if (type === undefined || type === 'timestamp') return undefined;
    columns.push({ name, type });
  }
  return key.every((k) => names.includes(k)) ? columns : undefined;
}

export interface OnePassOptions extends ByteScanOptions {
  readonly batchRows?: number;
}

/** Reads, checks and batches every data row of `file`; returns the schema pass 1 would have given. */
export function loadCsvOnePass(
  file: string,
  columns: readonly ForcedColumn[],
  key: readonly string[],
  arrowSchema: ArrowSchema,
  onBatch: (batch: RecordBatch) => void,
  options: OnePassOptions = {},
): CsvSchema {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const names = columns.map((c) => c.name);
  const builders = columns.map((c) => createColumnBuilder(c.type, c.name, batchRows));
  const nulls = new Float64Array(columns.length);
  const keys = key.length > 0 ? new KeySet(key.map((k) => names.indexOf(k)), names, file) : undefined;
  const width = builders.length;
  const struct = new Struct(arrowSchema.fields);
  let row = 0;
  let total = 0;
  const flush = (): void => {
    if (row === 0) return;
    const children = builders.map((b) => b.finish(row));
    children.forEach((d, c) => (nulls[c]! += d.nullCount));
    onBatch(new RecordBatch(arrowSchema, makeData({ type: struct, length: row, nullCount: 0, children })));
    total += row;
    row = 0;
  };
  let bytes: number;
  try {
    bytes = readCsvRecords(
      file,
      (record) => {
        if (record.index === 0) return;
        keys?.addRecord(record);
        for (let c = 0; c < width; c++) builders[c]!.set(row, record, c);
        if (++row === batchRows) flush();
      },
      options,
    ).bytes;
    flush();
  } catch (e) {
    // A duplicate key on an earlier line is reported before this later error.
    if (e instanceof PyralogError) checkKeys(keys, file);
    throw e;
  }
  checkKeys(keys, file);
  const out: CsvColumn[] = columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    nullCount: nulls[i]!,
    valueCount: total - nulls[i]!,
    ...(c.type === 'date' ? { tsformat: 'YYYY-MM-DD' } : {}),
  }));
  return { file, columns: out, rows: total, bytes };
}

function checkKeys(keys: KeySet | undefined, file: string): void {
  try {
    keys?.check();
  } catch (e) {
    throw e instanceof PyralogError ? attachLineExcerpt(e, file) : e;
  }
}
