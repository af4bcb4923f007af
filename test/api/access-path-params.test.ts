/**
 * Access paths driven by query parameters and by literals of the other
 * numeric type, through the public API, in memory and in an LMDB directory:
 * EXPLAIN names the path, and every result equals the one of a query the
 * planner cannot turn into an access path (`id + 0`, a full scan).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/index.js';

type Value = bigint | number | string | null;
const N = 300;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-access-params-'));

function fill(db: Database): void {
  db.createTable(
    'items',
    [
      { name: 'id', type: 'int64' },
      { name: 'price', type: 'float64' },
      { name: 'name', type: 'utf8' },
    ],
    ['id'],
  );
  const row = (i: number) => ({ id: BigInt(i), price: i % 13 === 0 ? null : i * 0.5, name: `n${i}` });
  db.table('items').insert(Array.from({ length: N / 2 }, (_, i) => row(i)));
  db.flush('items'); // half in a segment with zone maps, half in the memtable
  db.table('items').insert(Array.from({ length: N / 2 }, (_, i) => row(i + N / 2)));
}

const dbs: Record<string, Database> = {};
beforeAll(() => {
  dbs['memory'] = open(':memory:');
  dbs['lmdb'] = open(tmp);
  for (const db of Object.values(dbs)) fill(db);
});
afterAll(() => {
  for (const db of Object.values(dbs)) db.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The physical plan's scan line for `text` with these parameters. */
function scanLine(db: Database, text: string, params?: Record<string, Value>): string {
  return db.explain('prql', text, params).physical.split('\n').find((l) => l.includes('Scan: items')) ?? '';
}

/** Runs `text` and its full-scan twin (every `id` in filters replaced by `(id + 0)`), expecting the same rows. */
function sameAsFullScan(db: Database, text: string, params?: Record<string, Value>): unknown[][] {
  const twin = text.replace(/filter (.*?) \|/, (_m, f: string) => `filter ${f.replaceAll(/(?<!\$)\b(id|price)\b/g, '($1 + 0)')} |`);
  expect(scanLine(db, twin, params)).toMatch(/\[full_scan\]/);
  const got = db.querySync('prql', text, params).arrays();
  expect(got).toEqual(db.querySync('prql', twin, params).arrays());
  return got;
}

