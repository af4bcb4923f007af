/** The order of `sort`, `sort-by` and `compare`: nil first, then numbers (int and float together, in the value order of src/types/value-order.ts), strings by code point, keywords, booleans, vectors element-wise. */
import { BList, BVector, Keyword, Sym, Timestamp } from '../../../grammars/batuta/forms.js';
import { compareValues as compareScalars } from '../../../types/value-order.js';
import { evalError } from '../batuta-error.js';
import { printValue } from '../printer.js';
import type { Value } from '../values.js';

const rank = (v: Value): number => (v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'bigint' || typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : v instanceof Keyword ? 4 : v instanceof Sym ? 5 : v instanceof Timestamp ? 6 : v instanceof BVector || v instanceof BList ? 7 : 8);

const cmpText = (a: string, b: string): number => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length - y.length;
};

export function compareValues(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a === null) return 0;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  // Numbers in the system's one value order: int64 vs float64 exactly, NaN above every number.
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return compareScalars(a, b);
  if (typeof a === 'string' && typeof b === 'string') return cmpText(a, b);
  if ((a instanceof Keyword && b instanceof Keyword) || (a instanceof Sym && b instanceof Sym)) return cmpText(a.name, b.name);
  if (a instanceof Timestamp && b instanceof Timestamp) return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
  if ((a instanceof BVector || a instanceof BList) && (b instanceof BVector || b instanceof BList)) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      const c = compareValues(a.items[i] ?? null, b.items[i] ?? null);
      if (c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  throw evalError(`cannot compare ${printValue(a)} with ${printValue(b)}`);
}
