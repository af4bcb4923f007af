/**
 * Commits of another process are visible to the next read of this one, even
 * when this process never yields to the event loop between them (lmdb-js
 * otherwise keeps reusing one read transaction until the next turn). The
 * writer is a real child process running the current source (transpiled to a
 * temporary directory), started with spawnSync so this process stays busy.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../src/index.js';
import { openStore } from '../../src/storage/index.js';
import { transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

let dir: string;
let storeEntry: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-xproc-'));
  const pkg = transpileForChild(path.join(dir, 'pkg'), ['src/storage/index.ts']);
  fs.symlinkSync(path.resolve(import.meta.dirname, '../../node_modules'), path.join(pkg, 'node_modules'));
  storeEntry = pathToFileURL(path.join(pkg, 'src/storage/index.js')).href;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a child that opens `db` with the current source and inserts row k (synchronously: this process is blocked). */
function childInserts(db: string, k: number): void {
  const script = `
    import { openStore } from ${JSON.stringify(storeEntry)};
    const s = openStore(${JSON.stringify(db)});
    s.write((tx) => tx.table('t').insert([{ k: ${k}n, v: 'from child' }]));
    s.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

describe('another process commits, this one never yields', () => {
  it('Database: point get, query and snapshot see the child’s rows at once', () => {
    const dbDir = path.join(dir, 'db1');
    const db = open(dbDir);
    try {
      db.createTable('t', [{ name: 'k', type: 'int64' }, { name: 'v', type: 'utf8' }], ['k']);
      db.table('t').insert([{ k: 1n, v: 'mine' }]);
      expect(db.table('t').get([2n])).toBeUndefined(); // a read transaction is now open and current
      expect(db.querySync('prql', 'from t | aggregate {n = count this}').arrays()).toEqual([[1n]]);
      childInserts(dbDir, 2);
      expect(db.table('t').get([2n])).toEqual({ k: 2n, v: 'from child' });
      expect(db.querySync('prql', 'from t | aggregate {n = count this}').arrays()).toEqual([[2n]]);
      const snap = db.snapshot();
      expect(snap.get('t', [2n])).toEqual({ k: 2n, v: 'from child' });
      childInserts(dbDir, 3);
      expect(snap.get('t', [3n])).toBeUndefined(); // an open snapshot keeps its point in time
      snap.close();
      expect(db.table('t').get([3n])).toEqual({ k: 3n, v: 'from child' });
      expect(db.querySync('prql', 'from t | sort k | select {k}').arrays()).toEqual([[1n], [2n], [3n]]);
    } finally {
      db.close();
    }
  });

  it('Store: the next snapshot sees the child’s commit', () => {
    const dbDir = path.join(dir, 'db2');
    const store = openStore(dbDir);
    try {
      store.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'v', type: 'utf8', nullable: true }], primaryKey: ['k'] });
      const rowCount = (): number => {
        const snap = store.snapshot();
        try {
          return snap.stats('t').rowCount;
        } finally {
          snap.close();
        }
      };
      expect(rowCount()).toBe(0);
      childInserts(dbDir, 1);
      expect(rowCount()).toBe(1);
    } finally {
      store.close();
    }
  });
});
