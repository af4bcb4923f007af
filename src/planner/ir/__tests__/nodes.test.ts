import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { agg, and, asc, call, col, eq, gt, lit, named } from '../expr-builders.js';
import { Aggregate, Distinct, Filter, Join, Limit, Project, Recursive, RecursiveRef, Scan, SetOp, Sort, Values, Window } from '../index.js';
import { printPlan } from '../print.js';
import { customers, invoices } from './fixtures.js';

const errorOf = (f: () => unknown): PyralogError => {
  try {
    f();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
};
const fieldsOf = (r: { schema: { fields: readonly { name: string; type: string; nullable: boolean }[] } }): string[] =>
  r.schema.fields.map((f) => `${f.name}:${f.type}${f.nullable ? '?' : ''}`);

describe('node constructors', () => {
  it('scan projects columns, qualifies them and keeps the key when projected', () => {
    const s = Scan.create('invoices', invoices, { alias: 'i', projection: [2, 0] });
    expect(fieldsOf(s)).toEqual(['total:float64?', 'invoice_id:int64']);
    expect(s.schema.fields.map((f) => f.qualifier)).toEqual(['i', 'i']);
    expect(s.schema.key).toEqual([1]);
    expect(Scan.create('invoices', invoices, { projection: [2] }).schema.key).toBeUndefined();
    expect(errorOf(() => Scan.create('invoices', invoices, { projection: [7] })).code).toBe('COLUMN_OUT_OF_RANGE');
  });

  it('filter requires a bool predicate and keeps schema and key', () => {
    const s = Scan.create('invoices', invoices);
    const f = Filter.create(s, gt(col(2), lit(10.0)));
    expect(f.schema).toBe(s.schema);
    const e = errorOf(() => Filter.create(s, call('add', col(0), lit(1n)), { line: 1, column: 1 }));
    expect([e.code, e.message]).toEqual(['TYPE_MISMATCH', 'a filter predicate must be bool, got int64']);
  });

  it('project names fields and keeps the key only when key columns survive', () => {
    const s = Scan.create('invoices', invoices);
    const p = Project.create(s, [named(col(2, 'total'), 'amount'), named(col(0, 'invoice_id'), 'id'), named(call('mul', col(2), lit(2n)), 'double')]);
    expect(fieldsOf(p)).toEqual(['amount:float64?', 'id:int64', 'double:float64?']);
    expect(p.schema.key).toEqual([1]);
    expect(p.schema.fields[0]?.qualifier).toBe('invoices');
    expect(p.schema.fields[2]?.qualifier).toBeUndefined();
    expect(Project.create(s, [named(col(1), 'c')]).schema.key).toBeUndefined();
  });

  it('aggregate outputs group keys then aggregates, keyed by the group keys', () => {
    const a = Aggregate.create(Scan.create('invoices', invoices), [named(col(3, 'billing_city'), 'billing_city')], [
      agg('sum', [col(2)], 'revenue'),
      agg('count', [], 'n'),
    ]);
    expect(fieldsOf(a)).toEqual(['billing_city:utf8?', 'revenue:float64?', 'n:int64']);
    expect(a.schema.key).toEqual([0]);
  });

  it('join derives nullability per kind and the equi keys', () => {
    const i = Scan.create('invoices', invoices, { projection: [0, 1] });
    const c = Scan.create('customers', customers);
    const cond = and(eq(col(1), col(2)), gt(col(0), lit(3n)));
    const inner = Join.create(i, c, 'inner', cond);
    expect(fieldsOf(inner)).toEqual(['invoice_id:int64', 'customer_id:int64', 'customer_id:int64', 'name:utf8', 'country:utf8?']);
    expect(inner.equiKeys).toEqual([{ left: col(1), right: col(0) }]);
    expect(inner.schema.key).toEqual([0, 2]);
    expect(fieldsOf(Join.create(i, c, 'left', cond)).slice(2)).toEqual(['customer_id:int64?', 'name:utf8?', 'country:utf8?']);
    expect(fieldsOf(Join.create(i, c, 'right', cond)).slice(0, 2)).toEqual(['invoice_id:int64?', 'customer_id:int64?']);
    expect(fieldsOf(Join.create(i, c, 'semi', cond))).toEqual(['invoice_id:int64', 'customer_id:int64']);
    const swapped = Join.create(i, c, 'inner', eq(col(2), col(1)));
    expect(swapped.equiKeys).toEqual([{ left: col(1), right: col(0) }]);
    expect(Join.create(i, c, 'inner', eq(col(2), lit(1n))).equiKeys).toEqual([]);
    expect(errorOf(() => Join.create(i, c, 'cross', cond)).code).toBe('INVALID_PLAN');
    expect(errorOf(() => Join.create(i, c, 'inner', eq(col(0), col(3)))).message).toBe('eq: cannot compare int64 with utf8');
  });

  it('sort, limit, distinct and window derive their schemas', () => {
    const s = Scan.create('customers', customers);
    expect(Sort.create(s, [asc(col(1))]).schema).toBe(s.schema);
    expect(Limit.create(s, 5, 10).schema).toBe(s.schema);
    expect(errorOf(() => Limit.create(s, -1, 10)).code).toBe('INVALID_PLAN');
    expect(Distinct.create(Project.columns(s, [2])).schema.key).toEqual([0]);
    const w = Window.create(s, [{ fn: 'row_number', args: [], partitionBy: [col(2)], orderBy: [asc(col(1))], frame: null, name: 'rn' }]);
    expect(fieldsOf(w)).toEqual(['customer_id:int64', 'name:utf8', 'country:utf8?', 'rn:int64']);
  });

  it('set operations unify int64 with float64 by casting one side', () => {
    const a = Values.create({ fields: [{ name: 'x', type: 'int64', nullable: false }] }, [[1n]]);
    const b = Values.create({ fields: [{ name: 'y', type: 'float64', nullable: true }] }, [[2.5], [null]]);
    const u = SetOp.create('union_all', a, b);
    expect(fieldsOf(u)).toEqual(['x:float64?']);
    expect(printPlan(u)).toBe(['SetOp: union_all', '  Project: cast(#0 x as float64) as x', '    Values: 1 row [x]', '  Values: 2 rows [y]'].join('\n'));
    const c = Values.create({ fields: [{ name: 's', type: 'utf8', nullable: false }] }, [['a']]);
    expect(errorOf(() => SetOp.create('union', a, c)).code).toBe('SCHEMA_MISMATCH');
    expect(errorOf(() => SetOp.create('union', a, Scan.create('customers', customers))).message).toBe('union: the inputs have 1 and 3 columns');
  });

  it('values checks arity, types and nullability', () => {
    const schema = { fields: [{ name: 'x', type: 'int64' as const, nullable: false }] };
    expect(errorOf(() => Values.create(schema, [[1n, 2n]])).code).toBe('SCHEMA_MISMATCH');
    expect(errorOf(() => Values.create(schema, [[1.5]])).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => Values.create(schema, [[null]])).message).toBe('values row 1, column x: null is not a valid int64 (not null)');
    const keyed = { ...schema, key: [0] };
    expect(Values.create(keyed, [[1n], [2n]]).schema.key).toEqual([0]);
    expect(errorOf(() => Values.create(keyed, [[1n], [2n], [1n]])).message).toBe('values row 3 repeats the key of an earlier row');
  });

  it('recursive checks the step against the base', () => {
    const schema = { fields: [{ name: 'n', type: 'int64' as const, nullable: false }] };
    const base = Values.create(schema, [[1n]]);
    const ref = RecursiveRef.create('t', schema);
    const step = Project.create(Filter.create(ref, gt(lit(5n), col(0))), [named(call('add', col(0), lit(1n)), 'n')]);
    const r = Recursive.create('t', base, step);
    expect(fieldsOf(r)).toEqual(['n:int64']);
    const bad = Project.create(ref, [named(lit('x'), 'n')]);
    expect(errorOf(() => Recursive.create('t', base, bad)).code).toBe('SCHEMA_MISMATCH');
  });
});
