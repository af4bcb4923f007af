import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { PyralogError } from '../../src/index.js';
import { openChinookPyralog, runPyralog } from './pyralog-runner.js';

// PRQL semantics checked on Pyralog alone: what SQLite cannot run from prqlc's SQL
// (parameters, intervals, date formatting) or runs differently (`//`, see known-differences.ts).
let db: Database;
beforeAll(async () => {
  db = await openChinookPyralog();
});
afterAll(() => db.close());

describe('PRQL semantics on Pyralog', () => {
  it('`//` truncates toward zero and `%` keeps the sign of the dividend', () => {
    const r = runPyralog(db, 'from [{a = 7, b = 2}, {a = -7, b = 2}, {a = 1, b = 3}] | select {a, q = a // b, m = a % b, f = a / b}');
    expect(r.rows).toEqual([
      [7n, 3n, 1n, 3.5],
      [-7n, -3n, -1n, -3.5],
      [1n, 0n, 1n, 1 / 3],
    ]);
  });

  it('integer literals beyond 2^53 stay exact, and int64 overflow is an error', () => {
    const r = runPyralog(db, 'from [{a = 1}] | select {big = 9223372036854775807, odd = 9007199254740993, neg = -9007199254740993}');
    expect(r.rows).toEqual([[9223372036854775807n, 9007199254740993n, -9007199254740993n]]);
    expect(() => db.querySync('prql', 'from [{a = 1}] | select {x = 9223372036854775807 + a}')).toThrow(
      expect.objectContaining({ code: 'NUMERIC_OVERFLOW' }),
    );
  });

  it('positional and named parameters', () => {
    const r = db.querySync('prql', 'from tracks | filter album_id == $1 && milliseconds > $min | sort track_id | select {track_id}', {
      '1': 1n,
      min: 230000n,
    });
    expect(r.arrays()).toEqual([[1n], [7n], [10n], [12n], [14n]]);
  });

  it('adding an interval to a timestamp', () => {
    const r = runPyralog(db, 'from invoices | filter invoice_id == 1 | select {d = invoice_date + 3days, m = invoice_date + 1months}');
    expect(r.rows).toEqual([['2009-01-04T00:00:00.000000000', '2009-02-01T00:00:00.000000000']]);
  });

  it('a text or nanosecond parameter compares with a timestamp, and text with a date', () => {
    const q = 'from invoices | filter invoice_date >= $since && invoice_date < $until | aggregate {n = count this, first = min invoice_id}';
    // what the CLI's --param gives (text), and what docs/api.md says a timestamp is (bigint nanoseconds)
    expect(db.querySync('prql', q, { since: '2013-12-01', until: '2013-12-06T00:00:00' }).arrays()).toEqual([[3n, 406n]]);
    expect(db.querySync('prql', q, { since: 1385856000000000000n, until: 1386288000000000000n }).arrays()).toEqual([[3n, 406n]]);
    expect(db.querySync('prql', 'from invoices | filter invoice_date > "2013-12-21" | select {invoice_id}').arrays()).toEqual([[412n]]);
    expect(db.querySync('prql', 'from [{d = @2024-03-15}] | filter d == $d | select {d}', { d: '2024-03-15' }).numRows).toBe(1);
    expect(() => db.querySync('prql', q, { since: 'soon', until: 'later' })).toThrow(expect.objectContaining({ code: 'CAST_FAILED' }));
  });

  it('dates compare with timestamps as midnight', () => {
    const r = runPyralog(db, 'from invoices | filter invoice_date == @2009-01-01 | select {invoice_id}');
    expect(r.rows).toEqual([[1n]]);
  });

  it('date.to_text formats with strftime codes', () => {
    const r = runPyralog(db, 'from invoices | filter invoice_id == 1 | select {t = date.to_text "%Y/%m/%d" invoice_date}');
    expect(r.rows).toEqual([['2009/01/01']]);
  });

  it('sum over no rows is 0 (prqlc wraps SUM in COALESCE), max is NULL, count is 0', () => {
    const r = runPyralog(db, 'from tracks | filter milliseconds < 0 | aggregate {s = sum bytes, m = max bytes, n = count this}');
    expect(r.rows).toEqual([[0n, null, 0n]]);
  });

  it('a take range inside a group keeps rows 2..3 of each group', () => {
    const r = runPyralog(db, 'from tracks | filter album_id <= 2 | group {album_id} (sort {track_id} | take 2..3) | sort track_id | select {album_id, track_id}');
    expect(r.rows).toEqual([
      [1n, 6n],
      [1n, 7n],
    ]);
  });

  it('raw SQL through the database is refused with a caret at the s-string', () => {
    try {
      db.querySync('prql', 'from tracks\nderive {x = s"random()"}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PyralogError);
      const err = e as PyralogError;
      expect(err.code).toBe('PRQL_UNSUPPORTED');
      expect(err.render()).toContain('2 | derive {x = s"random()"}');
      expect(err.render()).toContain('            ^^');
    }
  });
});
