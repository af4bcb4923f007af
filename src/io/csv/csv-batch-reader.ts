/**
 * Pass 2 of an import: reads a CSV file again and hands its rows to a
 * callback as Arrow RecordBatches of up to `batchRows` rows (default 131,072),
 * typed by a CsvSchema from pass 1. Timestamp fields carry their text
 * pattern in the Arrow field metadata `pyralog.tsformat`.
 */
import { RecordBatch, Struct, makeData, type Schema as ArrowSchema } from 'apache-arrow';
import { arrowSchemaOf } from '../../storage/arrow/arrow-types.js';
import type { Field } from '../../types/schema.js';
import type { CsvColumnType } from './column-inference.js';
import { TSFORMAT_METADATA_KEY } from '../../types/timestamp-format.js';
import { createColumnBuilder } from './column-builder.js';
import type { CsvSchema } from './infer-csv-schema.js';
import type { ReadCsvOptions } from './read-csv-file.js';
import { readCsvRecords } from './read-csv-records.js';

/** The store's default segment size: an imported batch becomes one level-0 segment (half as many as with 64k batches: ~10 % less work). */
export const DEFAULT_BATCH_ROWS = 131_072;

/** A table field imported from CSV: its type is one a CSV column can have. */
export interface CsvTableField extends Field {
  readonly type: CsvColumnType;
}

/** Pyralog fields of a CSV schema: all nullable except `notNull` ones; timestamps keep their pattern. */
export function csvFields(schema: CsvSchema, notNull: ReadonlySet<string> = new Set()): CsvTableField[] {
  return schema.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: !notNull.has(c.name),
    ...(c.tsformat !== undefined && c.type === 'timestamp' ? { metadata: { [TSFORMAT_METADATA_KEY]: c.tsformat } } : {}),
  }));
}

export interface BatchReadOptions extends ReadCsvOptions {
  readonly batchRows?: number;
  /** Arrow schema of the batches (default: arrowSchemaOf(csvFields(schema))). */
  readonly arrowSchema?: ArrowSchema;
}

/** Streams the data rows of `schema.file` as RecordBatches; returns the number of rows. */
export function readCsvBatches(schema: CsvSchema, onBatch: (batch: RecordBatch) => void, options: BatchReadOptions = {}): number {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const arrowSchema = options.arrowSchema ?? arrowSchemaOf(csvFields(schema));
  const builders = schema.columns.map((c) => createColumnBuilder(c.type, c.name, batchRows));
  const width = builders.length;
  const struct = new Struct(arrowSchema.fields);
  let row = 0;
  let total = 0;
  const flush = (): void => {
    if (row === 0) return;
    const children = builders.map((b) => b.finish(row));
    onBatch(new RecordBatch(arrowSchema, makeData({ type: struct, length: row, nullCount: 0, children })));
    total += row;
    row = 0;
  };
  readCsvRecords(
    schema.file,
    (record) => {
      if (record.index === 0) return;
      for (let c = 0; c < width; c++) {
        builders[c]!.set(row, record, c);
      }
      if (++row === batchRows) flush();
    },
    options,
  );
  flush();
  return total;
}
