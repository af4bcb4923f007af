/** The `filter` arrow (σ): keep the rows whose bool predicate is true; the schema passes through unchanged. */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { Expr } from '../expr.js';
import { expectBool, inferExpr } from '../infer.js';
import type { FilterRel, Rel } from '../rel.js';

export const Filter = {
  create(input: Rel, predicate: Expr, span?: SourceSpan): FilterRel {
    expectBool(inferExpr(predicate, input.schema), predicate.span ?? span, 'a filter predicate');
    return { kind: 'filter', schema: input.schema, input, predicate, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is FilterRel {
    return r.kind === 'filter';
  },
};
