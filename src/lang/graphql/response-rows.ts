/**
 * How many rows an assembled root value holds beyond the root field's own
 * rows: the elements of every nested list (array relationships, aggregate
 * `nodes`), at any depth. The request-wide `maxRows` limit sums this with the
 * root rows, so a response cannot grow past it through nesting.
 */
import type { Shape } from './result-values.js';

/** Elements of the lists inside a JSON value (a relationship's value), nested lists included. */
function listElements(value: unknown): number {
  if (Array.isArray(value)) {
    let n = value.length;
    for (const v of value) n += listElements(v);
    return n;
  }
  if (value !== null && typeof value === 'object') {
    let n = 0;
    for (const v of Object.values(value)) n += listElements(v);
    return n;
  }
  return 0;
}

/** The nested list rows of `value`, assembled from `shape`. */
export function nestedRows(shape: Shape, value: unknown): number {
  switch (shape.kind) {
    case 'column':
    case 'const':
      return 0;
    case 'json':
      return listElements(value);
    case 'object': {
      if (value === null || typeof value !== 'object') return 0;
      let n = 0;
      const record = value as Record<string, unknown>;
      for (const [key, f] of shape.fields) n += nestedRows(f, record[key]);
      return n;
    }
  }
}
