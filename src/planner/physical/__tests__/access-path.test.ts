import { describe, expect, it } from 'vitest';
import { and, col, eq, ge, gt, inList, isNull, lit, lt, param } from '../../ir/expr-builders.js';
import { Filter, Scan } from '../../ir/index.js';
import type { Expr } from '../../ir/expr.js';
import type { Schema } from '../../../types/schema.js';
import { explainPhysical } from '../explain.js';
import { toPhysical } from '../to-physical.js';
import { fixtureCatalog } from './catalog-fixture.js';

const events: Schema = {
  fields: [
    { name: 'device', type: 'utf8', nullable: false },
    { name: 'seq', type: 'int64', nullable: false },
    { name: 'value', type: 'float64', nullable: true },
  ],
  key: [0, 1],
};
const catalog = fixtureCatalog({ events: { schema: events, primaryKey: ['device', 'seq'], rowCount: 10_000 } });

function explain(hints: Expr[]): string {
  const scan = Scan.create('events', events, { hints });
  return explainPhysical(toPhysical(Filter.create(scan, and(...hints)), catalog), { rows: false }).split('\n')[1]?.trim() ?? '';
}

describe('access paths', () => {
  it('equality on the whole primary key is a point get (IN lists expand)', () => {
    expect(explain([eq(col(0), lit('a')), eq(col(1), lit(7n))])).toBe("Scan: events [device, seq, value] hints=[eq(#0 device, 'a'), eq(#1 seq, 7)] [point_get ('a', 7)]");
    expect(explain([inList(col(0), [lit('a'), lit('b')]), eq(lit(7n), col(1))])).toBe(
      "Scan: events [device, seq, value] hints=[in(#0 device, ['a', 'b']), eq(7, #1 seq)] [point_get ('a', 7) ('b', 7)]",
    );
  });

  it('equality on a key prefix plus a range on the next key column is a key range', () => {
    expect(explain([eq(col(0), lit('a')), ge(col(1), lit(5n)), lt(col(1), lit(9n))])).toBe(
      "Scan: events [device, seq, value] hints=[eq(#0 device, 'a'), ge(#1 seq, 5), lt(#1 seq, 9)] [key_range >=('a', 5) <('a', 9) zone: device = 'a' and seq >= 5 and seq < 9]",
    );
    expect(explain([eq(col(0), lit('a'))])).toBe("Scan: events [device, seq, value] hints=[eq(#0 device, 'a')] [key_range >=('a') <=('a') zone: device = 'a']");
  });

  it('other comparisons become zone-map predicates of a full scan', () => {
    expect(explain([gt(col(2), lit(1.5)), isNull(col(2)), gt(col(1), lit(3n))])).toBe(
      'Scan: events [device, seq, value] hints=[gt(#2 value, 1.5), is_null(#2 value), gt(#1 seq, 3)] [full_scan zone: value > 1.5 and value is null and seq > 3]',
    );
  });

  it('parameters give a parameterized path printed with $name; literals of the other numeric type are converted', () => {
    expect(explain([eq(col(0), param('d', 'utf8')), gt(col(2), lit(1n))])).toBe(
      "Scan: events [device, seq, value] hints=[eq(#0 device, $d), gt(#2 value, 1)] [key_range >=($d) <=($d) zone: device = $d and value > 1.0]",
    );
  });

  it('a literal hint that can never hold makes the path empty', () => {
    expect(explain([eq(col(1), lit(2.5))])).toBe('Scan: events [device, seq, value] hints=[eq(#1 seq, 2.5)] [empty]');
  });
});

describe('access path text', () => {
  const daily: Schema = {
    fields: [
      { name: 'day', type: 'date', nullable: false },
      { name: 'at', type: 'timestamp', nullable: true },
    ],
    key: [0],
  };
  const dailyCatalog = fixtureCatalog({ daily: { schema: daily, primaryKey: ['day'], rowCount: 100 } });
  const line = (hints: Expr[]): string => {
    const scan = Scan.create('daily', daily, { hints });
    return explainPhysical(toPhysical(Filter.create(scan, and(...hints)), dailyCatalog), { rows: false }).split('\n')[1]?.replace(/.*\] \[/, '[') ?? '';
  };

  it('prints dates and timestamps by their column type, in keys, bounds and zone predicates', () => {
    expect(line([eq(col(0), lit(18262, 'date'))])).toBe("[point_get (DATE '2020-01-01')]");
    expect(line([ge(col(0), lit(18262, 'date')), lt(col(1), lit(1_577_836_800_000_000_000n, 'timestamp'))])).toBe(
      "[key_range >=(DATE '2020-01-01') zone: day >= DATE '2020-01-01' and at < TIMESTAMP '2020-01-01T00:00:00.000']",
    );
  });
});
