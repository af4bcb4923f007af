/** Shared property-test settings and the "rule preserves results" check. */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Rel } from '../../../ir/rel.js';
import type { Rule } from '../../rule.js';
import { expectSameResults } from './run.js';
import { seeded } from '../../../../types/__tests__/support/value-arbitraries.js';

/** Random seed each run, printed; PYRALOG_SEED=<n> replays it. */
export const RUNS = seeded(60);

/**
 * For every generated plan: the rule must apply (the generator builds its
 * shape) unless `mayDecline`, and the plan before and after give the same rows.
 */
export function checkRule(rule: Rule, plans: fc.Arbitrary<Rel>, options: { ordered?: boolean; mayDecline?: boolean } = {}): void {
  let applied = 0;
  fc.assert(
    fc.property(plans, (before) => {
      const after = rule.apply(before);
      if (after === null) {
        expect(options.mayDecline, `${rule.name} declined`).toBe(true);
        return;
      }
      applied++;
      expectSameResults(before, after, options.ordered ?? false);
    }),
    RUNS,
  );
  expect(applied, `${rule.name} applied in too few cases`).toBeGreaterThan(RUNS.numRuns / 4);
}
