/** Rule: a projection that passes every input column through, in order and under its name, is the identity arrow. */
import type { Rel } from '../ir/rel.js';
import type { Rule } from './rule.js';

export const removeIdentityProject: Rule = {
  name: 'remove-identity-project',
  order: 'top_down',
  apply(rel: Rel): Rel | null {
    if (rel.kind !== 'project') return null;
    const fields = rel.input.schema.fields;
    if (rel.exprs.length !== fields.length) return null;
    const identity = rel.exprs.every(({ expr, name }, i) => expr.kind === 'column' && expr.index === i && fields[i]?.name === name);
    return identity ? rel.input : null;
  },
};
