import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open, scanAll } from './helpers.js';
import type { TableDef } from '../index.js';

afterAll(cleanup);

const users: TableDef = {
  name: 'users',
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: false },
    { name: 'score', type: 'float64', nullable: true },
  ],
  primaryKey: ['id'],
};

describe.each(BACKENDS)('store basics (%s)', (kind) => {
  it('inserts, reads back by scan and get, in key order', () => {
    const store = open(kind);
    store.createTable(users);
    store.write((tx) => {
      tx.table('users').insert([
        { id: 3n, name: 'c', score: 1.5 },
        { id: 1n, name: 'a', score: null },
        { id: 2n, name: 'b' },
      ]);
    });
    expect(scanAll(store, 'users')).toEqual([
      { id: 1n, name: 'a', score: null },
      { id: 2n, name: 'b', score: null },
      { id: 3n, name: 'c', score: 1.5 },
    ]);
    const snap = store.snapshot();
    expect(snap.get('users', [3n])).toEqual({ id: 3n, name: 'c', score: 1.5 });
    expect(snap.get('users', [4n])).toBeUndefined();
    snap.close();
    store.close();
  });

  it('upsert replaces, delete hides, across flushes (newest wins)', () => {
    const store = open(kind);
    store.createTable(users);
    store.write((tx) => tx.table('users').insert([1, 2, 3, 4].map((i) => ({ id: BigInt(i), name: `v1-${i}` }))));
    store.flush();
    store.write((tx) => {
      tx.table('users').upsert([{ id: 2n, name: 'v2-2' }]);
      tx.table('users').delete([[3n]]);
    });
    const expected = [
      { id: 1n, name: 'v1-1', score: null },
      { id: 2n, name: 'v2-2', score: null },
      { id: 4n, name: 'v1-4', score: null },
    ];
    expect(scanAll(store, 'users')).toEqual(expected);
    store.flush();
    expect(scanAll(store, 'users')).toEqual(expected);
    store.compact();
    expect(scanAll(store, 'users')).toEqual(expected);
    const snap = store.snapshot();
    expect(snap.get('users', [3n])).toBeUndefined();
    expect(snap.get('users', [2n])?.['name']).toBe('v2-2');
    expect(snap.stats('users').rowCount).toBe(3);
    snap.close();
    expect(store.verify()).toEqual({ segments: 1, errors: [] });
    store.close();
  });

  it('tables without a primary key get hidden row ids', () => {
    const store = open(kind);
    store.createTable({ name: 'log', fields: [{ name: 'msg', type: 'utf8', nullable: false }], primaryKey: [] });
    store.write((tx) => tx.table('log').insert([{ msg: 'a' }, { msg: 'b' }]));
    store.write((tx) => tx.table('log').insert([{ msg: 'a' }]));
    expect(scanAll(store, 'log')).toEqual([{ msg: 'a' }, { msg: 'b' }, { msg: 'a' }]);
    expect(scanAll(store, 'log', { columns: ['__rowid', 'msg'] })).toEqual([
      { __rowid: 1n, msg: 'a' },
      { __rowid: 2n, msg: 'b' },
      { __rowid: 3n, msg: 'a' },
    ]);
    store.write((tx) => tx.table('log').delete([[2n]]));
    expect(scanAll(store, 'log')).toEqual([{ msg: 'a' }, { msg: 'a' }]);
    expect(store.tableInfo('log').primaryKey).toEqual([]);
    store.close();
  });

  it('keeps the catalog: tables, info, drop', () => {
    const store = open(kind);
    const info = store.createTable(users);
    expect(info).toMatchObject({ name: 'users', version: 1, primaryKey: ['id'] });
    expect(info.schema.key).toEqual([0]);
    expect(store.hasTable('users')).toBe(true);
    store.createTable({ ...users, name: 'other' });
    expect(store.tables().map((t) => t.name)).toEqual(['users', 'other']);
    store.write((tx) => tx.table('other').insert([{ id: 1n, name: 'x' }]));
    store.flush();
    store.dropTable('other');
    expect(store.hasTable('other')).toBe(false);
    expect(store.verify()).toEqual({ segments: 0, errors: [] });
    store.close();
  });
});
