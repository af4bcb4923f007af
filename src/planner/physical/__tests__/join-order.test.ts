import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../engine/exec/index.js';
import { and, col, eq } from '../../ir/expr-builders.js';
import { Join, Scan, Values } from '../../ir/index.js';
import { printPlan } from '../../ir/print.js';
import type { Rel } from '../../ir/rel.js';
import type { Schema } from '../../../types/schema.js';
import { rowKeys, rowsOf } from '../../rules/__tests__/support/run.js';
import { tableArb } from '../../rules/__tests__/support/arbitraries.js';
import { explainPhysical } from '../explain.js';
import { toPhysical } from '../to-physical.js';
import { DP_LIMIT } from '../join-reorder.js';
import { fixtureCatalog, col as stat } from './catalog-fixture.js';

const keyed = (extra: string): Schema => ({
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: extra, type: 'int64', nullable: false },
  ],
  key: [0],
});
const catalog = fixtureCatalog({
  facts: { schema: { fields: [{ name: 'a_id', type: 'int64', nullable: false }, { name: 'b_id', type: 'int64', nullable: false }, { name: 'c_id', type: 'int64', nullable: false }] }, primaryKey: [], rowCount: 1_000_000, columns: { a_id: stat(1n, 100n), b_id: stat(1n, 1000n), c_id: stat(1n, 10n) } },
  a: { schema: keyed('x'), primaryKey: ['id'], rowCount: 100, columns: { id: stat(1n, 100n, 100) } },
  b: { schema: keyed('y'), primaryKey: ['id'], rowCount: 1000, columns: { id: stat(1n, 1000n, 1000) } },
  c: { schema: keyed('z'), primaryKey: ['id'], rowCount: 10, columns: { id: stat(1n, 10n, 10) } },
});

describe('join order', () => {
  it('joins the big fact table last-probed, builds hash tables on small inputs, and restores the column order', () => {
    const facts = Scan.create('facts', catalog.table('facts').schema);
    const a = Scan.create('a', catalog.table('a').schema);
    const b = Scan.create('b', catalog.table('b').schema);
    const c = Scan.create('c', catalog.table('c').schema);
    // ((a × b) × facts) × c, written in a bad order with all conditions on top.
    const plan = Join.create(
      Join.create(Join.create(a, b, 'cross', null), facts, 'inner', and(eq(col(4), col(0)), eq(col(5), col(2)))),
      c,
      'inner',
      eq(col(6), col(7)),
    );
    const physical = toPhysical(plan, catalog);
    expect(physical.root.schema.fields.map((f) => `${f.qualifier}.${f.name}`)).toEqual(plan.schema.fields.map((f) => `${f.qualifier}.${f.name}`));
    expect(explainPhysical(physical)).toMatchInlineSnapshot(`
      "Project: #3 id, #4 x, #7 id, #8 y, #0 a_id, #1 b_id, #2 c_id, #5 id, #6 z rows≈1000000
        Join inner: eq(#1 b_id, #7 id) [hash build=right] rows≈1000000
          Join inner: and(eq(#0 a_id, #3 id), eq(#2 c_id, #5 id)) [hash build=right] rows≈1000000
            Scan: facts [a_id, b_id, c_id] [full_scan] rows≈1000000
            Join cross [nested_loop] rows≈1000
              Scan: a [id, x] [full_scan] rows≈100
              Scan: c [id, z] [full_scan] rows≈10
          Scan: b [id, y] [full_scan] rows≈1000"
    `);
    for (const [join, strategy] of physical.joins) {
      const [l, r] = [physical.estimator.rows(join.left), physical.estimator.rows(join.right)];
      expect(strategy.buildSide).toBe(l < r ? 'left' : 'right');
    }
  });

  it('picks the smaller input as the hash build side of a two-way join', () => {
    const facts = Scan.create('facts', catalog.table('facts').schema);
    const c = Scan.create('c', catalog.table('c').schema);
    const left = toPhysical(Join.create(c, facts, 'inner', eq(col(0), col(4))), catalog);
    expect([...left.joins.values()]).toEqual([{ algorithm: 'hash', buildSide: 'left' }]);
    const right = toPhysical(Join.create(facts, c, 'left', eq(col(2), col(3))), catalog);
    expect([...right.joins.values()]).toEqual([{ algorithm: 'hash', buildSide: 'right' }]);
    const nested = toPhysical(Join.create(facts, c, 'cross', null), catalog);
    expect([...nested.joins.values()]).toEqual([{ algorithm: 'nested_loop', buildSide: 'right' }]);
  });
});

describe('join order: property', () => {
  it('reordered inner-join trees give the same rows in the same columns', () => {
    const tables = fc.array(tableArb('t', { maxRows: 5, maxCols: 3 }), { minLength: 3, maxLength: 5 });
    const chain = tables.chain((ts) =>
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { minLength: ts.length - 1, maxLength: ts.length - 1 }).map((picks) => {
        let rel: Rel = ts[0]!;
        ts.slice(1).forEach((t, k) => {
          const [li, ri, useEq] = picks[k]!;
          const n = rel.schema.fields.length;
          const lcol = li % n;
          const rcol = ri % t.schema.fields.length;
          const comparable = rel.schema.fields[lcol]?.type === t.schema.fields[rcol]?.type;
          rel = useEq && comparable ? Join.create(rel, t, 'inner', eq(col(lcol), col(n + rcol))) : Join.create(rel, t, 'cross', null);
        });
        return rel;
      }),
    );
    fc.assert(
      fc.property(chain, (plan) => {
        const physical = toPhysical(plan, catalog);
        expect(physical.root.schema.fields.map((f) => [f.name, f.type])).toEqual(plan.schema.fields.map((f) => [f.name, f.type]));
        const before = rowsOf(plan).sort();
        const after = rowKeys(collect(physical).arrays()).sort();
        expect(after, printPlan(physical.root)).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('orders more than DP_LIMIT inputs greedily and still gives the same rows', () => {
    const n = DP_LIMIT + 3;
    const one = (i: number, rowCount: number): Rel =>
      Values.create(
        { fields: [{ name: `k${i}`, type: 'int64', nullable: false }, { name: `v${i}`, type: 'int64', nullable: false }] },
        Array.from({ length: rowCount }, (_, r) => [BigInt(r % 3), BigInt(i * 100 + r)]),
      );
    // A chain t0 - t1 - … joined on k, written as one condition over a cross product.
    let rel: Rel = one(0, 4);
    const conds = [];
    for (let i = 1; i < n; i++) {
      const offset = rel.schema.fields.length;
      rel = Join.create(rel, one(i, 1 + (i % 3)), 'cross', null);
      conds.push(eq(col(offset - 2), col(offset)));
    }
    const plan = Join.create(rel, one(n, 2), 'inner', and(...conds, eq(col(0), col(rel.schema.fields.length))));
    const physical = toPhysical(plan, catalog);
    expect(physical.root.kind).toBe('project');
    expect(rowKeys(collect(physical).arrays()).sort()).toEqual(rowsOf(plan).sort());
    expect(rowsOf(plan).length).toBeGreaterThan(0);
  });
});
