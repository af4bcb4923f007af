/**
 * GraphQL, PRQL and Batuta reach the same optimized plan for each triple of
 * plan-triples.ts: printed plans equal up to the names of internal columns
 * (as test/batuta/plan-equality.test.ts compares Batuta with PRQL) and up to
 * where NULLs would sort on a sort key that cannot be NULL (each language
 * has its own default placement — PRQL first ascending, GraphQL and Batuta
 * last — which is moot on a key column).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLanguage, type Database } from '../../src/index.js';
import { SnapshotCatalog } from '../../src/engine/catalog-view.js';
import { Sort, childrenOf, inferExpr, printPlan, withChildren, type Rel } from '../../src/planner/ir/index.js';
import { optimize } from '../../src/planner/optimizer.js';
import { openChinookGraphql } from './chinook-graphql.js';
import { PLAN_TRIPLES } from './plan-triples.js';
import { canonicalPlan } from '../batuta/canonical-plan.js';

/** `rel` with every sort key that cannot be NULL put in one canonical placement (nulls last). */
function canonicalNulls(rel: Rel): Rel {
  const inner = withChildren(rel, childrenOf(rel).map(canonicalNulls));
  if (inner.kind !== 'sort') return inner;
  const keys = inner.keys.map((k) => (inferExpr(k.expr, inner.input.schema).nullable ? k : { ...k, nullsFirst: false }));
  return Sort.create(inner.input, keys);
}

function optimizedPlan(lang: string, text: string): string {
  const snapshot = db.snapshot();
  try {
    const rel = optimize(getLanguage(lang).compile(text, new SnapshotCatalog(snapshot)), { trace: false }).rel;
    return canonicalPlan(printPlan(canonicalNulls(rel)));
  } finally {
    snapshot.close();
  }
}

let db: Database;
beforeAll(async () => {
  db = await openChinookGraphql();
});
afterAll(() => db.close());

describe('GraphQL, PRQL and Batuta reach the same optimized plan', () => {
  it('has at least 10 triples', () => {
    expect(PLAN_TRIPLES.length).toBeGreaterThanOrEqual(10);
  });
  for (const t of PLAN_TRIPLES) {
    it(t.name, () => {
      const graphql = optimizedPlan('graphql', t.graphql);
      const prql = optimizedPlan('prql', t.prql);
      const batuta = optimizedPlan('batuta', t.batuta);
      expect(graphql).toBe(prql);
      expect(batuta).toBe(prql);
    });
  }
});
