/** The `sort` arrow: order rows by keys; the schema (and its key) passes through. */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { SortKey } from '../expr.js';
import { inferExpr } from '../infer.js';
import { planError } from '../plan-error.js';
import type { Rel, SortRel } from '../rel.js';
import { isOrdered } from '../type-rules.js';

export const Sort = {
  create(input: Rel, keys: readonly SortKey[], span?: SourceSpan): SortRel {
    for (const k of keys) {
      const t = inferExpr(k.expr, input.schema);
      if (!isOrdered(t.type)) throw planError('TYPE_MISMATCH', `cannot sort by a value of type ${t.type}`, k.expr.span ?? span);
    }
    return { kind: 'sort', schema: input.schema, input, keys, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is SortRel {
    return r.kind === 'sort';
  },
};
