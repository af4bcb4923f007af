/**
 * Response values from a plan's output rows through its `Shape`: scalar
 * columns encoded as JSON values (types/json-encode.ts, the same encoding
 * json_object uses inside the plan), JSON text columns parsed, absent
 * objects as null. No resolver runs per field.
 */
import type { Scalar } from '../../types/data-type.js';
import { jsonValue } from '../../types/json-encode.js';
import type { Shape } from './result-values.js';

export function assembleValue(shape: Shape, row: readonly Scalar[]): unknown {
  switch (shape.kind) {
    case 'column':
      return jsonValue(row[shape.index] ?? null, shape.type);
    case 'json': {
      const text = row[shape.index];
      return typeof text === 'string' ? JSON.parse(text) : null;
    }
    case 'const':
      return shape.value;
    case 'object': {
      if (shape.present !== null && (row[shape.present] ?? null) === null) return null;
      const out: Record<string, unknown> = {};
      for (const [key, f] of shape.fields) out[key] = assembleValue(f, row);
      return out;
    }
  }
}
