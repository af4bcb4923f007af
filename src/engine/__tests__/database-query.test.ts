import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { open, type Database, PyralogError } from '../../index.js';
import { BIG, TS_2020, createPeople, memoryPeople } from './api-fixture.js';

let db: Database;
beforeEach(() => {
  db = memoryPeople();
});
afterEach(() => db.close());

function caught(fn: () => unknown): PyralogError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected a PyralogError');
}

describe('query results', () => {
  it('rows() gives plain objects with exact int64 (bigint) beyond 2^53 and null for NULL', async () => {
    const r = await db.query('prql', 'from people | sort id');
    expect(r.numRows).toBe(3);
    expect(r.columns).toEqual([
      { name: 'id', type: 'int64' },
      { name: 'name', type: 'utf8' },
      { name: 'score', type: 'int64' },
      { name: 'city', type: 'utf8' },
      { name: 'joined', type: 'timestamp' },
    ]);
    const rows = r.rows();
    expect(rows[0]).toEqual({ id: 1n, name: 'Ada', score: BIG, city: 'London', joined: TS_2020 });
    expect(rows[0]?.['score']).toBe(9_007_199_254_740_993n);
    expect(rows[1]?.['city']).toBeNull();
    expect(rows[2]?.['joined']).toBeNull();
    expect(r.arrays()[2]).toEqual([3n, 'Cy', 42n, 'Paris', null]);
  });

  it('toJSON() writes int64 beyond 2^53 as a string, small ones as numbers, timestamps in their format, NULL as null', () => {
    const r = db.querySync('prql', 'from people | sort id | select {id, score, city, joined}');
    expect(JSON.stringify(r)).toBe(
      JSON.stringify({
        columns: [
          { name: 'id', type: 'int64' },
          { name: 'score', type: 'int64' },
          { name: 'city', type: 'utf8' },
          { name: 'joined', type: 'timestamp' },
        ],
        rows: [
          [1, '9007199254740993', 'London', '2020-01-01 00:00:00'],
          [2, -5, null, '2020-01-02 00:00:00'],
          [3, 42, 'Paris', null],
        ],
      }),
    );
  });

  it('the Arrow table holds the same values, typed', () => {
    const t = db.querySync('prql', 'from people | sort id').table();
    expect(t.numRows).toBe(3);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 'name', 'score', 'city', 'joined']);
    expect(t.getChild('score')?.get(0)).toBe(BIG);
    expect(t.getChild('name')?.toArray()).toEqual(['Ada', 'Bo', 'Cy']);
    expect(t.getChild('city')?.get(1)).toBeNull();
  });

  it('an empty result still has its columns', () => {
    const r = db.querySync('prql', 'from people | filter id > 100 | select {id, name}');
    expect(r.numRows).toBe(0);
    expect(r.rows()).toEqual([]);
    expect(r.toJSON()).toEqual({ columns: [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }], rows: [] });
    expect(r.table().numRows).toBe(0);
    expect(r.toCsv()).toBe('id,name\r\n');
  });

  it('CSV and text renderings', () => {
    const r = db.querySync('prql', 'from people | sort id | select {id, city}');
    expect(r.toCsv()).toBe('id,city\r\n1,London\r\n2,\r\n3,Paris\r\n');
    expect(r.toText()).toBe(
      ['+----+--------+', '| id | city   |', '+----+--------+', '|  1 | London |', '|  2 | NULL   |', '|  3 | Paris  |', '+----+--------+', '(3 rows)'].join('\n'),
    );
  });

  it('rows() returns fresh objects each call', () => {
    const r = db.querySync('prql', 'from people | sort id');
    const first = r.rows();
    (first[0] as Record<string, unknown>)['name'] = 'changed';
    expect(r.rows()[0]?.['name']).toBe('Ada');
  });
});

describe('parameters', () => {
  it('by position ($1 is index 0) and by name (with or without $)', () => {
    expect(db.querySync('prql', 'from people | filter id == $1 | select {name}', [2n]).rows()).toEqual([{ name: 'Bo' }]);
    expect(db.querySync('prql', 'from people | filter score > $min | sort id | select {id}', { min: 0n }).arrays()).toEqual([[1n], [3n]]);
    expect(db.querySync('prql', 'from people | filter name == $who | select {id}', { $who: 'Cy' }).arrays()).toEqual([[3n]]);
  });

  it('a missing parameter and a non-scalar value are errors with codes', () => {
    expect(caught(() => db.querySync('prql', 'from people | filter id == $1')).code).toBe('PRQL_MISSING_PARAM');
    expect(caught(() => db.querySync('prql', 'from people | filter id == $1', [new Date() as never])).code).toBe('INVALID_PARAM');
    expect(caught(() => db.querySync('prql', 'from people | filter id == $x', { x: undefined as never })).code).toBe('INVALID_PARAM');
  });
});

