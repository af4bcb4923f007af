/**
 * Zone maps in the one value order: a float64 zone's max is NaN when the
 * column holds one, so a segment is skipped only when no row of it can match
 * (checked against the rows themselves on random columns over the whole
 * domain); zones of segments written before NaN counted are not used.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scalar } from '../../../types/data-type.js';
import { compareValues } from '../../../types/value-order.js';
import { nullableArb, seeded, valueArb } from '../../../types/__tests__/support/value-arbitraries.js';
import { columnFromValues, zoneOf } from '../../arrow/column-ops.js';
import type { StoredType } from '../../arrow/arrow-types.js';
import { zoneMayMatch, type Zone } from '../zone-prune.js';
import type { ZonePredicate } from '../../api.js';

const OPS = ['=', '!=', '<', '<=', '>', '>='] as const;

function holds(op: (typeof OPS)[number], x: Scalar, v: Scalar): boolean {
  if (x === null || v === null) return false;
  const c = compareValues(x, v);
  return { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op];
}

describe('zone maps', () => {
  it('a float64 zone holding NaN has NaN as its max; NULLs and NaN alone are handled', () => {
    expect(zoneOf('float64', columnFromValues('float64', [1, NaN, 2]))).toMatchObject({ min: 1, max: NaN, nullCount: 0 });
    expect(zoneOf('float64', columnFromValues('float64', [NaN, null]))).toMatchObject({ min: NaN, max: NaN, nullCount: 1 });
    expect(zoneOf('float64', columnFromValues('float64', [null]))).toMatchObject({ min: null, max: null, nullCount: 1 });
  });

  it.each(['int64', 'float64', 'utf8', 'bool', 'timestamp', 'date'] as const)('never rule out a %s segment holding a matching row', (type) => {
    const literal = type === 'int64' || type === 'float64' ? fc.oneof(valueArb('int64'), valueArb('float64')) : valueArb(type);
    fc.assert(
      fc.property(fc.array(nullableArb(type), { minLength: 1, maxLength: 20 }), fc.constantFrom(...OPS), literal, (values, op, v) => {
        const z = zoneOf(type as StoredType, columnFromValues(type as StoredType, values));
        const zone: Zone = { ...z, rows: values.length };
        const p: ZonePredicate = { column: 'c', op, value: v };
        const matches = values.some((x) => holds(op, x, v));
        if (matches) expect(zoneMayMatch(zone, p)).toBe(true);
      }),
      seeded(300),
    );
  });
});
