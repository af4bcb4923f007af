import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyralogError } from '../../errors/pyralog-error.js';
import { openStore, type Store } from '../../storage/index.js';
import { formatTimestamp } from '../../types/timestamp-format.js';
import { importCsv, tableNameOf, type ImportStore } from '../import-csv.js';
import { CHINOOK_COLUMNS, CHINOOK_DIR, CHINOOK_ROWS } from './chinook-expected.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function countRows(store: Store, table: string): number {
  const snap = store.snapshot();
  try {
    let n = 0;
    for (const b of snap.scan(table)) n += b.numRows;
    return n;
  } finally {
    snap.close();
  }
}

async function rejection(p: Promise<unknown>): Promise<PyralogError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected the import to fail');
}

function csv(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('importCsv: Chinook into an on-disk store', () => {
  let store: Store;
  beforeAll(async () => {
    store = openStore(path.join(dir, 'chinook-db'));
    for (const table of Object.keys(CHINOOK_COLUMNS)) await importCsv(store, path.join(CHINOOK_DIR, `${table}.csv`));
  });
  afterAll(() => store.close());

  it('creates one table per file with the README types and row counts', () => {
    expect(store.tables().map((t) => t.name).sort()).toEqual(Object.keys(CHINOOK_COLUMNS).sort());
    for (const [table, cols] of Object.entries(CHINOOK_COLUMNS)) {
      const info = store.tableInfo(table);
      expect(info.fields.map((f) => [f.name, f.type]), table).toEqual(cols);
      expect(info.primaryKey).toEqual([]);
      expect(countRows(store, table), table).toBe(CHINOOK_ROWS[table]);
    }
  });

  it('keeps timestamp patterns so values print exactly as imported', () => {
    const field = store.tableInfo('invoices').fields.find((f) => f.name === 'invoice_date')!;
    expect(field.metadata?.['pyralog.tsformat']).toBe('YYYY-MM-DDTHH:mm:ss.fffffffff');
    const snap = store.snapshot();
    try {
      const [batch] = [...snap.scan('invoices', { columns: ['invoice_id', 'invoice_date', 'billing_postal_code', 'billing_state'] })];
      const ns = batch!.getChild('invoice_date')!.data[0]!.values[1] as bigint;
      expect(formatTimestamp(ns, field.metadata?.['pyralog.tsformat'])).toBe('2009-01-02T00:00:00.000000000');
      expect(batch!.getChild('billing_postal_code')!.get(1)).toBe('0171');
      expect(batch!.getChild('billing_state')!.get(0)).toBeNull();
    } finally {
      snap.close();
    }
  });

  it('refuses an existing table (TABLE_EXISTS) unless replace', async () => {
    const file = path.join(CHINOOK_DIR, 'genres.csv');
    const e = await rejection(importCsv(store, file));
    expect(e.code).toBe('TABLE_EXISTS');
    expect(e.phase).toBe('import');
    const again = await importCsv(store, file, { replace: true });
    expect(again).toMatchObject({ table: 'genres', rows: 25 });
    expect(countRows(store, 'genres')).toBe(25);
  });
});

describe('importCsv options and failures', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore(':memory:');
  });
  afterAll(() => store.close());

  it('names the table after the file or --table, and honours a primary key', async () => {
    expect(tableNameOf('/x/y/order_lines.csv')).toBe('order_lines');
    expect(tableNameOf('data')).toBe('data');
    const f = csv('people.csv', 'id,name,born\n3,Cy,2001-02-03\n1,Al,\n2,Bo,1999-12-31\n');
    const result = await importCsv(store, f, { table: 'persons', key: 'id' });
    expect(result.rows).toBe(3);
    const info = store.tableInfo('persons');
    expect(info.primaryKey).toEqual(['id']);
    expect(info.fields.map((x) => [x.name, x.type, x.nullable])).toEqual([
      ['id', 'int64', false],
      ['name', 'utf8', true],
      ['born', 'timestamp', true],
    ]);
    const snap = store.snapshot();
    try {
      expect(snap.get('persons', [2n])).toMatchObject({ id: 2n, name: 'Bo' });
      const ids = [...snap.scan('persons')].flatMap((b) => [...b.getChild('id')!]);
      expect(ids).toEqual([1n, 2n, 3n]);
    } finally {
      snap.close();
    }
  });

  it('reports progress: pass 1 then pass 2 up to twice the file size', async () => {
    const f = csv('progress.csv', `n\n${Array.from({ length: 1000 }, (_, i) => i).join('\n')}\n`);
    const calls: [number, number, number][] = [];
    await importCsv(store, f, { onProgress: (r, d, t) => calls.push([r, d, t]), batchRows: 100 });
    const size = fs.statSync(f).size;
    expect(calls[0]).toEqual([0, size, 2 * size]);
    expect(calls[calls.length - 1]).toEqual([1000, 2 * size, 2 * size]);
  });

  it('leaves nothing behind for a bad value, a bad key, or a ragged row', async () => {
    const bad = csv('bad.csv', 'a,b\n1,x\n2,y\nz,w\n');
    const e1 = await rejection(importCsv(store, bad, { types: { a: 'int64' } }));
    expect(e1.code).toBe('CSV_BAD_VALUE');
    expect(e1.spans).toEqual([{ source: bad, line: 4, column: 1 }]);
    const e2 = await rejection(importCsv(store, csv('dup.csv', 'k,v\n1,a\n2,b\n1,c\n'), { key: 'k' }));
    expect(e2.code).toBe('IMPORT_DUPLICATE_KEY');
    expect(e2.message).toContain('line 4 repeats line 2');
    expect((await rejection(importCsv(store, csv('nokey.csv', 'k,v\n,a\n'), { key: 'k' }))).code).toBe('IMPORT_NULL_KEY');
    expect((await rejection(importCsv(store, csv('wrongkey.csv', 'k,v\n1,a\n'), { key: 'zz' }))).code).toBe('IMPORT_UNKNOWN_KEY');
    const e3 = await rejection(importCsv(store, csv('ragged.csv', 'a,b\n1,2\n3,4,5\n')));
    expect(e3.code).toBe('CSV_RAGGED_ROW');
    expect((await rejection(importCsv(store, csv('empty.csv', '')))).code).toBe('CSV_EMPTY');
    for (const t of ['bad', 'dup', 'nokey', 'wrongkey', 'ragged', 'empty']) expect(store.hasTable(t), t).toBe(false);
  });

  it('creates nothing when the write transaction fails after the load', async () => {
    const failing: ImportStore = {
      hasTable: (n) => store.hasTable(n),
      write: (fn) =>
        store.write((tx) => {
          fn(tx);
          throw new PyralogError('DISK_FULL', 'simulated: no space left', { phase: 'storage' });
        }),
    };
    const f = csv('doomed.csv', 'a\n1\n2\n');
    const e = await rejection(importCsv(failing, f));
    expect(e.code).toBe('DISK_FULL');
    expect(store.hasTable('doomed')).toBe(false);
    // And the same file imports cleanly afterwards.
    expect((await importCsv(store, f)).rows).toBe(2);
  });

  it('a --replace import that fails midway keeps the old table and its rows', async () => {
    const f = csv('keep.csv', 'id,v\n1,old\n2,old\n');
    await importCsv(store, f, { key: 'id' });
    const g = csv('keep2.csv', `id,v\n${Array.from({ length: 5000 }, (_, i) => `${i},new`).join('\n')}\n`);
    let calls = 0;
    const e = await rejection(
      importCsv(store, g, {
        table: 'keep',
        key: 'id',
        replace: true,
        batchRows: 500,
        // The user cancels during the load (pass 2): the progress callback throws.
        onProgress: (rows) => {
          calls++;
          if (rows >= 1000) throw new PyralogError('IMPORT_CANCELLED', 'cancelled by the user', { phase: 'import' });
        },
      }),
    );
    expect(e.code).toBe('IMPORT_CANCELLED');
    expect(calls).toBeGreaterThan(1);
    const snap = store.snapshot();
    expect([...snap.scan('keep')].reduce((n, b) => n + b.numRows, 0)).toBe(2);
    expect(snap.get('keep', [2n])).toEqual({ id: 2n, v: 'old' });
    snap.close();
    // Replacing for real works and swaps the rows in one step.
    expect((await importCsv(store, g, { table: 'keep', key: 'id', replace: true })).rows).toBe(5000);
    const after = store.snapshot();
    expect(after.get('keep', [4999n])).toEqual({ id: 4999n, v: 'new' });
    after.close();
  });
});
