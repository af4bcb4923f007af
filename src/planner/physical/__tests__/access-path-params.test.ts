import { describe, expect, it } from 'vitest';
import { col, eq, ge, gt, inList, le, lit, lt, ne, param } from '../../ir/expr-builders.js';
import { Scan } from '../../ir/index.js';
import type { Expr } from '../../ir/expr.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import type { TableInfo } from '../../../storage/api.js';
import { bindAccessPath, chooseAccessPath } from '../access-path.js';
import { printAccessPath } from '../explain.js';
import type { AccessPath, ParamRef } from '../plan.js';

const schema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'price', type: 'float64', nullable: true },
    { name: 'name', type: 'utf8', nullable: true },
  ],
  key: [0],
};
const table: TableInfo = { name: 't', id: 1, version: 1, fields: schema.fields, primaryKey: ['id'], foreignKeys: [], schema };
const path = (...hints: Expr[]): AccessPath => chooseAccessPath(Scan.create('t', schema, { hints }), table);
const binder = (values: Record<string, Scalar>) => (p: ParamRef) => (p.name in values ? values[p.name] : undefined);
const bound = (a: AccessPath, values: Record<string, Scalar>) => bindAccessPath(a, binder(values));

describe('access paths from parameters', () => {
  it('key = $p: a parameterized point get, bound per run, never holding the value in the plan', () => {
    const a = path(eq(col(0), param('id', 'int64')));
    expect(a.kind).toBe('parameterized');
    expect(printAccessPath(a)).toBe('point_get ($id)');
    expect(JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).not.toMatch(/\d+n/);
    expect(bound(a, { id: 7n })).toEqual({ kind: 'point_get', keys: [[7n]] });
    expect(bound(a, { id: 8n })).toEqual({ kind: 'point_get', keys: [[8n]] });
  });

  it('a NULL parameter reads nothing; a float parameter on an int key converts or reads nothing', () => {
    const a = path(eq(param('id', 'int64'), col(0)));
    expect(bound(a, { id: null })).toEqual({ kind: 'empty' });
    const f = path(eq(col(0), param('id', 'float64')));
    expect(bound(f, { id: 3 })).toEqual({ kind: 'point_get', keys: [[3n]] });
    expect(bound(f, { id: 3.5 })).toEqual({ kind: 'empty' });
    const n = path(eq(col(0), param('id', 'null')));
    expect(bound(n, { id: null })).toEqual({ kind: 'empty' });
  });

  it('an unusable value (missing, NaN, huge, wrong JS type) falls back to a scan without that predicate', () => {
    const a = path(eq(col(0), param('id', 'float64')), gt(col(1), lit(1.5)));
    const fallback = { kind: 'full_scan', predicates: [{ column: 'price', op: '>', value: 1.5 }] };
    expect(bound(a, {})).toEqual(fallback);
    expect(bound(a, { id: Number.NaN })).toEqual(fallback);
    expect(bound(a, { id: 1e300 })).toEqual(fallback);
    expect(bound(a, { id: 'seven' })).toEqual(fallback);
  });

  it('ranges on the key: fractional float parameters adjust the bound', () => {
    const a = path(gt(col(0), param('lo', 'float64')), le(col(0), param('hi', 'float64')));
    expect(printAccessPath(a)).toBe('key_range >($lo) <=($hi) zone: id > $lo and id <= $hi');
    expect(bound(a, { lo: 2.5, hi: 9.5 })).toEqual({
      kind: 'key_range',
      lower: { values: [3n], inclusive: true },
      upper: { values: [9n], inclusive: true },
      predicates: [
        { column: 'id', op: '>=', value: 3n },
        { column: 'id', op: '<=', value: 9n },
      ],
    });
    expect(bound(a, { lo: 2, hi: null })).toEqual({ kind: 'empty' });
    expect(bound(a, { lo: -Infinity, hi: 4 })).toEqual({
      kind: 'key_range',
      upper: { values: [4n], inclusive: true },
      predicates: [{ column: 'id', op: '<=', value: 4n }],
    });
  });

  it('zone predicates from parameters on non-key columns, int parameter vs float column', () => {
    const a = path(ge(col(1), param('min', 'int64')), ne(col(2), param('n', 'utf8')));
    expect(printAccessPath(a)).toBe('full_scan zone: price >= $min and name != $n');
    expect(bound(a, { min: 5n, n: 'x' })).toEqual({
      kind: 'full_scan',
      predicates: [
        { column: 'price', op: '>=', value: 5 },
        { column: 'name', op: '!=', value: 'x' },
      ],
    });
    expect(bound(a, { min: 2n ** 60n, n: 'x' })).toEqual({ kind: 'full_scan', predicates: [{ column: 'name', op: '!=', value: 'x' }] });
  });

  it('IN lists with parameters expand to point gets, dropping NULLs and duplicates', () => {
    const a = path(inList(col(0), [param('a', 'int64'), lit(2n), param('b', 'float64')]));
    expect(printAccessPath(a)).toBe('point_get ($a) (2) ($b)');
    expect(bound(a, { a: 1n, b: 2 })).toEqual({ kind: 'point_get', keys: [[1n], [2n]] });
    expect(bound(a, { a: null, b: 4.5 })).toEqual({ kind: 'point_get', keys: [[2n]] });
  });

  it('literals mixed with parameters: a literal hint that never holds makes the whole scan empty at plan time', () => {
    expect(path(eq(col(0), param('id', 'int64')), eq(col(1), lit(null, 'null')))).toEqual({ kind: 'empty' });
    expect(path(lt(col(0), param('id', 'int64')), eq(col(0), lit(1.25)))).toEqual({ kind: 'empty' });
  });

  it('literals of the other numeric type drive paths at plan time', () => {
    expect(path(eq(col(0), lit(4)))).toEqual({ kind: 'point_get', keys: [[4n]] });
    expect(path(gt(col(0), lit(2.5)))).toEqual({ kind: 'key_range', lower: { values: [3n], inclusive: true }, predicates: [{ column: 'id', op: '>=', value: 3n }] });
    expect(path(lt(col(1), lit(5n)))).toEqual({ kind: 'full_scan', predicates: [{ column: 'price', op: '<', value: 5 }] });
    expect(path(inList(col(0), [lit(1n), lit(1.0)]))).toEqual({ kind: 'point_get', keys: [[1n]] });
  });
});
