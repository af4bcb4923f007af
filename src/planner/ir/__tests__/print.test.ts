import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { agg, asc, call, cast, col, desc, gt, inList, lit, named, param } from '../expr-builders.js';
import { Aggregate, Filter, Limit, Recursive, RecursiveRef, Scan, SetOp, Sort, Values, Window } from '../index.js';
import { printExpr, printPlan, printScalar } from '../print.js';
import { invoices } from './fixtures.js';

describe('printing', () => {
  it('prints scalars of every type', () => {
    expect(printScalar(null)).toBe('NULL');
    expect(printScalar(12n)).toBe('12');
    expect(printScalar(2)).toBe('2.0');
    expect(printScalar(2.5)).toBe('2.5');
    expect(printScalar("it's")).toBe("'it''s'");
    expect(printScalar(19_000, 'date')).toBe("DATE '2022-01-08'");
    expect(printScalar(1_700_000_000_123_456_789n, 'timestamp')).toBe("TIMESTAMP '2023-11-14T22:13:20.123456789'");
    expect(printScalar(-1n, 'timestamp')).toBe("TIMESTAMP '1969-12-31T23:59:59.999999999'");
    expect(printScalar(new Uint8Array([0, 255]))).toBe("x'00ff'");
    expect(printScalar({ months: 2, nanos: 5n })).toBe('INTERVAL(2 months, 5 ns)');
  });

  it('prints expressions', () => {
    expect(printExpr(call('coalesce', cast(col(1, 'a'), 'float64'), param('d', 'float64'), lit(0.5)))).toBe('coalesce(cast(#1 a as float64), $d, 0.5)');
    expect(printExpr(inList(col(0), [lit(1n), lit(2n)], true))).toBe('not_in(#0, [1, 2])');
  });

  it('prints every node kind with stable indentation', () => {
    const schema = { fields: [{ name: 'n', type: 'int64' as const, nullable: false }] };
    const ref = RecursiveRef.create('r', schema);
    const rec = Recursive.create('r', Values.create(schema, [[1n]]), Filter.create(ref, gt(lit(3n), col(0))), true);
    const agg1 = Aggregate.create(Scan.create('invoices', invoices, { alias: 'i' }), [named(col(1), 'customer_id')], [
      agg('sum', [col(2)], 'total', { filter: gt(col(2), lit(0.0)) }),
      agg('count_distinct', [col(3)], 'cities', { distinct: true }),
    ]);
    const w = Window.create(agg1, [
      {
        fn: 'sum',
        args: [col(1)],
        partitionBy: [],
        orderBy: [desc(col(1))],
        frame: { unit: 'rows', start: { kind: 'preceding', offset: 2n }, end: { kind: 'current_row' } },
        name: 'running',
      },
    ]);
    const plan = SetOp.create('union_all', Limit.create(Sort.create(Values.create(schema, []), [asc(col(0))]), 0, 3), rec);
    expect(printPlan(w)).toBe(
      [
        'Window: sum(#1 total) order by [#1 total desc nulls first] rows between 2 preceding and current row as running',
        '  Aggregate: by [#1 customer_id] [sum(#2 total) filter gt(#2 total, 0.0) as total, count_distinct(distinct #3 billing_city) as cities]',
        '    Scan: invoices as i [invoice_id, customer_id, total, billing_city, invoice_date]',
      ].join('\n'),
    );
    expect(printPlan(plan)).toBe(
      [
        'SetOp: union_all',
        '  Limit: 3',
        '    Sort: #0 n asc nulls last',
        '      Values: 0 rows [n]',
        '  Recursive: r distinct',
        '    Values: 1 row [n]',
        '    Filter: gt(3, #0 n)',
        '      RecursiveRef: r',
      ].join('\n'),
    );
  });

  it('renders a plan error with a caret under the offending call', () => {
    const source = 'from invoices | filter total + city > 3';
    const span = { line: 1, column: 24, endColumn: 36 };
    let err: PyralogError | undefined;
    try {
      Filter.create(Scan.create('invoices', invoices), gt({ kind: 'call', fn: 'add', args: [col(2), col(3)], span }, lit(3.0)));
    } catch (e) {
      err = e as PyralogError;
    }
    expect(err?.withSource(source).render()).toBe(
      [
        'error[TYPE_MISMATCH]: add: argument 2 must be a number (int64 or float64), got utf8',
        '  --> <query>:1:24',
        '  |',
        '1 | from invoices | filter total + city > 3',
        '  |                        ^^^^^^^^^^^^',
      ].join('\n'),
    );
  });
});
