import { describe, expect, it } from 'vitest';
import { intervalOf, lowerLiteral, parseDate, parseTimestamp, unifyLiteralTypes, LiteralError } from '../rq-literal.js';

describe('RQ literals', () => {
  it('dates are days since the epoch', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('2009-01-01')).toBe(14245);
    expect(parseDate('1969-12-31')).toBe(-1);
  });
  it('timestamps are nanoseconds since the epoch, fractions and zones included', () => {
    expect(parseTimestamp('1970-01-01T00:00:01')).toBe(1_000_000_000n);
    expect(parseTimestamp('2009-01-01T00:00:00.000000001')).toBe(14245n * 86_400_000_000_000n + 1n);
    expect(parseTimestamp('1970-01-01T01:00:00+01:00')).toBe(0n);
    expect(parseTimestamp('1970-01-01 00:01')).toBe(60_000_000_000n);
  });
  it('intervals: months for calendar units, nanoseconds for the rest', () => {
    expect(intervalOf(2, 'years')).toEqual({ months: 24, nanos: 0n });
    expect(intervalOf(3, 'days')).toEqual({ months: 0, nanos: 3n * 86_400_000_000_000n });
    expect(() => intervalOf(1, 'fortnights')).toThrow(LiteralError);
  });
  it('keeps integers beyond 2^53 exact through the RQ JSON, only where RQ writes an Integer', async () => {
    const { keepBigIntegers } = await import('../prql-to-rq.js');
    expect(keepBigIntegers('{"Literal":{"Integer":9007199254740993}}')).toBe('{"Literal":{"Integer":"9007199254740993"}}');
    expect(keepBigIntegers('{"Literal":{"Integer":42}}')).toBe('{"Literal":{"Integer":42}}');
    expect(keepBigIntegers('{"String":"\\"Integer\\":12345678901234567"}')).toBe('{"String":"\\"Integer\\":12345678901234567"}');
    expect(lowerLiteral({ Integer: '-9223372036854775808' })).toEqual({ kind: 'literal', value: -9223372036854775808n, type: 'int64' });
    expect(() => lowerLiteral({ Integer: '9223372036854775808' })).toThrow(LiteralError);
  });

  it('lowers each literal kind to a typed IR literal', () => {
    expect(lowerLiteral({ Integer: 42 })).toEqual({ kind: 'literal', value: 42n, type: 'int64' });
    expect(lowerLiteral({ Float: 1.5 })).toEqual({ kind: 'literal', value: 1.5, type: 'float64' });
    expect(lowerLiteral('Null')).toEqual({ kind: 'literal', value: null, type: 'null' });
    expect(lowerLiteral({ Date: '1970-01-03' })).toEqual({ kind: 'literal', value: 2, type: 'date' });
    expect(lowerLiteral({ ValueAndUnit: { n: 90, unit: 'minutes' } })).toEqual({
      kind: 'literal',
      value: { months: 0, nanos: 5_400_000_000_000n },
      type: 'interval',
    });
    expect(() => lowerLiteral({ Time: '10:00' })).toThrow(LiteralError);
  });
  it('inline columns unify int with float, ignore NULLs, and refuse mixed kinds', () => {
    expect(unifyLiteralTypes(['int64', 'null', 'float64'])).toBe('float64');
    expect(unifyLiteralTypes(['null', 'null'])).toBe('null');
    expect(unifyLiteralTypes(['utf8', 'int64'])).toBeUndefined();
  });
});
