/**
 * Pass 1 of an import: reads a whole CSV file once, takes column names from
 * the header (blank names become `column<N>`, repeated ones get `_2`, `_3`…)
 * and infers each column's type over ALL rows (see column-inference.ts).
 * Every cell is validated here, so pass 2 (csv-batch-reader.ts) cannot fail on
 * a value and nothing is written for a file that would fail.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { ColumnInference, type CsvColumnType, type InferredColumn } from './column-inference.js';
import type { CsvField, CsvPosition } from './csv-parser.js';
import { readCsvFile, type ReadCsvOptions } from './read-csv-file.js';

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

export function inferCsvSchema(file: string, options: InferOptions = {}): CsvSchema {
  let columns: ColumnInference[] = [];
  const forced = options.types ?? {};
  const key = options.key ?? [];
  let keyIndexes: number[] = [];
  const seenKeys = new Map<string, number>();
  const { records, bytes } = readCsvFile(
    file,
    (fields, pos) => {
      if (pos.record === 0) {
        const names = headerNames(fields);
        columns = names.map((name) => new ColumnInference(name, forced[name]));
        for (const name of Object.keys(forced)) {
          if (!names.includes(name)) {
            throw new PyralogError('CSV_UNKNOWN_COLUMN', `cannot force the type of "${name}": ${file} has no such column`, {
              phase: 'import',
              hints: [`columns: ${names.join(', ')}`],
            });
          }
        }
        keyIndexes = key.map((k) => {
          const at = names.indexOf(k);
          if (at < 0) {
            throw new PyralogError('IMPORT_UNKNOWN_KEY', `key column "${k}" is not a column of ${file}`, {
              phase: 'import',
              hints: [`columns: ${names.join(', ')}`],
            });
          }
          return at;
        });
        return;
      }
      if (keyIndexes.length > 0) checkKey(fields, pos, keyIndexes, seenKeys, columns);
      for (let c = 0; c < columns.length; c++) {
        columns[c]!.observe(fields[c] ?? null, pos, c);
      }
    },
    options,
  );
  return {
    file,
    columns: columns.map((c) => ({ name: c.name, ...c.result() })),
    rows: Math.max(0, records - 1),
    bytes,
  };
}

/** Rejects an empty or repeated primary key in the record at `pos`. */
function checkKey(fields: readonly CsvField[], pos: CsvPosition, keyIndexes: readonly number[], seen: Map<string, number>, columns: readonly ColumnInference[]): void {
  let composite = '';
  for (const k of keyIndexes) {
    const v = fields[k] ?? null;
    if (v === null) {
      throw new PyralogError('IMPORT_NULL_KEY', `key column "${columns[k]?.name}" is empty`, { phase: 'import', spans: [pos.span(k)] });
    }
    composite = keyIndexes.length === 1 ? v : `${composite}${v.length}:${v}`;
  }
  const first = seen.get(composite);
  if (first !== undefined) {
    const span = pos.span(keyIndexes[0]!);
    throw new PyralogError('IMPORT_DUPLICATE_KEY', `duplicate key ${JSON.stringify(composite)}: line ${span.line} repeats line ${first}`, {
      phase: 'import',
      spans: [span],
      hints: ['choose a --key whose values are unique, or import without --key (hidden row id)'],
    });
  }
  seen.set(composite, pos.line);
}
