/**
 * Database paths (db-path.ts through openStore and open): a database is a
 * directory whatever its name; bad paths are coded errors that create
 * nothing; databases already on disk (a directory, or a single data file
 * from earlier versions) still open.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '../../engine/database.js';
import { isPyralogError } from '../../errors/pyralog-error.js';
import { openStore } from '../index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-paths-'));
afterAll(() => {
  fs.chmodSync(tmp, 0o755);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const listing = (dir: string): string[] => fs.readdirSync(dir).sort();

function codeOf(fn: () => unknown): string {
  try {
    const r = fn() as { close?: () => void } | undefined;
    r?.close?.();
  } catch (e) {
    if (isPyralogError(e)) return e.code;
    return `raw ${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}

function fillTable(dir: string): void {
  const db = open(dir);
  db.createTable('t', [{ name: 'k', type: 'int64' }], ['k']);
  db.table('t').insert([{ k: 1n }, { k: 2n }]);
  db.close();
}

describe('database paths', () => {
  it('a path with an extension is a directory: tables, reopen and sequences work', () => {
    const dir = path.join(tmp, 'my.db');
    fillTable(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(listing(dir)).toEqual(['data.mdb', 'lock.mdb']);
    const db = open(dir);
    expect(db.querySync('prql', 'from t | sort k').rows()).toEqual([{ k: 1n }, { k: 2n }]);
    expect(db.sequence('s').next()).toBe(1);
    db.close();
    expect(listing(tmp)).toEqual(['my.db']);
  });

  it('an existing directory with a dot in its name (mktemp -d) opens, with no stray lock file beside it', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'tmp.'));
    fillTable(dir);
    expect(listing(dir)).toEqual(['data.mdb', 'lock.mdb']);
    expect(fs.existsSync(`${dir}-lock`)).toBe(false);
    const store = openStore(dir, { readOnly: true });
    expect(store.tables().map((t) => t.name)).toEqual(['t']);
    store.close();
  });

  it('a plain file is DATABASE_PATH_INVALID and is left as it was, with no lock file', () => {
    const file = path.join(tmp, 'notes.txt');
    fs.writeFileSync(file, 'hello');
    expect(codeOf(() => open(file))).toBe('DATABASE_PATH_INVALID');
    expect(codeOf(() => openStore(file, { readOnly: true }))).toBe('DATABASE_PATH_INVALID');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
    expect(fs.existsSync(`${file}-lock`)).toBe(false);
  });

  it('a missing parent, a file as parent, and an empty path are DATABASE_PATH_INVALID; nothing is created', () => {
    const before = listing(tmp);
    expect(codeOf(() => open(path.join(tmp, 'no', 'such', 'db')))).toBe('DATABASE_PATH_INVALID');
    fs.writeFileSync(path.join(tmp, 'plain'), '');
    expect(codeOf(() => open(path.join(tmp, 'plain', 'db')))).toBe('DATABASE_PATH_INVALID');
    expect(codeOf(() => open(''))).toBe('DATABASE_PATH_INVALID');
    expect(codeOf(() => openStore('  '))).toBe('DATABASE_PATH_INVALID');
    expect(listing(tmp)).toEqual([...before, 'plain'].sort());
    fs.rmSync(path.join(tmp, 'plain'));
  });

  it('a read-only or must-exist open of a missing path is DATABASE_NOT_FOUND and creates nothing', () => {
    const missing = path.join(tmp, 'missing');
    expect(codeOf(() => open(missing, { readOnly: true }))).toBe('DATABASE_NOT_FOUND');
    expect(codeOf(() => openStore(missing, { mustExist: true }))).toBe('DATABASE_NOT_FOUND');
    expect(fs.existsSync(missing)).toBe(false);
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    expect(codeOf(() => open(empty, { readOnly: true }))).toBe('DATABASE_NOT_FOUND');
    expect(listing(empty)).toEqual([]);
    fs.rmdirSync(empty);
  });

  it('a directory that cannot be written is DATABASE_NOT_WRITABLE, with nothing created', () => {
    // root ignores permission bits; /sys refuses new files even to root.
    const root = process.getuid?.() === 0;
    const ro = root ? '/sys' : path.join(tmp, 'ro');
    if (!root) {
      fs.mkdirSync(ro);
      fs.chmodSync(ro, 0o555);
    }
    const before = listing(ro);
    expect(codeOf(() => open(ro))).toBe('DATABASE_NOT_WRITABLE');
    expect(codeOf(() => open(path.join(ro, 'db')))).toBe('DATABASE_NOT_WRITABLE');
    expect(listing(ro)).toEqual(before);
    if (!root) fs.chmodSync(ro, 0o755);
  });

  it('a single-file database from earlier versions (my.db + my.db-lock) still opens and keeps its data', () => {
    const dir = path.join(tmp, 'source');
    fillTable(dir);
    const legacy = path.join(tmp, 'legacy.db');
    fs.renameSync(path.join(dir, 'data.mdb'), legacy); // LMDB's data file is the same in both layouts
    fs.rmSync(dir, { recursive: true });
    const db = open(legacy);
    expect(db.querySync('prql', 'from t | sort k').rows()).toEqual([{ k: 1n }, { k: 2n }]);
    db.table('t').insert([{ k: 3n }]);
    expect([db.sequence('orders').next(), db.sequence('orders').next()]).toEqual([1, 2]);
    db.close();
    expect(fs.statSync(legacy).isFile()).toBe(true);
    expect(fs.statSync(`${legacy}-sequences`).isDirectory()).toBe(true);
    const ro = openStore(legacy, { readOnly: true });
    expect(ro.snapshot().stats('t').rowCount).toBe(3);
    ro.close();
    fs.rmSync(legacy);
    fs.rmSync(`${legacy}-lock`, { force: true });
    fs.rmSync(`${legacy}-sequences`, { recursive: true, force: true });
  });
});
