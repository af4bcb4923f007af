/** The `distinct` arrow: drop duplicate rows; all columns together form a key. */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { DistinctRel, Rel } from '../rel.js';
import { makeSchema } from '../schema-utils.js';

export const Distinct = {
  create(input: Rel, span?: SourceSpan): DistinctRel {
    const key = input.schema.key ?? input.schema.fields.map((_, i) => i);
    return { kind: 'distinct', schema: makeSchema(input.schema.fields, key), input, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is DistinctRel {
    return r.kind === 'distinct';
  },
};
