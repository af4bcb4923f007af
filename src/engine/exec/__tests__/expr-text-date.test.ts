import { describe, expect, it } from 'vitest';
import { call, cast, col, lit } from '../../../planner/ir/index.js';
import { evalExprs, evalOne, rel } from './helpers.js';

const NS = 1_000_000_000n;
// 2024-02-29T13:45:30.25Z
const TS = (BigInt(Date.UTC(2024, 1, 29, 13, 45, 30)) * 1_000_000n) + 250_000_000n;

describe('text kernels', () => {
  it('counts, slices and pads by code point', () => {
    expect(evalOne(call('length', lit('a😀b')))).toBe(3n);
    expect(evalOne(call('substr', lit('a😀bcd'), lit(2n), lit(2n)))).toBe('😀b');
    expect(evalOne(call('substr', lit('hello'), lit(0n), lit(2n)))).toBe('h');
    expect(evalOne(call('substr', lit('hello'), lit(3n)))).toBe('llo');
    expect(evalOne(call('reverse', lit('a😀b')))).toBe('b😀a');
    expect(evalOne(call('lpad', lit('7'), lit(3n), lit('0')))).toBe('007');
    expect(evalOne(call('rpad', lit('abcdef'), lit(3n)))).toBe('abc');
    expect(evalOne(call('rpad', lit('ab'), lit(5n), lit('xy')))).toBe('abxyx');
  });

  it('case, trim, replace, predicates', () => {
    expect(evalOne(call('upper', lit('straße')))).toBe('STRASSE');
    expect(evalOne(call('lower', lit('ÀB')))).toBe('àb');
    expect(evalOne(call('trim', lit('  x y  ')))).toBe('x y');
    expect(evalOne(call('ltrim', lit('  x ')))).toBe('x ');
    expect(evalOne(call('rtrim', lit('xxaxx'), lit('x')))).toBe('xxa');
    expect(evalOne(call('replace', lit('a.b.c'), lit('.'), lit('--')))).toBe('a--b--c');
    expect(evalOne(call('starts_with', lit('pyralog'), lit('pyr')))).toBe(true);
    expect(evalOne(call('ends_with', lit('pyralog'), lit('log')))).toBe(true);
    expect(evalOne(call('contains', lit('pyralog'), lit('ral')))).toBe(true);
    expect(evalOne(call('regexp_match', lit('abc123'), lit('\\d{3}$')))).toBe(true);
    expect(evalOne(call('regexp_match', lit('a-b'), lit('a\\-b')))).toBe(true);
    expect(() => evalOne(call('regexp_match', lit('x'), lit('(')))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(evalOne(call('length', lit(new Uint8Array([1, 2, 3]))))).toBe(3n);
  });

  it('LIKE and ILIKE with % _ and escapes', () => {
    const input = rel([['s', 'utf8']], [['hello'], ['help'], ['HELLO'], ['he%'], [null], ['😀x']]);
    const [like, ilike, escaped, under] = evalExprs(input, [
      call('like', col(0), lit('hel%')),
      call('ilike', col(0), lit('hel_o')),
      call('like', col(0), lit('he\\%')),
      call('like', col(0), lit('_x')),
    ]);
    expect(like).toEqual([true, true, false, false, null, false]);
    expect(ilike).toEqual([true, false, true, false, null, false]);
    expect(escaped).toEqual([false, false, false, true, null, false]);
    expect(under).toEqual([false, false, false, false, null, true]);
    // regex syntax characters in a pattern are literal
    expect(evalOne(call('like', lit('a-b.c(d)[e]^$|+?*{1}/\\'), lit('a-b.c(d)[e]^$|+?*{1}/%')))).toBe(true);
    expect(evalOne(call('like', lit('axb'), lit('a.b')))).toBe(false);
  });

  it('concat propagates NULL and prints other types', () => {
    const input = rel([['a', 'utf8'], ['b', 'utf8']], [['x', 'y'], ['x', null]]);
    expect(evalExprs(input, [call('concat', col(0), lit('-'), col(1))])[0]).toEqual(['x-y', null]);
    expect(evalOne(call('to_text', lit(1.5)))).toBe('1.5');
    expect(evalOne(call('to_text', lit(true)))).toBe('true');
    expect(evalOne(call('to_text', lit(19782, 'date')))).toBe('2024-02-29');
    expect(evalOne(call('to_text', lit(TS, 'timestamp')))).toBe('2024-02-29 13:45:30.25');
  });
});

describe('date/time kernels', () => {
  const ts = lit(TS, 'timestamp');
  it('extracts fields', () => {
    expect(['year', 'month', 'day', 'hour', 'minute', 'second', 'day_of_week'].map((f) => evalOne(call(f, ts)))).toEqual([
      2024n, 2n, 29n, 13n, 45n, 30n, 4n,
    ]);
    expect(evalOne(call('year', lit(-1, 'date')))).toBe(1969n);
    expect(evalOne(call('day_of_week', lit(0, 'date')))).toBe(4n); // 1970-01-01 was a Thursday
  });

  it('truncates, formats and parses', () => {
    expect(evalOne(call('date_trunc', lit('month'), ts))).toBe(BigInt(Date.UTC(2024, 1, 1)) * 1_000_000n);
    expect(evalOne(call('date_trunc', lit('hour'), ts))).toBe(BigInt(Date.UTC(2024, 1, 29, 13)) * 1_000_000n);
    expect(evalOne(call('date_trunc', lit('year'), lit(19782, 'date')))).toBe(19723);
    expect(evalOne(call('strftime', lit('%Y-%m-%d %H:%M:%S %j %a %b %%'), ts))).toBe('2024-02-29 13:45:30 060 Thu Feb %');
    expect(evalOne(cast(lit('2024-02-29T13:45:30.25Z'), 'timestamp'))).toBe(TS);
    expect(evalOne(cast(lit('2024-02-29 14:45:30.25+01:00'), 'timestamp'))).toBe(TS);
    expect(evalOne(cast(lit('2024-02-29'), 'date'))).toBe(19782);
    expect(evalOne(cast(lit(19782, 'date'), 'timestamp'))).toBe(19782n * 86400n * NS);
    expect(evalOne(cast(ts, 'date'))).toBe(19782);
    expect(() => evalOne(cast(lit('2024-02-30'), 'date'))).toThrow(expect.objectContaining({ code: 'CAST_FAILED' }));
  });

  it('adds intervals with month-end clamping and diffs by unit', () => {
    const jan31 = lit(Number(BigInt(Date.UTC(2023, 0, 31)) / 86_400_000n), 'date');
    const oneMonth = lit({ months: 1, nanos: 0n }, 'interval');
    expect(evalOne(call('to_text', call('add_interval', jan31, oneMonth)))).toBe('2023-02-28');
    expect(evalOne(call('to_text', call('sub_interval', ts, lit({ months: 12, nanos: 3600n * NS }, 'interval'))))).toBe('2023-02-28 12:45:30.25');
    const a = lit(BigInt(Date.UTC(2023, 11, 31, 23)) * 1_000_000n, 'timestamp');
    expect(evalOne(call('date_diff', lit('year'), a, ts))).toBe(1n);
    expect(evalOne(call('date_diff', lit('month'), a, ts))).toBe(2n);
    expect(evalOne(call('date_diff', lit('day'), a, ts))).toBe(60n);
    expect(evalOne(call('date_diff', lit('hour'), a, ts))).toBe(1430n);
  });
});
