import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { openChinookPyralog } from '../prql/pyralog-runner.js';
import { PLAN_PAIRS } from './plan-pairs.js';
import { canonicalPlan } from './canonical-plan.js';

// For each pair in plan-pairs.ts the printed optimized plans of the Batuta
// program and the PRQL query are the same text, up to the names of internal
// columns (`_g0`, `_a1`, `_w2_0`: a front end's own temporaries, renamed in
// order of first appearance). Column names users see, expressions, operators
// and their order must match exactly.

let db: Database;
beforeAll(async () => {
  db = await openChinookPyralog();
});
afterAll(() => db.close());

describe('Batuta and PRQL reach the same optimized plan', () => {
  it('has at least 15 pairs', () => {
    expect(PLAN_PAIRS.length).toBeGreaterThanOrEqual(15);
  });
  it('canonicalPlan renames only internal names', () => {
    expect(canonicalPlan('Project: #0 _g0 as album_id, #1 _a0 as n\n  Aggregate: by [#0 album_id as _g0] [count() as _a0]')).toBe(
      'Project: #0 _t1 as album_id, #1 _t2 as n\n  Aggregate: by [#0 album_id as _t1] [count() as _t2]',
    );
    expect(canonicalPlan('Scan: tracks [track_id, x_1]')).toBe('Scan: tracks [track_id, x_1]');
  });
  for (const p of PLAN_PAIRS) {
    it(p.name, () => {
      const prql = canonicalPlan(db.explain('prql', p.prql, p.params).optimized);
      const batuta = canonicalPlan(db.explain('batuta', p.batuta, p.params).optimized);
      expect(batuta).toBe(prql);
    });
  }
});
