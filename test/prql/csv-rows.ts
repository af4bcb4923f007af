/**
 * A minimal RFC 4180 CSV reader for the test data (quoted fields, doubled
 * quotes, newlines inside quotes): header names and rows of raw strings, an
 * empty unquoted field read as null.
 */
import { readFileSync } from 'node:fs';

export interface CsvData {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

export function readCsv(path: string): CsvData {
  const text = readFileSync(path, 'utf8');
  const records: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') {
      row.push(field === '' && !wasQuoted ? null : field);
      field = '';
      wasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field === '' && !wasQuoted ? null : field);
      records.push(row);
      row = [];
      field = '';
      wasQuoted = false;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field === '' && !wasQuoted ? null : field);
    records.push(row);
  }
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h ?? ''), rows };
}
