/**
 * Imports one CSV file into one table: pass 1 reads the whole file to infer
 * (or check forced) column types and validate every cell, so a bad file
 * fails before anything is written; then the table is created and pass 2
 * appends Arrow RecordBatches of 128k rows inside ONE write transaction.
 * When every column's type is forced (and none is a timestamp, whose pattern
 * pass 1 learns), one pass checks and loads together (csv/csv-one-pass.ts):
 * the same checks and errors, and a bad file still leaves nothing, because
 * the write transaction then rolls back.
 * If pass 2 fails anyway (disk full), the write transaction rolls back and
 * the table this call created is dropped again, so a failed import leaves
 * nothing of that file behind. (With `replace`, the old table is dropped
 * before the new one is created: a failure then leaves neither.)
 *
 * The table is named after the file (basename without `.csv`) unless
 * `table` says otherwise; `key` names primary-key columns, checked non-empty
 * and unique in pass 1 (without a key, storage adds a hidden row id). An
 * existing table is TABLE_EXISTS unless `replace`.
 */
import * as path from 'node:path';
import { PyralogError } from '../errors/pyralog-error.js';
import type { TableDef } from '../storage/api.js';
import { arrowSchemaOf } from '../storage/arrow/arrow-types.js';
import type { Store } from '../storage/index.js';
import type { CsvColumnType } from './csv/column-inference.js';
import { csvFields, readCsvBatches, DEFAULT_BATCH_ROWS } from './csv/csv-batch-reader.js';
import { inferCsvSchema, type CsvSchema } from './csv/infer-csv-schema.js';
import { loadCsvOnePass, onePassColumns, type ForcedColumn } from './csv/csv-one-pass.js';

/** What an import needs of a Store. */
export type ImportStore = Pick<Store, 'hasTable' | 'write'>;

export interface ImportCsvOptions {
  /** Table name (default: the file's basename without extension). */
  readonly table?: string;
  /** Primary-key column(s); default: none (hidden row id). */
  readonly key?: readonly string[] | string;
  /** Drop an existing table of that name first (default: TABLE_EXISTS error). */
  readonly replace?: boolean;
  /** Force the type of some columns by name. */
  readonly types?: Readonly<Record<string, CsvColumnType>>;
  readonly delimiter?: string;
  readonly batchRows?: number;
  /**
   * Progress: rows written so far (0 during pass 1), bytes read in the
   * current pass, and the total bytes of both passes (2 × file size).
   */
  readonly onProgress?: (rowsDone: number, bytesDone: number, bytesTotal: number) => void;
}

export interface ImportCsvResult {
  readonly table: string;
  readonly rows: number;
  readonly schema: CsvSchema;
}

/** The default table name of a CSV file: its basename without the extension. */
export function tableNameOf(file: string): string {
  const base = path.basename(file);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export async function importCsv(store: ImportStore, file: string, options: ImportCsvOptions = {}): Promise<ImportCsvResult> {
  const table = options.table ?? tableNameOf(file);
  const key = typeof options.key === 'string' ? [options.key] : [...(options.key ?? [])];
  if (table.length === 0) {
    throw new PyralogError('IMPORT_BAD_TABLE_NAME', `cannot derive a table name from ${JSON.stringify(file)}`, { phase: 'import', hints: ['pass --table NAME'] });
  }
  if (store.hasTable(table) && options.replace !== true) {
    throw new PyralogError('TABLE_EXISTS', `table "${table}" already exists`, {
      phase: 'import',
      hints: ['pass --replace to drop and re-import it, or --table to choose another name'],
      details: { table, file },
    });
  }

  const onProgress = options.onProgress;
  const forced = options.types === undefined ? undefined : onePassColumns(file, options.types, key, { delimiter: options.delimiter });
  if (forced !== undefined) return importOnePass(store, file, table, key, forced, options);
  const schema = inferCsvSchema(file, {
    delimiter: options.delimiter,
    types: options.types,
    key,
    onBytes: (done, total) => onProgress?.(0, done, total * 2),
  });
  const fileBytes = schema.bytes;
  if (schema.columns.length === 0) {
    throw new PyralogError('CSV_EMPTY', `${file} is empty: a CSV file needs a header row`, {
      phase: 'import',
      spans: [{ source: file, line: 1, column: 1 }],
    });
  }
  const fields = csvFields(schema, new Set(key));
  const def: TableDef = { name: table, fields, primaryKey: key };
  const arrowSchema = arrowSchemaOf(fields);
  // Replace, create and load in ONE write transaction: if anything fails (or the
  // process dies) before it commits, the catalog and any table being replaced
  // are exactly as they were.
  let rows = 0;
  store.write((tx) => {
    if (options.replace === true && store.hasTable(table)) tx.dropTable(table);
    tx.createTable(def);
    const writer = tx.table(table);
    readCsvBatches(
      schema,
      (batch) => {
        writer.appendBatch(batch);
        rows += batch.numRows;
      },
      {
        delimiter: options.delimiter,
        batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
        arrowSchema,
        onBytes: (done) => onProgress?.(rows, fileBytes + done, fileBytes * 2),
      },
    );
  });
  onProgress?.(rows, fileBytes * 2, fileBytes * 2);
  return { table, rows, schema };
}

/** The import of a file whose every column has a forced type: checked and loaded in one pass, in one write transaction. */
function importOnePass(store: ImportStore, file: string, table: string, key: readonly string[], columns: readonly ForcedColumn[], options: ImportCsvOptions): ImportCsvResult {
  const onProgress = options.onProgress;
  const fields = columns.map((c) => ({ name: c.name, type: c.type, nullable: !key.includes(c.name) }));
  const def: TableDef = { name: table, fields, primaryKey: [...key] };
  const arrowSchema = arrowSchemaOf(fields);
  let rows = 0;
  let schema: CsvSchema | undefined;
  store.write((tx) => {
    if (options.replace === true && store.hasTable(table)) tx.dropTable(table);
    tx.createTable(def);
    const writer = tx.table(table);
    schema = loadCsvOnePass(
      file,
      columns,
      key,
      arrowSchema,
      (batch) => {
        writer.appendBatch(batch);
        rows += batch.numRows;
      },
      {
        delimiter: options.delimiter,
        batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
        onBytes: (done, total) => onProgress?.(rows, done, total),
      },
    );
  });
  const bytes = schema!.bytes;
  onProgress?.(rows, bytes, bytes);
  return { table, rows, schema: schema! };
}
