import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, formatTimestamp, parseIsoTimestamp, shapePattern } from '../../../types/timestamp-format.js';

describe('ISO timestamps', () => {
  it('parses the Chinook form to ns since the epoch and keeps its pattern', () => {
    const t = parseIsoTimestamp('2009-01-01T00:00:00.000000000');
    expect(t?.ns).toBe(BigInt(Date.UTC(2009, 0, 1)) * 1_000_000n);
    expect(shapePattern(t!.shape)).toBe('YYYY-MM-DDTHH:mm:ss.fffffffff');
    expect(formatTimestamp(t!.ns, 'YYYY-MM-DDTHH:mm:ss.fffffffff')).toBe('2009-01-01T00:00:00.000000000');
  });

  it('accepts dates, space separators, fractions, zones; converts offsets to UTC', () => {
    expect(parseIsoTimestamp('1962-02-18')?.ns).toBe(BigInt(Date.UTC(1962, 1, 18)) * 1_000_000n);
    expect(shapePattern(parseIsoTimestamp('1962-02-18')!.shape)).toBe('YYYY-MM-DD');
    expect(parseIsoTimestamp('2020-05-06 07:08')?.ns).toBe(BigInt(Date.UTC(2020, 4, 6, 7, 8)) * 1_000_000n);
    expect(parseIsoTimestamp('2020-05-06T07:08:09.5Z')?.ns).toBe(BigInt(Date.UTC(2020, 4, 6, 7, 8, 9, 500)) * 1_000_000n);
    expect(parseIsoTimestamp('2020-05-06T07:08:09.123456789+02:00')?.ns).toBe(BigInt(Date.UTC(2020, 4, 6, 5, 8, 9)) * 1_000_000n + 123_456_789n);
    expect(parseIsoTimestamp('2020-05-06T07:08:09-0130')?.ns).toBe(BigInt(Date.UTC(2020, 4, 6, 8, 38, 9)) * 1_000_000n);
    expect(shapePattern(parseIsoTimestamp('2020-05-06 07:08:09.12+02')!.shape)).toBe('YYYY-MM-DD HH:mm:ss.ffZ');
  });

  it('rejects impossible or malformed values', () => {
    for (const bad of ['2021-02-29', '2020-13-01', '2020-01-01T24:00:00', '2020-01-01T10:60', '2020-1-01', '2020-01-01T', '20200101', '2020-01-01T10:00:00.1234567890', 'x020-01-01', '2020-01-01T10:00+05:', '2020-01-01T10:00+5', '2020-01-01Z', '2020-01-01T10:00:00.', '2020-01-01T10:00:0', '2020-01-01T10:00:00Zx', '2020-01-01 10:00:00 ', '2020-01-01T10:00:00+05:30:00']) {
      expect(parseIsoTimestamp(bad), bad).toBeUndefined();
    }
    // leap days exist in leap years only: 2020 and 2000 (divisible by 400), not 1900 or 2021
    expect(parseIsoTimestamp('2020-02-29')?.ns).toBe(BigInt(Date.UTC(2020, 1, 29)) * 1_000_000n);
    expect(parseIsoTimestamp('2000-02-29')?.ns).toBe(BigInt(Date.UTC(2000, 1, 29)) * 1_000_000n);
    expect(parseIsoTimestamp('1900-02-29')).toBeUndefined();
    expect(parseIsoTimestamp('2021-02-29')).toBeUndefined();
  });

  it('round-trips through formatTimestamp for every pattern, before and after 1970', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -60_000_000_000_000_000_000n, max: 200_000_000_000_000_000_000n }).filter((ns) => ns > -62_000_000_000n * 1_000_000_000n),
        fc.constantFrom('YYYY-MM-DDTHH:mm:ss.fffffffff', 'YYYY-MM-DD HH:mm:ss.fffffffffZ'),
        (ns, pattern) => {
          const text = formatTimestamp(ns, pattern);
          expect(parseIsoTimestamp(text)?.ns).toBe(ns);
        },
      ),
    );
    expect(formatTimestamp(0n, 'YYYY-MM-DD HH:mm')).toBe('1970-01-01 00:00');
    expect(formatTimestamp(-1n)).toBe('1969-12-31T23:59:59.999999999');
  });

  it('civil <-> days agrees with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (days) => {
        const { year, month, day } = civilFromDays(days);
        expect(daysFromCivil(year, month, day)).toBe(days);
        const d = new Date(days * 86_400_000);
        expect([year, month, day]).toEqual([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
      }),
    );
  });
});
