/**
 * The `project` arrow (π / derive): output exactly the named expressions.
 * A bare column reference keeps its field's qualifier and metadata; the key
 * survives when every key column is passed through as a bare reference.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { NamedExpr } from '../expr.js';
import { inferExpr } from '../infer.js';
import type { ProjectRel, Rel } from '../rel.js';
import { makeField, makeSchema } from '../schema-utils.js';

export const Project = {
  create(input: Rel, exprs: readonly NamedExpr[], span?: SourceSpan): ProjectRel {
    const fields = exprs.map(({ expr, name }) => {
      const t = inferExpr(expr, input.schema);
      const source = expr.kind === 'column' ? input.schema.fields[expr.index] : undefined;
      return makeField(name, t.type, t.nullable || t.type === 'null', source?.qualifier, source?.metadata);
    });
    const key = input.schema.key?.map((k) => exprs.findIndex(({ expr }) => expr.kind === 'column' && expr.index === k));
    const schema = makeSchema(fields, key !== undefined && key.every((k) => k >= 0) ? key : undefined);
    return { kind: 'project', schema, input, exprs, ...(span !== undefined ? { span } : {}) };
  },
  /** Keep input columns `indices` in that order, under their names. */
  columns(input: Rel, indices: readonly number[], span?: SourceSpan): ProjectRel {
    return Project.create(
      input,
      indices.map((i) => {
        const name = input.schema.fields[i]?.name ?? `#${i}`;
        return { expr: { kind: 'column', index: i, name }, name };
      }),
      span,
    );
  },
  is(r: Rel): r is ProjectRel {
    return r.kind === 'project';
  },
};
