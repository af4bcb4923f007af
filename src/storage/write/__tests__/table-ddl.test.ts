import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, cleanup, open, scanAll } from '../../__tests__/helpers.js';
import type { TableDef } from '../../index.js';

afterAll(cleanup);

const def = (name: string, col = 'v'): TableDef => ({
  name,
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: col, type: 'utf8', nullable: true },
  ],
  primaryKey: ['id'],
});

describe.each(BACKENDS)('CREATE / DROP inside a write transaction (%s)', (kind) => {
  it('create + first rows commit together; a throw leaves no table', () => {
    const store = open(kind);
    expect(() =>
      store.write((tx) => {
        tx.createTable(def('t'));
        tx.table('t').insert([{ id: 1n, v: 'a' }]);
        expect(tx.get('t', [1n])).toEqual({ id: 1n, v: 'a' });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.hasTable('t')).toBe(false);
    store.write((tx) => {
      tx.createTable(def('t'));
      tx.table('t').insert([{ id: 1n, v: 'a' }]);
    });
    expect(scanAll(store, 't')).toEqual([{ id: 1n, v: 'a' }]);
    store.close();
  });

  it('drop and re-create under the same name in one transaction replaces the table atomically', () => {
    const store = open(kind, { segmentRows: 10 });
    store.createTable(def('t'));
    store.write((tx) => tx.table('t').insert(Array.from({ length: 25 }, (_, i) => ({ id: BigInt(i), v: `old${i}` }))));
    store.flush();
    // A failed replace keeps the old table, segments included.
    expect(() =>
      store.write((tx) => {
        tx.dropTable('t');
        tx.createTable(def('t', 'w'));
        tx.table('t').insert([{ id: 1n, w: 'new' }]);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(scanAll(store, 't')).toHaveLength(25);
    store.write((tx) => {
      tx.table('t').upsert([{ id: 0n, v: 'touched' }]); // state for 't' exists in this txn before the drop
      tx.dropTable('t');
      tx.createTable(def('t', 'w'));
      tx.table('t').insert([{ id: 1n, w: 'new' }]);
    });
    expect(scanAll(store, 't')).toEqual([{ id: 1n, w: 'new' }]);
    expect(store.tableInfo('t').fields.map((f) => f.name)).toEqual(['id', 'w']);
    expect(store.verify().errors).toEqual([]);
    store.close();
  });

  it('reports TABLE_EXISTS and UNKNOWN_TABLE like the store-level calls', () => {
    const store = open(kind);
    store.createTable(def('t'));
    expect(() => store.write((tx) => tx.createTable(def('t')))).toThrow(expect.objectContaining({ code: 'TABLE_EXISTS' }));
    expect(() => store.write((tx) => tx.dropTable('nope'))).toThrow(expect.objectContaining({ code: 'UNKNOWN_TABLE' }));
    expect(store.hasTable('t')).toBe(true);
    store.close();
  });
});
