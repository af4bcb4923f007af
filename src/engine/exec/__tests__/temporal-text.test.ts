/**
 * Timestamp and date text, printed without Date objects (one BigInt split,
 * Number arithmetic, cached date texts): equal to an independent reference
 * (Date.toISOString for the millisecond part, the civil-date algorithm for
 * dates) over the whole int64 timestamp range and int32 day range — before
 * the epoch, at day and second edges, with every fraction length — for the
 * cast to text (per batch, with NULLs and a selection), the scalar toText,
 * and the pattern printer of result formats.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileCast, toText } from '../expr/cast.js';
import { makeColumn } from '../column.js';
import { civilFromDays, formatTimestamp as formatWithPattern } from '../../../types/timestamp-format.js';

const NS_MIN = -(2n ** 63n);
const NS_MAX = 2n ** 63n - 1n;

/** `YYYY-MM-DD HH:MM:SS[.fraction without trailing zeros]` from Date (ms) plus the sub-ms digits. */
function reference(ns: bigint, sep = ' '): { date: string; clock: string; nanos: number } {
  let ms = ns / 1_000_000n;
  if (ns - ms * 1_000_000n < 0n) ms -= 1n;
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ for these years
  const nanos = Number(((ns % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n);
  return { date: iso.slice(0, 10), clock: `${sep}${iso.slice(11, 19)}`, nanos };
}

function sqlText(ns: bigint): string {
  const r = reference(ns);
  const frac = r.nanos === 0 ? '' : '.' + String(r.nanos).padStart(9, '0').replace(/0+$/, '');
  return `${r.date}${r.clock}${frac}`;
}

function dateReference(days: number): string {
  const { year, month, day } = civilFromDays(days);
  const y = String(Math.abs(year)).padStart(4, '0');
  return `${year < 0 ? '-' : ''}${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const EDGES = [NS_MIN, NS_MAX, 0n, -1n, 1n, -999_999_999n, -1_000_000_000n, -1_000_000_001n, 86_399_999_999_999n, 86_400_000_000_000n, -86_400_000_000_000n, 951_782_400_000_000_000n, 1_700_000_000_123_456_789n, 1_700_000_000_100_000_000n];
const timestamps = fc.oneof({ arbitrary: fc.constantFrom(...EDGES), weight: 2 }, { arbitrary: fc.bigInt({ min: NS_MIN, max: NS_MAX }), weight: 5 }, {
  arbitrary: fc.tuple(fc.integer({ min: -40_000, max: 40_000 }), fc.integer({ min: 0, max: 86_399 }), fc.integer({ min: 0, max: 999_999_999 })).map(([d, s, f]) => BigInt(d) * 86_400_000_000_000n + BigInt(s) * 1_000_000_000n + BigInt(f)),
  weight: 5,
});

describe('timestamp and date text', () => {
  it('the scalar toText equals the reference over the whole int64 range', () => {
    for (const ns of EDGES) expect(toText(ns, 'timestamp')).toBe(sqlText(ns));
    fc.assert(fc.property(timestamps, (ns) => toText(ns, 'timestamp') === sqlText(ns)), { numRuns: 3000 });
    expect(toText(-1n, 'timestamp')).toBe('1969-12-31 23:59:59.999999999');
    expect(toText(1_700_000_000_100_000_000n, 'timestamp')).toBe('2023-11-14 22:13:20.1');
  });

  it('dates print as before over the whole int32 range (sign-then-pad outside 0000..9999)', () => {
    const days = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -800_000, max: 3_000_000 }), fc.constantFrom(-719_528, -719_529, 2_932_896, 2_932_897, 0, -1));
    fc.assert(fc.property(days, (d) => toText(d, 'date') === dateReference(d)), { numRuns: 3000 });
    expect(toText(-719_529, 'date')).toBe('-0001-12-31');
    expect(toText(2_932_897, 'date')).toBe('10000-01-01');
    expect(toText(19_000, 'date')).toBe('2022-01-08');
  });

  it('the cast to text runs per batch: NULLs stay NULL, only selected rows are printed', () => {
    const values = BigInt64Array.from([0n, -1n, 1_700_000_000_123_456_789n, 5n, NS_MIN]);
    const col = makeColumn('timestamp', values, Uint8Array.from([1, 1, 1, 0, 1]), 5);
    const cast = compileCast({ type: 'timestamp', eval: () => col }, 'utf8');
    const out = cast({ columns: [col], length: 5, sel: Int32Array.from([1, 2, 3, 4]) });
    expect(out.type).toBe('utf8');
    expect([...out.valid!]).toEqual([0, 1, 1, 0, 1]);
    expect((out.values as string[]).slice(1, 3)).toEqual(['1969-12-31 23:59:59.999999999', '2023-11-14 22:13:20.123456789']);
    expect((out.values as string[])[4]).toBe('1677-09-21 00:12:43.145224192');
    const dates = makeColumn('date', Int32Array.from([0, -719_529, 19_000]), null, 3);
    const castDate = compileCast({ type: 'date', eval: () => dates }, 'utf8');
    expect(castDate({ columns: [dates], length: 3, sel: null }).values).toEqual(['1970-01-01', '-0001-12-31', '2022-01-08']);
  });

  it('the pattern printer of result formats equals the reference for every pattern shape', () => {
    const patterns = ['YYYY-MM-DD', 'YYYY-MM-DDTHH:mm', 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DDTHH:mm:ss.fff', 'YYYY-MM-DDTHH:mm:ss.fffffffffZ', 'not a pattern'];
    const expected = (ns: bigint, p: string): string => {
      const r = reference(ns, p === 'YYYY-MM-DD HH:mm:ss' ? ' ' : 'T');
      if (p === 'YYYY-MM-DD') return r.date;
      if (p === 'YYYY-MM-DDTHH:mm') return `${r.date}${r.clock.slice(0, 6)}`;
      if (p === 'YYYY-MM-DD HH:mm:ss') return `${r.date}${r.clock}`;
      const frac = String(r.nanos).padStart(9, '0');
      if (p === 'YYYY-MM-DDTHH:mm:ss.fff') return `${r.date}${r.clock}.${frac.slice(0, 3)}`;
      if (p === 'YYYY-MM-DDTHH:mm:ss.fffffffffZ') return `${r.date}${r.clock}.${frac}Z`;
      return `${r.date}${r.clock}.${frac}`; // an unknown pattern prints the default
    };
    fc.assert(fc.property(timestamps, fc.constantFrom(...patterns), (ns, p) => formatWithPattern(ns, p) === expected(ns, p)), { numRuns: 3000 });
    expect(formatWithPattern(-1n)).toBe('1969-12-31T23:59:59.999999999');
  });
});
