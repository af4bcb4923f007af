/** The `recursive_ref` arrow: inside a recursive step, the rows of the previous iteration of `name`. */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { Schema } from '../../../types/schema.js';
import type { RecursiveRefRel, Rel } from '../rel.js';

export const RecursiveRef = {
  create(name: string, schema: Schema, span?: SourceSpan): RecursiveRefRel {
    return { kind: 'recursive_ref', schema, name, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is RecursiveRefRel {
    return r.kind === 'recursive_ref';
  },
};