describe('stream', () => {
  it('yields Arrow record batches holding the whole result', async () => {
    const batches: RecordBatch[] = [];
    for await (const b of db.stream('prql', 'from people | sort {-id} | select {id, name}')) batches.push(b);
    const names = batches.flatMap((b) => b.getChild('name')?.toArray() as string[]);
    expect(names).toEqual(['Cy', 'Bo', 'Ada']);
    expect(batches.every((b) => b.schema.fields.map((f) => f.name).join() === 'id,name')).toBe(true);
  });

  it('errors in the text are thrown by stream() itself, before any iteration', () => {
    expect(caught(() => db.stream('prql', 'from nowhere')).code).toBe('PRQL_UNKNOWN_TABLE');
  });

  it('many batches when the batch size is small, and early exit closes cleanly', async () => {
    const small = open(':memory:', { batchSize: 2 });
    try {
      createPeople(small);
      const sizes: number[] = [];
      for await (const b of small.stream('prql', 'from people | select {id}')) sizes.push(b.numRows);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(3);
      expect(sizes.length).toBeGreaterThan(1);
      const snapshotsBefore = small.querySync('prql', 'from people | aggregate {n = count this}').arrays();
      // count the snapshots the database hands out that are still open
      let openSnapshots = 0;
      const take = small.snapshot.bind(small);
      small.snapshot = () => {
        const snap = take();
        openSnapshots++;
        const close = snap.close.bind(snap);
        let closed = false;
        snap.close = () => {
          if (!closed) openSnapshots--;
          closed = true;
          close();
        };
        return snap;
      };
      const held: number[] = [];
      for await (const b of small.stream('prql', 'from people')) {
        expect(b.numRows).toBeGreaterThan(0);
        held.push(openSnapshots);
        break;
      }
      // the stream held one snapshot while it ran, and the abandoned stream released it
      expect(held).toEqual([1]);
      expect(openSnapshots).toBe(0);
      small.table('people').insert([{ id: 4n, name: 'Di', score: 1n, city: null, joined: null }]);
      expect(snapshotsBefore).toEqual([[3n]]);
      expect(small.querySync('prql', 'from people | aggregate {n = count this}').arrays()).toEqual([[4n]]);
    } finally {
      small.close();
    }
  });
});

describe('closing while streaming', () => {
  it('a stream in progress ends with DATABASE_CLOSED', async () => {
    const small = open(':memory:', { batchSize: 1 });
    createPeople(small);
    const iter = small.stream('prql', 'from people | select {id}');
    const first = await iter.next();
    expect(first.done).toBe(false);
    small.close();
    await expect(iter.next()).rejects.toMatchObject({ code: 'DATABASE_CLOSED' });
  });
});

describe('read-only databases', () => {
  it('answer queries and refuse writes with READ_ONLY', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-ro-'));
    try {
      const rw = open(dir);
      createPeople(rw);
      rw.close();
      const ro = open(dir, { readOnly: true });
      try {
        expect(ro.querySync('prql', 'from people | aggregate {n = count this}').arrays()).toEqual([[3n]]);
        expect(() => ro.table('people').insert([{ id: 5n, name: 'X', score: 0n, city: null, joined: null }])).toThrow(
          expect.objectContaining({ code: 'READ_ONLY' }),
        );
      } finally {
        ro.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('errors', () => {
  it('unknown table: code, position and a caret under the name', () => {
    const e = caught(() => db.querySync('prql', 'from peeple'));
    expect(e.code).toBe('PRQL_UNKNOWN_TABLE');
    expect(e.spans[0]).toMatchObject({ line: 1, column: 6 });
    expect(e.render()).toContain('1 | from peeple\n  |      ^^^^^^');
  });

  it('unknown language', () => {
    const e = caught(() => db.querySync('klingon', 'from people'));
    expect(e.code).toBe('UNKNOWN_LANGUAGE');
    expect(e.hints.join()).toContain('prql');
  });

  it('PRQL syntax error on line 2: code, line, column and the rendered caret', () => {
    const e = caught(() => db.querySync('prql', 'from people\nfilter (id ==\n'));
    expect(e.code).toBe('PRQL_PARSE_ERROR');
    expect(e.spans[0]?.line).toBeGreaterThanOrEqual(2);
    const rendered = e.render();
    expect(rendered).toMatch(/^error\[PRQL_PARSE_ERROR\]: /);
    expect(rendered).toContain(`--> <query>:${e.spans[0]?.line}:${e.spans[0]?.column}`);
    expect(rendered).toMatch(/\n {2}\| +\^/);
  });

  it('a closed database refuses every call with DATABASE_CLOSED', async () => {
    const prepared = db.prepare('prql', 'from people');
    db.close();
    db.close(); // harmless twice
    expect(db.isClosed).toBe(true);
    for (const f of [
      () => db.querySync('prql', 'from people'),
      () => db.explain('prql', 'from people'),
      () => db.stream('prql', 'from people'),
      () => db.prepare('prql', 'from people'),
      () => prepared.runSync(),
      () => db.table('people'),
      () => db.kv('k'),
      () => db.tables(),
      () => db.transaction(() => 1),
    ]) {
      expect(caught(f).code).toBe('DATABASE_CLOSED');
    }
    await expect(db.query('prql', 'from people')).rejects.toMatchObject({ code: 'DATABASE_CLOSED' });
  });
});
