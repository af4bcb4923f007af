/**
 * A cached query plan is never run against a changed catalog: DDL made in
 * this process (alter, drop and re-create, adding or dropping a foreign key)
 * or committed by another process (a real child process, while this one
 * never yields to the event loop) is seen by the very next query, which
 * recompiles (planStats().stale counts it) and answers with the new schema.
 * Decoded catalog records are shared between snapshots by the persisted
 * layout generation (src/storage/read/layout-cache.ts); these tests pin that
 * the share never hides a change.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/index.js';
import { transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

let dir: string;
let storeEntry: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-plan-ddl-'));
  const pkg = transpileForChild(path.join(dir, 'pkg'), ['src/storage/index.ts']);
  fs.symlinkSync(path.resolve(import.meta.dirname, '../../node_modules'), path.join(pkg, 'node_modules'));
  storeEntry = pathToFileURL(path.join(pkg, 'src/storage/index.js')).href;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `body` in a child process on the store at `db` (spawnSync: this process stays blocked, never yielding). */
function inChild(db: string, body: string): void {
  const script = `
    import { openStore } from ${JSON.stringify(storeEntry)};
    const s = openStore(${JSON.stringify(db)});
    ${body}
    s.close();`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const Q = 'from t | sort k';

function run(db: Database): { names: string[]; rows: unknown[][] } {
  const r = db.querySync('prql', Q);
  return { names: r.schema.fields.map((f) => f.name), rows: r.arrays() };
}

describe('cached plans see DDL at once', () => {
  it('in this process: alter, drop + re-create, foreign keys added and dropped', () => {
    const db = open(path.join(dir, 'db-in'));
    try {
      db.createTable('t', [{ name: 'k', type: 'int64' }, { name: 'v', type: 'utf8' }], ['k']);
      db.table('t').insert([{ k: 1n, v: 'a' }]);
      expect(run(db)).toEqual({ names: ['k', 'v'], rows: [[1n, 'a']] });
      expect(run(db).rows).toEqual([[1n, 'a']]); // cached
      const base = db.planStats();
      db.alterTable('t', { kind: 'add_column', field: { name: 'w', type: 'float64', nullable: true } });
      expect(run(db)).toEqual({ names: ['k', 'v', 'w'], rows: [[1n, 'a', null]] });
      expect(db.planStats().stale).toBe(base.stale + 1);

      db.dropTable('t');
      db.createTable('t', [{ name: 'k', type: 'int64' }, { name: 'z', type: 'int64' }], ['k']);
      db.table('t').insert([{ k: 5n, z: 7n }]);
      expect(run(db)).toEqual({ names: ['k', 'z'], rows: [[5n, 7n]] });
      expect(db.planStats().stale).toBe(base.stale + 2);

      db.createTable('p', [{ name: 'id', type: 'int64' }], ['id']);
      run(db);
      const fk = db.addForeignKey('t', { columns: ['z'], references: { table: 'p', columns: ['id'] } });
      expect(run(db).rows).toEqual([[5n, 7n]]);
      expect(db.planStats().stale).toBe(base.stale + 3); // a foreign key is a new schema version of t
      db.dropForeignKey('t', fk.name);
      expect(run(db).rows).toEqual([[5n, 7n]]);
      expect(db.planStats().stale).toBe(base.stale + 4);
    } finally {
      db.close();
    }
  });

  it('from another process: an alter, then a drop + re-create, committed while this one never yields', () => {
    const dbDir = path.join(dir, 'db-x');
    const db = open(dbDir);
    try {
      db.createTable('t', [{ name: 'k', type: 'int64' }, { name: 'v', type: 'utf8' }], ['k']);
      db.table('t').insert([{ k: 1n, v: 'a' }]);
      db.flush();
      expect(run(db)).toEqual({ names: ['k', 'v'], rows: [[1n, 'a']] });
      expect(run(db).rows).toEqual([[1n, 'a']]); // plan and decoded record cached
      const base = db.planStats();
      inChild(dbDir, `s.alterTable('t', { kind: 'rename_column', from: 'v', to: 'label' });`);
      expect(run(db)).toEqual({ names: ['k', 'label'], rows: [[1n, 'a']] });
      expect(db.planStats().stale).toBe(base.stale + 1);
      inChild(
        dbDir,
        `s.dropTable('t');
         s.createTable({ name: 't', fields: [{ name: 'k', type: 'int64', nullable: false }, { name: 'n', type: 'float64', nullable: true }], primaryKey: ['k'] });
         s.write((tx) => tx.table('t').insert([{ k: 9n, n: 2.5 }]));`,
      );
      expect(run(db)).toEqual({ names: ['k', 'n'], rows: [[9n, 2.5]] });
      expect(db.planStats().stale).toBe(base.stale + 2);
    } finally {
      db.close();
    }
  });
});
