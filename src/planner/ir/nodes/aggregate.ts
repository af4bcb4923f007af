/**
 * The `aggregate` arrow (γ): group keys then aggregate results. The group
 * keys form the output key; without group keys the output is exactly one row.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { AggregateCall, NamedExpr } from '../expr.js';
import { inferAggregate, inferExpr } from '../infer.js';
import type { AggregateRel, Rel } from '../rel.js';
import { makeField, makeSchema } from '../schema-utils.js';

export const Aggregate = {
  create(input: Rel, groupBy: readonly NamedExpr[], aggregates: readonly AggregateCall[], span?: SourceSpan): AggregateRel {
    const keyFields = groupBy.map(({ expr, name }) => {
      const t = inferExpr(expr, input.schema);
      const source = expr.kind === 'column' ? input.schema.fields[expr.index] : undefined;
      return makeField(name, t.type, t.nullable || t.type === 'null', source?.qualifier, source?.metadata);
    });
    const grouped = groupBy.length > 0;
    const aggFields = aggregates.map((a) => {
      const t = inferAggregate(a, input.schema, grouped);
      return makeField(a.name, t.type, t.nullable || t.type === 'null');
    });
    const schema = makeSchema([...keyFields, ...aggFields], grouped ? groupBy.map((_, i) => i) : undefined);
    return { kind: 'aggregate', schema, input, groupBy, aggregates, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is AggregateRel {
    return r.kind === 'aggregate';
  },
};
