/**
 * Isolation of an open write transaction, on both backends (LMDB on disk and
 * ':memory:'): reads through `db` (queries, snapshots, table().get, kv().get)
 * see the last committed state, never the transaction's own uncommitted
 * writes; reads through `tx` see them. After a rollback nothing of it is
 * visible anywhere. Also: delete counts only rows that existed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const BACKENDS = ['lmdb', 'memory'] as const;

function fresh(kind: (typeof BACKENDS)[number], flushed: boolean): Database {
  let path = ':memory:';
  if (kind === 'lmdb') {
    path = mkdtempSync(join(tmpdir(), 'pyralog-isolation-'));
    dirs.push(path);
  }
  const db = open(path);
  db.createTable('a', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'utf8' }], ['id']);
  db.table('a').insert([1n, 2n, 3n].map((id) => ({ id, v: `r${id}` })));
  if (flushed) db.flush('a');
  db.kv('ns').put('k', 'committed');
  return db;
}

const ids = (db: Database, q: string): bigint[] => db.querySync('prql', q).arrays().map((r) => r[0] as bigint);
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

/** Every read path through `db` must show rows 1, 2, 3 and kv k = committed. */
function expectCommitted(db: Database): void {
  expect(ids(db, 'from a | filter id == 6 | select {id}')).toEqual([]);
  expect(ids(db, 'from a | filter id == 1 | select {id}')).toEqual([1n]);
  expect(ids(db, 'from a | filter id >= 1 && id <= 6 | select {id}')).toEqual([1n, 2n, 3n]);
  expect(ids(db, 'from a | sort id | select {id}')).toEqual([1n, 2n, 3n]);
  expect(ids(db, 'from a | filter v == "r1" | select {id}')).toEqual([1n]);
  expect(db.table('a').get([6n])).toBeUndefined();
  expect(db.table('a').get([1n])).toEqual({ id: 1n, v: 'r1' });
  expect(db.table('a').get([2n])).toEqual({ id: 2n, v: 'r2' });
  expect(text(db.kv('ns').get('k'))).toBe('committed');
  expect(text(db.kv('ns').get('new'))).toBeUndefined();
  expect(db.kv('ns').range().map((e) => text(e.key))).toEqual(['k']);
  const snap = db.snapshot();
  try {
    expect(snap.get('a', [6n])).toBeUndefined();
    expect(snap.get('a', [1n])).toEqual({ id: 1n, v: 'r1' });
    expect(snap.stats('a').rowCount).toBe(3);
    expect(text(snap.kv('ns').get('k'))).toBe('committed');
  } finally {
    snap.close();
  }
}

describe.each(BACKENDS)('an open write transaction is invisible to reads through the database (%s)', (kind) => {
  for (const flushed of [false, true]) {
    it(`point, range and full reads, snapshots and kv see the committed state; tx sees its own writes (${flushed ? 'rows in segments' : 'rows in the memtable'})`, () => {
      const db = fresh(kind, flushed);
      const before = db.snapshot();
      try {
        expect(() =>
          db.transaction((tx) => {
            tx.table('a').insert([{ id: 6n, v: 'r6' }]);
            tx.table('a').delete([[1n]]);
            tx.table('a').upsert([{ id: 2n, v: 'changed' }]);
            tx.kv('ns').put('k', 'uncommitted');
            tx.kv('ns').put('new', 'x');
            expectCommitted(db);
            expect(before.get('a', [6n])).toBeUndefined();
            expect(before.get('a', [1n])).toEqual({ id: 1n, v: 'r1' });
            // Reads through tx see its own writes.
            expect(tx.get('a', [6n])).toEqual({ id: 6n, v: 'r6' });
            expect(tx.get('a', [1n])).toBeUndefined();
            expect(tx.get('a', [2n])).toEqual({ id: 2n, v: 'changed' });
            expect(text(tx.kv('ns').get('k'))).toBe('uncommitted');
            throw new Error('roll back');
          }),
        ).toThrow('roll back');
        expectCommitted(db);
        expect(before.get('a', [1n])).toEqual({ id: 1n, v: 'r1' });
      } finally {
        before.close();
        db.close();
      }
    });
  }

  it('after a commit the database reads the new state; a snapshot taken before keeps the old one', () => {
    const db = fresh(kind, false);
    const before = db.snapshot();
    try {
      db.transaction((tx) => {
        tx.table('a').insert([{ id: 6n, v: 'r6' }]);
        tx.table('a').delete([[1n]]);
      });
      expect(ids(db, 'from a | filter id == 6 | select {id}')).toEqual([6n]);
      expect(ids(db, 'from a | filter id == 1 | select {id}')).toEqual([]);
      expect(ids(db, 'from a | sort id | select {id}')).toEqual([2n, 3n, 6n]);
      expect(db.table('a').get([6n])).toEqual({ id: 6n, v: 'r6' });
      expect(before.get('a', [6n])).toBeUndefined();
      expect(before.get('a', [1n])).toEqual({ id: 1n, v: 'r1' });
      expect(before.stats('a').rowCount).toBe(3);
    } finally {
      before.close();
      db.close();
    }
  });
});

describe.each(BACKENDS)('delete counts only rows that existed (%s)', (kind) => {
  for (const flushed of [false, true]) {
    it(`table().delete, exec delete and transaction delete (${flushed ? 'rows in segments' : 'rows in the memtable'})`, () => {
      const db = fresh(kind, flushed);
      try {
        const a = db.table('a');
        expect(a.delete([[1n], [99n]])).toBe(1);
        expect(a.delete([[1n]])).toBe(0); // already deleted
        expect(a.delete([[2n], [2n]])).toBe(1); // the same key twice is one row
        expect(db.exec({ kind: 'delete', table: 'a', keys: [[98n], [97n]] })).toEqual({ changes: 0 });
        expect(db.exec({ kind: 'delete', table: 'a', keys: [[3n], [98n]] })).toEqual({ changes: 1 });
        expect(ids(db, 'from a | sort id | select {id}')).toEqual([]);
        a.insert([{ id: 7n, v: 'r7' }]);
        const counts = db.transaction((tx) => {
          const t = tx.table('a');
          t.insert([{ id: 8n, v: 'r8' }]);
          return [t.delete([[7n], [8n], [9n]]), t.delete([[8n]])];
        });
        expect(counts).toEqual([2, 0]);
        expect(ids(db, 'from a | sort id | select {id}')).toEqual([]);
        const snap = db.snapshot();
        expect(snap.stats('a').rowCount).toBe(0);
        snap.close();
      } finally {
        db.close();
      }
    });
  }
});
