/**
 * Rewrites sort key columns into cheaper-to-compare equivalents before a
 * sort: text becomes its dense rank among the distinct values (sorted once by
 * code point), and int64 within ±2^53 becomes float64 (exact there), so the
 * comparator reads plain numbers instead of strings or BigInts. Order and NULLs
 * are preserved exactly.
 */
import type { DataType } from '../../../types/data-type.js';
import { makeColumn, type Column } from '../column.js';
import { compareCodePoints } from '../../../types/value-order.js';

const EXACT = 2 ** 53;

function rankStrings(col: Column, n: number): Column {
  const values = col.values as string[];
  const valid = col.valid;
  const ids = new Map<string, number>();
  const uniques: string[] = [];
  const idOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const s = values[i] as string;
    let id = ids.get(s);
    if (id === undefined) {
      id = uniques.length;
      ids.set(s, id);
      uniques.push(s);
    }
    idOf[i] = id;
  }
  const order = uniques.map((_, i) => i).sort((a, b) => compareCodePoints(uniques[a] as string, uniques[b] as string));
  const rank = new Int32Array(uniques.length);
  order.forEach((id, r) => (rank[id] = r));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rank[idOf[i] as number] as number;
  return makeColumn('date', out, valid, n);
}

function int64AsFloat(col: Column, n: number): Column | null {
  const v = col.values as BigInt64Array;
  const d = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // exact as a double when the high word is within ±2^21
    const hi = d[2 * i + 1] as number;
    if (hi > 0x1fffff || hi < -0x200000) return null;
    out[i] = hi * 4294967296 + ((d[2 * i] as number) >>> 0);
    if (Math.abs(out[i] as number) > EXACT) return null;
  }
  return makeColumn('float64', out, col.valid, n);
}

/** Equivalent key columns (same order, same NULLs) with their comparison types. */
export function normalizeSortKeys(cols: readonly Column[], types: readonly DataType[], n: number): { cols: Column[]; types: DataType[] } {
  const outCols: Column[] = [];
  const outTypes: DataType[] = [];
  cols.forEach((col, j) => {
    const t = types[j] as DataType;
    if (t === 'utf8' && col.type === 'utf8') {
      outCols.push(rankStrings(col, n));
      outTypes.push('date');
      return;
    }
    if ((t === 'int64' || t === 'timestamp') && col.type === t) {
      const f = int64AsFloat(col, n);
      if (f !== null) {
        outCols.push(f);
        outTypes.push('float64');
        return;
      }
    }
    outCols.push(col);
    outTypes.push(t);
  });
  return { cols: outCols, types: outTypes };
}
