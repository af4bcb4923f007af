/** The `window` arrow: input fields followed by one field per window call. */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { WindowCall } from '../expr.js';
import { inferWindow } from '../infer.js';
import { planError } from '../plan-error.js';
import type { Rel, WindowRel } from '../rel.js';
import { makeField, makeSchema } from '../schema-utils.js';

export const Window = {
  create(input: Rel, calls: readonly WindowCall[], span?: SourceSpan): WindowRel {
    const fields = calls.map((c) => {
      if (c.frame?.unit === 'range' && (c.frame.start.offset !== undefined || c.frame.end.offset !== undefined) && c.orderBy.length !== 1) {
        throw planError('INVALID_PLAN', `${c.fn}: a RANGE frame with an offset needs exactly one ORDER BY key`, c.span ?? span);
      }
      const t = inferWindow(c, input.schema);
      return makeField(c.name, t.type, t.nullable || t.type === 'null');
    });
    const schema = makeSchema([...input.schema.fields, ...fields], input.schema.key);
    return { kind: 'window', schema, input, calls, ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is WindowRel {
    return r.kind === 'window';
  },
};
