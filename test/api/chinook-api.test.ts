/**
 * The embedded API over Chinook imported with importCsv: queries, prepared
 * queries, streaming and explain on real data, in a temp directory that is
 * reopened (imported data survives).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/index.js';
import { importCsv } from '../../src/io/import-csv.js';

const CHINOOK = fileURLToPath(new URL('../data/chinook/', import.meta.url));
const KEYS: Readonly<Record<string, string>> = { artists: 'artist_id', albums: 'album_id', tracks: 'track_id', invoices: 'invoice_id' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-chinook-api-'));
let db: Database;

beforeAll(async () => {
  const first = open(tmp);
  for (const [table, key] of Object.entries(KEYS)) await importCsv(first.storage, path.join(CHINOOK, `${table}.csv`), { key });
  first.close();
  db = open(tmp); // everything below reads what the import left on disk
});
afterAll(() => {
  db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Chinook through the embedded API', () => {
  it('counts and first rows match the CSV files', () => {
    const counts = db.querySync('prql', 'from tracks | aggregate {n = count this}').arrays();
    expect(counts).toEqual([[3503n]]);
    expect(db.querySync('prql', 'from tracks | take 3 | select {track_id, name}').rows()).toEqual([
      { track_id: 1n, name: 'For Those About To Rock (We Salute You)' },
      { track_id: 2n, name: 'Balls to the Wall' },
      { track_id: 3n, name: 'Fast As a Shark' },
    ]);
  });

  it('timestamps print exactly as imported, in JSON and CSV', () => {
    const r = db.querySync('prql', 'from invoices | sort invoice_id | take 2 | select {invoice_id, invoice_date, billing_state}');
    expect(r.toJSON()).toEqual({
      columns: [
        { name: 'invoice_id', type: 'int64' },
        { name: 'invoice_date', type: 'timestamp' },
        { name: 'billing_state', type: 'utf8' },
      ],
      rows: [
        [1, '2009-01-01T00:00:00.000000000', null],
        [2, '2009-01-02T00:00:00.000000000', null],
      ],
    });
    expect(r.toCsv()).toBe('invoice_id,invoice_date,billing_state\r\n1,2009-01-01T00:00:00.000000000,\r\n2,2009-01-02T00:00:00.000000000,\r\n');
    expect(r.rows()[0]?.['invoice_date']).toBe(1_230_768_000_000_000_000n);
  });

  it('a join with grouping gives the known top artist', () => {
    const r = db.querySync(
      'prql',
      `from t = tracks
join a = albums (t.album_id == a.album_id)
join ar = artists (a.artist_id == ar.artist_id)
group {artist = ar.name} (aggregate {tracks = count this})
sort {-tracks}
take 2`,
    );
    expect(r.arrays()).toEqual([
      ['Iron Maiden', 213n],
      ['U2', 135n],
    ]);
  });

  it('a prepared point query by key runs with many parameter values', () => {
    const q = db.prepare<{ name: string; milliseconds: bigint }>('prql', 'from tracks | filter track_id == $id | select {name, milliseconds}', { id: 1n });
    expect(q.runSync({ id: 1n }).rows()).toEqual([{ name: 'For Those About To Rock (We Salute You)', milliseconds: 343719n }]);
    expect(q.runSync({ id: 3503n }).rows()).toEqual([{ name: 'Koyaanisqatsi', milliseconds: 206005n }]);
    expect(q.runSync({ id: 99999n }).numRows).toBe(0);
  });

  it('stream yields every invoice exactly once', async () => {
    let rows = 0;
    let sum = 0;
    for await (const b of db.stream('prql', 'from invoices | select {invoice_id, total}')) {
      rows += b.numRows;
      for (const v of b.getChild('total')?.toArray() as Float64Array) sum += v;
    }
    expect(rows).toBe(412);
    expect(Math.round(sum * 100) / 100).toBe(2328.6);
  });

  it('explain shows the rule trace and a point_get on the primary key', () => {
    const ex = db.explain('prql', 'from invoices | filter invoice_id == 5 | select {invoice_id, total}');
    expect(ex.trace.length).toBeGreaterThan(0);
    expect(ex.text).toMatch(/== rule trace ==\n1\. /);
    expect(ex.physical).toMatch(/Scan: invoices \[invoice_id, total\].*\[point_get \(5\)\]/);
    expect(db.querySync('prql', 'from invoices | filter invoice_id == 5 | select {invoice_id, total}').arrays()).toEqual([[5n, 13.86]]);
  });
});