describe.each(['memory', 'lmdb'])('access paths from parameters (%s)', (which) => {
  const db = (): Database => dbs[which] as Database;

  it('id == $id: a point get for the right type, a float that is integral, NULL, a fraction and a missing key', () => {
    const text = 'from items | filter id == $id | select {id, name} | sort id';
    expect(scanLine(db(), text, { id: 5n })).toMatch(/\[point_get \(\$id\)\]/);
    expect(scanLine(db(), text, { id: 5 })).toMatch(/\[point_get \(\$id\)\]/);
    expect(sameAsFullScan(db(), text, { id: 5n })).toEqual([[5n, 'n5']]);
    expect(sameAsFullScan(db(), text, { id: 200 })).toEqual([[200n, 'n200']]);
    expect(sameAsFullScan(db(), text, { id: 5.5 })).toEqual([]);
    expect(sameAsFullScan(db(), text, { id: null })).toEqual([]);
    expect(sameAsFullScan(db(), text, { id: 10_000n })).toEqual([]);
  });

  it('a prepared point query compiles and plans once, and each run looks up its own key', () => {
    const q = db().prepare<{ name: string }>('prql', 'from items | filter id == $id | select {name}', { id: 0n });
    const before = db().planStats();
    const names = [7n, 250n, 7n, 299n, 300n].flatMap((id) => q.runSync({ id }).rows().map((r) => r.name));
    expect(names).toEqual(['n7', 'n250', 'n7', 'n299']);
    expect(db().planStats().compiles).toBe(before.compiles);
    expect(db().planStats().physicalPlans).toBe(before.physicalPlans);
    expect(q.explain({ id: 1n }).physical).toMatch(/\[point_get \(\$id\)\]/);
    const positional = db().prepare('prql', 'from items | filter id == $1 | select {id}', [0n]);
    expect(positional.explain([1n]).physical).toMatch(/\[point_get \(\$1\)\]/);
    expect([[42n], [42], [42.5], [null]].map((p) => positional.runSync(p).arrays())).toEqual([[[42n]], [[42n]], [], []]);
  });

  it('key ranges from parameters, fractions adjusting the bounds', () => {
    const text = 'from items | filter id > $lo && id <= $hi | select {id} | sort id';
    expect(scanLine(db(), text, { lo: 10n, hi: 14n })).toMatch(/\[key_range >\(\$lo\) <=\(\$hi\) zone: id > \$lo and id <= \$hi\]/);
    expect(sameAsFullScan(db(), text, { lo: 10n, hi: 14n })).toEqual([[11n], [12n], [13n], [14n]]);
    expect(sameAsFullScan(db(), text, { lo: 10.5, hi: 13.5 })).toEqual([[11n], [12n], [13n]]);
    expect(sameAsFullScan(db(), text, { lo: 148.5, hi: 151 })).toEqual([[149n], [150n], [151n]]);
    expect(sameAsFullScan(db(), text, { lo: -Infinity, hi: 2n })).toEqual([[0n], [1n], [2n]]);
    expect(sameAsFullScan(db(), text, { lo: 290n, hi: 1e300 })).toEqual([[291n], [292n], [293n], [294n], [295n], [296n], [297n], [298n], [299n]]);
    expect(sameAsFullScan(db(), text, { lo: null, hi: 5n })).toEqual([]);
  });

  it('zone predicates from parameters on a float column, int and float values', () => {
    const text = 'from items | filter price >= $p | select {id} | sort id';
    expect(scanLine(db(), text, { p: 140n })).toMatch(/\[full_scan zone: price >= \$p\]/);
    expect(sameAsFullScan(db(), text, { p: 148n })).toEqual([[296n], [297n], [298n]]); // 299 % 13 == 0: NULL price
    expect(sameAsFullScan(db(), text, { p: 148.25 })).toEqual([[297n], [298n]]);
    expect(sameAsFullScan(db(), text, { p: 2n ** 60n })).toEqual([]);
    expect(sameAsFullScan(db(), text, { p: null })).toEqual([]);
  });

  it('literals of the other numeric type: converted zone predicates and key bounds', () => {
    expect(scanLine(db(), 'from items | filter price > 148 | select {id}')).toMatch(/\[full_scan zone: price > 148\.0\]/);
    expect(sameAsFullScan(db(), 'from items | filter price > 148 | select {id} | sort id')).toEqual([[297n], [298n]]);
    expect(scanLine(db(), 'from items | filter id > 296.5 | select {id}')).toMatch(/\[key_range >=\(297\) zone: id >= 297\]/);
    expect(sameAsFullScan(db(), 'from items | filter id > 296.5 | select {id} | sort id')).toEqual([[297n], [298n], [299n]]);
    expect(scanLine(db(), 'from items | filter id == 3.0 | select {id}')).toMatch(/\[point_get \(3\)\]/);
    expect(scanLine(db(), 'from items | filter id == 3.5 | select {id}')).toMatch(/\[empty\]/);
    expect(sameAsFullScan(db(), 'from items | filter id == 3.5 | select {id}')).toEqual([]);
    expect(sameAsFullScan(db(), 'from items | filter (id | in [4, 4.0, 5.5]) | select {id}')).toEqual([[4n]]);
  });

  it('IN lists holding parameters stay correct (they are not used as access paths)', () => {
    const text = 'from items | filter (id | in [$a, $b]) | select {id} | sort id';
    expect(db().querySync('prql', text, { a: 3n, b: 260 }).arrays()).toEqual([[3n], [260n]]);
    expect(db().querySync('prql', text, { a: null, b: 2.5 }).arrays()).toEqual([]);
  });
});
