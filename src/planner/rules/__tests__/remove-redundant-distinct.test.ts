import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agg, col, named } from '../../ir/expr-builders.js';
import { Aggregate, Distinct, Project, SetOp } from '../../ir/index.js';
import type { Rel } from '../../ir/rel.js';
import { removeRedundantDistinct } from '../remove-redundant-distinct.js';
import { tableArb } from './support/arbitraries.js';
import { invoices } from './support/fixtures.js';
import { checkRule } from './support/property.js';

describe('remove-redundant-distinct', () => {
  it('drops a distinct over a keyed input, keeps it otherwise', () => {
    const scan = invoices();
    expect(removeRedundantDistinct.apply(Distinct.create(scan))).toBe(scan);
    expect(removeRedundantDistinct.apply(Distinct.create(Project.columns(scan, [3])))).toBeNull();
  });

  it('property: distinct over group keys, an earlier distinct or a union changes nothing', () => {
    const plans = fc.tuple(tableArb('c', { maxRows: 12 }), fc.constantFrom('aggregate', 'distinct', 'union')).map(([t, shape]) => {
      const input: Rel =
        shape === 'aggregate'
          ? Aggregate.create(t, [named(col(0), 'k')], [agg('count', [], 'n')])
          : shape === 'distinct'
            ? Distinct.create(t)
            : SetOp.create('union', t, t);
      return Distinct.create(input);
    });
    checkRule(removeRedundantDistinct, plans);
  });
});
