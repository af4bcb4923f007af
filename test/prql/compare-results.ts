/**
 * Compares a Pyralog result with SQLite's: same column names, same rows —
 * in order when the query fixes it, as multisets otherwise. Values compare
 * by meaning across the two engines: int64 (bigint) equals a number of the
 * same value, floats within 1e-9 relative, booleans equal SQLite's 1/0.
 */
import type { QueryResult } from './sqlite-runner.js';

export interface Mismatch {
  readonly message: string;
}

function normalize(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

function valueEquals(a: unknown, b: unknown): boolean {
  const x = normalize(a);
  const y = normalize(b);
  if (x === y) return true;
  if (typeof x === 'number' && typeof y === 'number') {
    if (Number.isNaN(x) && Number.isNaN(y)) return true;
    return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return false;
}

/** A sort key that puts equal-by-meaning rows next to each other (floats rounded). */
function rowKey(row: readonly unknown[]): string {
  return row
    .map((v) => {
      const n = normalize(v);
      if (n === null || n === undefined) return 'N';
      if (typeof n === 'number') return `n${Number(n.toPrecision(8))}`;
      return `s${String(n)}`;
    })
    .join('\u0001');
}

const show = (row: readonly unknown[] | undefined): string =>
  row === undefined ? '(none)' : JSON.stringify(row.map((v) => (typeof v === 'bigint' ? `${v}n` : v)));

export function compareResults(actual: QueryResult, expected: QueryResult, ordered: boolean): Mismatch | null {
  if (actual.columns.join(',') !== expected.columns.join(',')) {
    return { message: `columns differ: pyralog [${actual.columns.join(', ')}] vs sqlite [${expected.columns.join(', ')}]` };
  }
  if (actual.rows.length !== expected.rows.length) {
    return { message: `row counts differ: pyralog ${actual.rows.length} vs sqlite ${expected.rows.length}; first rows ${show(actual.rows[0])} vs ${show(expected.rows[0])}` };
  }
  const a = ordered ? actual.rows : [...actual.rows].sort((p, q) => cmpKey(rowKey(p), rowKey(q)));
  const e = ordered ? expected.rows : [...expected.rows].sort((p, q) => cmpKey(rowKey(p), rowKey(q)));
  for (let i = 0; i < a.length; i++) {
    const ra = a[i] ?? [];
    const re = e[i] ?? [];
    if (ra.length !== re.length || !ra.every((v, j) => valueEquals(v, re[j]))) {
      return { message: `${ordered ? 'row' : 'sorted row'} ${i} differs: pyralog ${show(ra)} vs sqlite ${show(re)}` };
    }
  }
  return null;
}

const cmpKey = (p: string, q: string): number => (p < q ? -1 : p > q ? 1 : 0);
