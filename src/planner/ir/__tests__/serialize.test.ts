import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planArb } from '../../rules/__tests__/support/plans.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { agg, and, call, col, eq, gt, lit, named } from '../expr-builders.js';
import { Aggregate, Filter, Join, Limit, Scan, SetOp, Values } from '../index.js';
import { printPlan } from '../print.js';
import { deserializeExpr, deserializeRel, serializeExpr, serializeRel } from '../serialize.js';
import { customers, invoices } from './fixtures.js';

describe('plan JSON', () => {
  it('round-trips a plan with bigint, bytes, NaN and intervals', () => {
    const bytes = new Uint8Array([0, 10, 255]);
    const values = Values.create(
      {
        fields: [
          { name: 'n', type: 'int64', nullable: false },
          { name: 'b', type: 'binary', nullable: true },
          { name: 'f', type: 'float64', nullable: false },
          { name: 'i', type: 'interval', nullable: false },
        ],
      },
      [
        [9007199254740993n, bytes, Number.NaN, { months: 1, nanos: 5n }],
        [-1n, null, Infinity, { months: 0, nanos: 0n }],
        [0n, null, -0, { months: 0, nanos: 0n }],
      ],
    );
    const back = deserializeRel(serializeRel(values));
    expect(back).toEqual(values);
    expect(back.kind === 'values' && back.rows[0]?.[0]).toBe(9007199254740993n);
    expect(back.kind === 'values' && back.rows[0]?.[1]).toBeInstanceOf(Uint8Array);
    expect(Object.is(back.kind === 'values' && back.rows[2]?.[2], -0)).toBe(true);
  });

  it('round-trips a join/aggregate plan and keeps its printed form', () => {
    const i = Scan.create('invoices', invoices, { hints: [gt(col(2), lit(10.0))] });
    const c = Scan.create('customers', customers, { alias: 'c' });
    const j = Join.create(i, c, 'left', and(eq(col(1), col(5)), gt(col(2), lit(1.5))));
    const plan = Limit.create(
      Aggregate.create(Filter.create(j, call('is_not_null', col(6))), [named(col(7, 'country'), 'country')], [agg('sum', [col(2)], 'revenue')]),
      2,
      10,
    );
    const text = serializeRel(plan);
    const back = deserializeRel(text);
    expect(back).toEqual(plan);
    expect(printPlan(back)).toBe(printPlan(plan));
    expect(serializeRel(back)).toBe(text);
  });

  it('re-checks set operations and expressions', () => {
    const a = Values.create({ fields: [{ name: 'x', type: 'int64', nullable: false }] }, [[1n]]);
    const b = Values.create({ fields: [{ name: 'x', type: 'float64', nullable: false }] }, [[2.5]]);
    const u = SetOp.create('union', a, b);
    expect(deserializeRel(serializeRel(u))).toEqual(u);
    const e = and(eq(col(0, 'a'), lit(3n)), gt(col(1), lit('z')));
    expect(deserializeExpr(serializeExpr(e))).toEqual(e);
  });

  it('refuses documents that are not plans', () => {
    const err = (() => {
      try {
        deserializeRel('{"version": 99, "plan": {}}');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(PyralogError);
    expect((err as PyralogError).code).toBe('BAD_PLAN_JSON');
    expect(() => deserializeRel('{oops')).toThrow(/does not parse/);
  });

  it('property: random plans round-trip to equal plans and equal JSON', () => {
    fc.assert(
      fc.property(planArb(3), (plan) => {
        const text = serializeRel(plan);
        const back = deserializeRel(text);
        expect(back).toEqual(plan);
        expect(serializeRel(back)).toBe(text);
      }),
      { numRuns: 60 },
    );
  });
});
