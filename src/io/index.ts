/**
 * The public entry of Pyralog's data import: CSV parsing, type inference,
 * Arrow batch reading, and importing a file into a table of a Store.
 */
export { importCsv, tableNameOf, type ImportCsvOptions, type ImportCsvResult, type ImportStore } from './import-csv.js';
export { CsvParser, parseCsvText, type CsvField, type CsvParserOptions, type CsvPosition, type CsvRecordHandler } from './csv/csv-parser.js';
export { CSV_COLUMN_TYPES, type CsvColumnType, type InferredColumn } from './csv/column-inference.js';
export { inferCsvSchema, headerNames, type CsvColumn, type CsvSchema, type InferOptions } from './csv/infer-csv-schema.js';
export { csvFields, readCsvBatches, DEFAULT_BATCH_ROWS, type BatchReadOptions, type CsvTableField } from './csv/csv-batch-reader.js';
export { readCsvFile, type ReadCsvOptions } from './csv/read-csv-file.js';
