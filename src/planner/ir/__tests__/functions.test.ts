import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { functionNames, lookupFunction } from '../functions.js';
import type { TypeInfo } from '../type-rules.js';

const t = (type: TypeInfo['type'], nullable = false): TypeInfo => ({ type, nullable });
const ret = (fn: string, ...args: TypeInfo[]): TypeInfo => {
  const def = lookupFunction(fn);
  if (def === undefined) throw new Error(`no ${fn}`);
  return def.returnType(args);
};
const errorOf = (f: () => unknown): PyralogError => {
  try {
    f();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
};

describe('function registry', () => {
  it('covers the whole vocabulary', () => {
    const vocabulary = `add sub mul div div_int mod neg abs pow sqrt exp ln log10 log round floor ceil sign pi
      eq ne lt le gt ge is_null is_not_null is_distinct_from is_not_distinct_from and or not coalesce nullif
      concat lower upper length trim ltrim rtrim substr replace like ilike starts_with ends_with contains regexp_match
      lpad rpad reverse to_text year month day hour minute second day_of_week date_trunc strftime add_interval
      sub_interval date_diff json_object`.split(/\s+/);
    expect([...functionNames()].sort()).toEqual([...vocabulary].sort());
    expect(lookupFunction('nope')).toBeUndefined();
  });

  it('types arithmetic with int64 -> float64 widening', () => {
    expect(ret('add', t('int64'), t('int64'))).toEqual(t('int64'));
    expect(ret('mul', t('int64'), t('float64', true))).toEqual(t('float64', true));
    expect(ret('div', t('int64'), t('int64'))).toEqual(t('float64', true)); // x / 0 is NULL
    expect(ret('div_int', t('int64'), t('int64'))).toEqual(t('int64', true));
    expect(ret('mod', t('float64'), t('int64'))).toEqual(t('float64', true));
    expect(ret('round', t('int64'), t('int64'))).toEqual(t('int64'));
    expect(ret('round', t('float64'))).toEqual(t('float64'));
    expect(ret('pi')).toEqual(t('float64'));
    expect(ret('add', t('null', true), t('float64'))).toEqual(t('float64', true));
  });

  it('types calendar arithmetic with add and sub', () => {
    expect(ret('add', t('date'), t('int64'))).toEqual(t('date'));
    expect(ret('add', t('int64'), t('date'))).toEqual(t('date'));
    expect(ret('add', t('timestamp'), t('interval', true))).toEqual(t('timestamp', true));
    expect(ret('add', t('interval'), t('date'))).toEqual(t('date'));
    expect(ret('sub', t('timestamp'), t('timestamp'))).toEqual(t('interval'));
    expect(ret('sub', t('date'), t('date'))).toEqual(t('int64'));
    expect(ret('sub', t('interval'), t('interval'))).toEqual(t('interval'));
    expect(ret('add', t('null', true), t('date'))).toEqual(t('date', true));
    expect(errorOf(() => ret('sub', t('int64'), t('date'))).message).toBe('sub: cannot sub int64 and date');
    expect(errorOf(() => ret('add', t('timestamp'), t('timestamp'))).message).toBe('add: cannot add timestamp and timestamp');
  });

  it('types comparisons, logic and null handling', () => {
    expect(ret('lt', t('int64'), t('float64'))).toEqual(t('bool'));
    expect(ret('eq', t('utf8', true), t('null', true))).toEqual(t('bool', true));
    expect(ret('is_null', t('utf8', true))).toEqual(t('bool'));
    expect(ret('is_distinct_from', t('int64', true), t('int64', true))).toEqual(t('bool'));
    expect(ret('and', t('bool'), t('bool', true))).toEqual(t('bool', true));
    expect(ret('coalesce', t('int64', true), t('float64'))).toEqual(t('float64'));
    expect(ret('coalesce', t('int64', true), t('int64', true))).toEqual(t('int64', true));
    expect(ret('nullif', t('utf8'), t('utf8'))).toEqual(t('utf8', true));
  });

  it('types text and date functions', () => {
    expect(ret('concat', t('utf8'), t('utf8'), t('utf8', true))).toEqual(t('utf8', true));
    expect(ret('length', t('utf8'))).toEqual(t('int64'));
    expect(ret('substr', t('utf8'), t('int64'))).toEqual(t('utf8'));
    expect(ret('like', t('utf8'), t('utf8'))).toEqual(t('bool'));
    expect(ret('to_text', t('timestamp'))).toEqual(t('utf8'));
    expect(ret('year', t('date'))).toEqual(t('int64'));
    expect(ret('date_trunc', t('utf8'), t('date'))).toEqual(t('date'));
    expect(ret('add_interval', t('timestamp'), t('interval'))).toEqual(t('timestamp'));
    expect(ret('date_diff', t('utf8'), t('date'), t('date'))).toEqual(t('int64'));
  });

  it('rejects bad arguments with TYPE_MISMATCH and the span', () => {
    const span = { line: 3, column: 7 };
    const e = errorOf(() => lookupFunction('add')?.returnType([t('utf8'), t('int64')], span));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toBe('add: argument 1 must be a number (int64 or float64), got utf8');
    expect(e.spans).toEqual([span]);
    expect(e.phase).toBe('plan');
    expect(errorOf(() => ret('eq', t('utf8'), t('int64'))).message).toBe('eq: cannot compare utf8 with int64');
    expect(errorOf(() => ret('coalesce', t('utf8'), t('int64'))).code).toBe('TYPE_MISMATCH');
    expect(errorOf(() => ret('not', t('int64'))).code).toBe('TYPE_MISMATCH');
  });

  it('rejects a wrong argument count', () => {
    const e = errorOf(() => ret('substr', t('utf8')));
    expect(e.code).toBe('WRONG_ARGUMENT_COUNT');
    expect(e.message).toBe('substr takes 2 to 3 argument(s), got 1');
    expect(errorOf(() => ret('coalesce')).message).toBe('coalesce takes at least 1 argument(s), got 0');
  });

  it('records null propagation and literal-only arguments', () => {
    expect(lookupFunction('add')?.nullPropagating).toBe(true);
    expect(lookupFunction('coalesce')?.nullPropagating).toBe(false);
    expect(lookupFunction('is_null')?.nullPropagating).toBe(false);
    expect(lookupFunction('and')?.nullPropagating).toBe(false);
    expect(lookupFunction('not')?.nullPropagating).toBe(true);
    expect(lookupFunction('strftime')?.literalArgs).toEqual([0]);
  });
});
