/**
 * The `recursive` arrow: a fixpoint of `base` and repeated `step`s reading the
 * previous iteration through `recursive_ref` nodes of the same name. The step
 * must produce exactly the base's column types, and every reference must have
 * them too; the output is nullable where either side is.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import { childrenOf } from '../children.js';
import { planError } from '../plan-error.js';
import type { RecursiveRel, Rel } from '../rel.js';
import { describeSchema, makeField, makeSchema, sameShape } from '../schema-utils.js';
import { unifySchemas } from './set-op.js';

function refsOf(rel: Rel, name: string, out: Rel[] = []): Rel[] {
  if (rel.kind === 'recursive_ref' && rel.name === name) out.push(rel);
  // An inner recursive of the same name shadows this one.
  if (rel.kind === 'recursive' && rel.name === name) return out;
  for (const c of childrenOf(rel)) refsOf(c, name, out);
  return out;
}

export const Recursive = {
  create(name: string, base: Rel, step: Rel, distinct = false, span?: SourceSpan): RecursiveRel {
    unifySchemas(base.schema, step.schema, `recursive ${name}`, span);
    if (!sameShape(base.schema, step.schema)) {
      throw planError('SCHEMA_MISMATCH', `recursive ${name}: the step must produce the base's types`, span, [
        `base ${describeSchema(base.schema)}`,
        `step ${describeSchema(step.schema)}`,
      ]);
    }
    const fields = base.schema.fields.map((f, i) =>
      makeField(f.name, f.type, f.nullable || step.schema.fields[i]?.nullable === true, f.qualifier, f.metadata),
    );
    const schema = makeSchema(fields);
    for (const ref of refsOf(step, name)) {
      if (!sameShape(ref.schema, schema)) {
        throw planError('SCHEMA_MISMATCH', `recursive ${name}: a reference has schema ${describeSchema(ref.schema)}, expected ${describeSchema(schema)}`, ref.span ?? span);
      }
    }
    return { kind: 'recursive', schema, name, base, step, distinct, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is RecursiveRel {
    return r.kind === 'recursive';
  },
};
