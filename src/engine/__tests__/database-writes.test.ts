import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open, PyralogError } from '../../index.js';
import { BIG, createPeople, memoryPeople } from './api-fixture.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-api-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));

describe('a database directory', () => {
  it('keeps tables, rows and key-value entries across close and reopen', () => {
    const dir = path.join(tmp, 'reopen');
    const db = open(dir);
    createPeople(db);
    db.kv('settings').put('theme', 'dark');
    db.flush('people');
    db.table('people').upsert([{ id: 4n, name: 'Di', score: 7n, city: 'Rome', joined: null }]); // stays in the memtable
    db.close();

    const again = open(dir);
    try {
      expect(again.tables().map((t) => t.name)).toEqual(['people']);
      expect(again.querySync('prql', 'from people | sort id | select {id, score}').arrays()).toEqual([
        [1n, BIG],
        [2n, -5n],
        [3n, 42n],
        [4n, 7n],
      ]);
      expect(text(again.kv('settings').get('theme'))).toBe('dark');
      expect(again.table('people').get([4n])).toMatchObject({ name: 'Di', city: 'Rome' });
    } finally {
      again.close();
    }
  });
});

describe('writes', () => {
  it('table(): insert, duplicate key, upsert, delete, get', () => {
    const db = memoryPeople();
    try {
      const people = db.table('people');
      expect(people.info().primaryKey).toEqual(['id']);
      expect(() => people.insert([{ id: 1n, name: 'Dup', score: 0n, city: null, joined: null }])).toThrow(
        expect.objectContaining({ code: 'DUPLICATE_KEY' }),
      );
      expect(people.upsert([{ id: 1n, name: 'Ada L.', score: 1n, city: null, joined: null }])).toBe(1);
      expect(people.get([1n])).toMatchObject({ name: 'Ada L.', score: 1n, city: null });
      expect(people.delete([[2n], [3n]])).toBe(2);
      expect(people.get([2n])).toBeUndefined();
      expect(db.querySync('prql', 'from people | select {id, name}').arrays()).toEqual([[1n, 'Ada L.']]);
      expect(() => db.table('nobody')).toThrow(expect.objectContaining({ code: 'UNKNOWN_TABLE' }));
    } finally {
      db.close();
    }
  });

  it('exec(): statement objects for DDL and DML', () => {
    const db = open(':memory:');
    try {
      expect(db.exec({ kind: 'create_table', name: 't', columns: [{ name: 'k', type: 'utf8' }, { name: 'v', type: 'float64' }], primaryKey: ['k'] })).toEqual({ changes: 0 });
      expect(db.exec({ kind: 'create_table', name: 't', columns: [], ifNotExists: true })).toEqual({ changes: 0 });
      expect(db.exec({ kind: 'insert', table: 't', rows: [{ k: 'a', v: 1.5 }, { k: 'b', v: null }] })).toEqual({ changes: 2 });
      expect(db.exec({ kind: 'delete', table: 't', keys: [['a']] })).toEqual({ changes: 1 });
      expect(db.querySync('prql', 'from t').rows()).toEqual([{ k: 'b', v: null }]);
      db.exec({ kind: 'drop_table', name: 't' });
      expect(db.exec({ kind: 'drop_table', name: 't', ifExists: true })).toEqual({ changes: 0 });
      expect(db.tables()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('transaction(): all writes commit together, none when it throws, and it must be synchronous', () => {
    const db = memoryPeople();
    try {
      db.transaction((tx) => {
        tx.table('people').insert([{ id: 10n, name: 'Tx', score: 0n, city: null, joined: null }]);
        tx.kv('log').put('10', 'added');
        expect(tx.get('people', [10n])).toMatchObject({ name: 'Tx' }); // sees its own write
      });
      expect(db.table('people').get([10n])).toMatchObject({ name: 'Tx' });
      expect(text(db.kv('log').get('10'))).toBe('added');

      expect(() =>
        db.transaction((tx) => {
          tx.table('people').insert([{ id: 11n, name: 'Lost', score: 0n, city: null, joined: null }]);
          tx.kv('log').put('11', 'lost');
          throw new Error('abort');
        }),
      ).toThrow('abort');
      expect(db.table('people').get([11n])).toBeUndefined();
      expect(db.kv('log').get('11')).toBeUndefined();

      let err: unknown;
      try {
        db.transaction(async (tx) => tx.kv('log').put('12', 'async'));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PyralogError);
      expect((err as PyralogError).code).toBe('ASYNC_TRANSACTION');
      expect(db.kv('log').get('12')).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('kv(): put, get, delete and ordered range', () => {
    const db = open(':memory:');
    try {
      const kv = db.kv('ns');
      for (const k of ['b', 'a', 'c', 'd']) kv.put(k, `v-${k}`);
      kv.delete('d');
      expect(text(kv.get('a'))).toBe('v-a');
      expect(kv.get('d')).toBeUndefined();
      expect(kv.range().map((e) => text(e.key))).toEqual(['a', 'b', 'c']);
      expect(kv.range({ start: 'b', end: 'c' }).map((e) => text(e.value))).toEqual(['v-b']);
      expect(kv.range({ reverse: true, limit: 2 }).map((e) => text(e.key))).toEqual(['c', 'b']);
      expect(db.kv('other').range()).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('writes through db.storage (as CSV import does) invalidate cached physical plans; closing it closes the database', () => {
    const db = memoryPeople();
    const q = db.prepare('prql', 'from people | aggregate {n = count this}');
    const plans = db.planStats().physicalPlans;
    db.storage.write((tx) => tx.table('people').insert([{ id: 20n, name: 'S', score: 0n, city: null, joined: null }]));
    expect(q.runSync().arrays()).toEqual([[4n]]);
    expect(db.planStats().physicalPlans).toBe(plans + 1);
    db.storage.close();
    expect(db.isClosed).toBe(true);
  });
});
