/**
 * One value order for the whole system (types/value-order.ts), through the
 * public API on LMDB and `:memory:`: NaN is above every number in filters,
 * zone maps (before and after a flush), min/max and sort; int64 against
 * float64 compares exactly in filters, hash joins (also a cross join turned
 * into one), group keys, distinct and IN lists.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-value-order-'));
const opened: Database[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
const BACKENDS: Record<string, () => Database> = {
  lmdb: () => open(path.join(tmp, `db${n++}`)),
  memory: () => open(':memory:'),
};

function fresh(make: () => Database): Database {
  const db = make();
  opened.push(db);
  return db;
}

const q = (db: Database, text: string): unknown[][] => db.querySync('prql', text).arrays();

describe.each(Object.keys(BACKENDS))('value order on %s', (backend) => {
  const make = BACKENDS[backend]!;

  it('a NaN row satisfies `v > 100` before and after a flush (zone maps count NaN as the max)', () => {
    const db = fresh(make);
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
    db.table('t').insert([{ id: 1n, v: 1 }, { id: 2n, v: NaN }, { id: 3n, v: 2 }]);
    const before = q(db, 'from t | filter v > 100 | select {id}');
    db.flush('t');
    expect(before).toEqual([[2n]]);
    expect(q(db, 'from t | filter v > 100 | select {id}')).toEqual([[2n]]);
    expect(q(db, 'from t | filter v < 100 | sort id | select {id}')).toEqual([[1n], [3n]]);
    const snap = db.snapshot();
    const stats = snap.stats('t');
    snap.close();
    expect(stats.columns['v']?.max).toBeNaN();
    expect(stats.columns['v']?.min).toBe(1);
  });

  it('a segment of NaN only is still found by `v >= 0`; a segment without NaN is skipped by `v == NaN`-like bounds', () => {
    const db = fresh(make);
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
    db.table('t').insert([{ id: 1n, v: NaN }]);
    db.flush('t');
    db.table('t').insert([{ id: 2n, v: -Infinity }, { id: 3n, v: Infinity }]);
    db.flush('t');
    expect(q(db, 'from t | filter v >= 0 | sort id | select {id}')).toEqual([[1n], [3n]]);
    expect(q(db, 'from t | filter v > 1e308 | sort id | select {id}')).toEqual([[1n], [3n]]);
    expect(q(db, 'from t | filter v <= 0 | select {id}')).toEqual([[2n]]);
  });

  it('min and max follow the order: NaN is the max and never the min of numbers', () => {
    const db = fresh(make);
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'g', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
    db.table('t').insert([{ id: 1n, g: 1n, v: NaN }, { id: 2n, g: 1n, v: 5 }, { id: 3n, g: 2n, v: 5 }, { id: 4n, g: 2n, v: NaN }, { id: 5n, g: 3n, v: NaN }]);
    for (const flush of [false, true]) {
      if (flush) db.flush('t');
      const rows = q(db, 'from t | group g (aggregate {lo = min v, hi = max v}) | sort g');
      expect(rows.map(([g, lo, hi]) => [g, String(lo), String(hi)])).toEqual([
        [1n, '5', 'NaN'],
        [2n, '5', 'NaN'],
        [3n, 'NaN', 'NaN'],
      ]);
      const all = q(db, 'from t | aggregate {lo = min v, hi = max v}');
      expect(all.map((r) => r.map(String))).toEqual([['5', 'NaN']]);
    }
  });

  it('int64 = float64 is exact in filters, hash joins and a cross join turned into one', () => {
    const db = fresh(make);
    db.createTable('a', [{ name: 'k', type: 'int64' }], ['k']);
    db.createTable('b', [{ name: 'f', type: 'float64' }], ['f']);
    db.table('a').insert([{ k: 9007199254740993n }, { k: 9007199254740992n }, { k: 3n }, { k: -9223372036854775808n }]);
    db.table('b').insert([{ f: 9007199254740992 }, { f: 3.5 }, { f: 3 }, { f: -0 }, { f: NaN }, { f: -9223372036854775808 }, { f: 9223372036854775808 }]);
    const expected = [[-9223372036854775808n, -9223372036854775808], [3n, 3], [9007199254740992n, 9007199254740992]];
    expect(q(db, 'from a | join b (true) | filter a.k == b.f | sort a.k | select {a.k, b.f}')).toEqual(expected);
    expect(q(db, 'from a | join b (a.k == b.f) | sort a.k | select {a.k, b.f}')).toEqual(expected);
    expect(q(db, 'from b | join a (b.f == a.k) | sort a.k | select {a.k, b.f}')).toEqual(expected);
    expect(q(db, 'from a | join side:left b (a.k == b.f) | sort a.k | select {a.k, b.f}')).toEqual([
      [-9223372036854775808n, -9223372036854775808],
      [3n, 3],
      [9007199254740992n, 9007199254740992],
      [9007199254740993n, null],
    ]);
    expect(q(db, 'from a | filter (k | in [9007199254740992.0, 3.5]) | select {k}')).toEqual([[9007199254740992n]]);
  });

  it('group keys and distinct keep -0 and 0 together, NaN with NaN, and int64 keys past 2^53 apart', () => {
    const db = fresh(make);
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'k', type: 'int64' }, { name: 'f', type: 'float64' }], ['id']);
    db.table('t').insert([
      { id: 1n, k: 9007199254740993n, f: -0 },
      { id: 2n, k: 9007199254740992n, f: 0 },
      { id: 3n, k: 9007199254740993n, f: NaN },
      { id: 4n, k: 9007199254740992n, f: NaN },
    ]);
    expect(q(db, 'from t | group k (aggregate {n = count this}) | sort k')).toEqual([[9007199254740992n, 2n], [9007199254740993n, 2n]]);
    expect(q(db, 'from t | group f (aggregate {n = count this}) | sort f').map(([f, c]) => [String(f), c])).toEqual([['0', 2n], ['NaN', 2n]]);
    expect(q(db, 'from t | select {f} | group f (take 1) | sort f').map(([f]) => String(f))).toEqual(['0', 'NaN']);
  });
});
