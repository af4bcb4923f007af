/**
 * Declared foreign keys through the embedded API, on LMDB: declare, list and
 * drop; persistence across reopen; renames keep them; every refusal with its
 * code; versions and the catalog fingerprint change; enforced keys are
 * checked on write (NULL passes, same-transaction rows count; rows already
 * there are checked when one is declared) and
 * informational ones are not; Batuta's forms declare, list and drop them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Database } from '../../src/index.js';
import { SnapshotCatalog } from '../../src/engine/catalog-view.js';
import { isPyralogError } from '../../src/errors/pyralog-error.js';
import { openBatutaSession } from '../../src/engine/batuta-session.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-fk-'));
let db: Database;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isPyralogError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

function fingerprint(d: Database): number {
  const snap = d.snapshot();
  try {
    return new SnapshotCatalog(snap).version;
  } finally {
    snap.close();
  }
}

beforeAll(() => {
  db = open(tmp);
  db.createTable('artists', [{ name: 'artist_id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['artist_id']);
  db.createTable('albums', [{ name: 'album_id', type: 'int64' }, { name: 'title', type: 'utf8' }, { name: 'artist_id', type: 'int64' }], ['album_id']);
  db.createTable(
    'employees',
    [{ name: 'employee_id', type: 'int64' }, { name: 'reports_to', type: 'int64' }],
    ['employee_id'],
    { foreignKeys: [{ columns: ['reports_to'], references: { table: 'employees', columns: ['employee_id'] } }] },
  );
  db.createTable('pairs', [{ name: 'a', type: 'int64' }, { name: 'b', type: 'utf8' }], ['a', 'b']);
  db.createTable('notes', [{ name: 'id', type: 'int64' }, { name: 'pb', type: 'utf8' }, { name: 'pa', type: 'int64' }, { name: 'txt', type: 'utf8' }], ['id']);
  db.createTable('loose', [{ name: 'x', type: 'int64' }]); // hidden row id: nothing to reference
});
afterAll(() => {
  db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('declaring, listing and dropping', () => {
  it('adds a key with the default name, bumps the version and the fingerprint, and lists it', () => {
    const before = db.table('albums').info().version;
    const fp = fingerprint(db);
    const fk = db.addForeignKey('albums', { columns: ['artist_id'], references: { table: 'artists', columns: ['artist_id'] } });
    expect(fk).toEqual({ name: 'albums_artist_id_fkey', columns: ['artist_id'], references: { table: 'artists', columns: ['artist_id'] }, enforced: false });
    expect(db.table('albums').info().version).toBe(before + 1);
    expect(fingerprint(db)).not.toBe(fp);
    expect(db.table('albums').info().foreignKeys).toEqual([fk]);
    expect(db.table('artists').info().foreignKeys).toEqual([]);
    expect(db.foreignKeys('albums')).toEqual([{ table: 'albums', ...fk }]);
    expect(db.foreignKeys().map((k) => `${k.table}.${k.name}`)).toEqual(['albums.albums_artist_id_fkey', 'employees.employees_reports_to_fkey']);
  });

  it('a self reference declared at creation is listed; the CatalogView shows the keys', () => {
    expect(db.foreignKeys('employees')).toEqual([
      { table: 'employees', name: 'employees_reports_to_fkey', columns: ['reports_to'], references: { table: 'employees', columns: ['employee_id'] }, enforced: false },
    ]);
    const snap = db.snapshot();
    try {
      expect(new SnapshotCatalog(snap).table('albums')?.foreignKeys?.map((k) => k.name)).toEqual(['albums_artist_id_fkey']);
    } finally {
      snap.close();
    }
  });

  it('normalises referenced columns listed out of key order, keeping each pair', () => {
    const fk = db.addForeignKey('notes', { name: 'notes_pair', columns: ['pb', 'pa'], references: { table: 'pairs', columns: ['b', 'a'] } });
    expect(fk).toEqual({ name: 'notes_pair', columns: ['pa', 'pb'], references: { table: 'pairs', columns: ['a', 'b'] }, enforced: false });
  });

  it('exec statements add and drop; the version moves each time', () => {
    const v = db.table('notes').info().version;
    db.exec({ kind: 'add_foreign_key', table: 'notes', name: 'tmp', columns: ['pa', 'pb'], references: { table: 'pairs', columns: ['a', 'b'] } });
    expect(db.foreignKeys('notes').map((k) => k.name)).toEqual(['notes_pair', 'tmp']);
    db.exec({ kind: 'drop_foreign_key', table: 'notes', name: 'tmp' });
    expect(db.foreignKeys('notes').map((k) => k.name)).toEqual(['notes_pair']);
    expect(db.table('notes').info().version).toBe(v + 2);
  });

  it('renaming a referencing column or a referenced key column keeps the key, with the new names', () => {
    db.alterTable('albums', { kind: 'rename_column', from: 'artist_id', to: 'artist' });
    expect(db.foreignKeys('albums')[0]?.columns).toEqual(['artist']);
    db.alterTable('artists', { kind: 'rename_column', from: 'artist_id', to: 'id' });
    expect(db.foreignKeys('albums')[0]?.references).toEqual({ table: 'artists', columns: ['id'] });
    db.alterTable('employees', { kind: 'rename_column', from: 'employee_id', to: 'emp_id' });
    expect(db.foreignKeys('employees')[0]?.references.columns).toEqual(['emp_id']);
    // and back, so later tests read the Chinook names
    db.alterTable('albums', { kind: 'rename_column', from: 'artist', to: 'artist_id' });
    db.alterTable('artists', { kind: 'rename_column', from: 'id', to: 'artist_id' });
    db.alterTable('employees', { kind: 'rename_column', from: 'emp_id', to: 'employee_id' });
  });

  it('survives closing and reopening the database', () => {
    db.close();
    db = open(tmp);
    expect(db.foreignKeys().map((k) => `${k.table}.${k.name}:${k.columns.join(',')}->${k.references.table}(${k.references.columns.join(',')})`)).toEqual([
      'albums.albums_artist_id_fkey:artist_id->artists(artist_id)',
      'employees.employees_reports_to_fkey:reports_to->employees(employee_id)',
      'notes.notes_pair:pa,pb->pairs(a,b)',
    ]);
  });
});

describe('refusals', () => {
  const ref = (table: string, ...columns: string[]) => ({ table, columns });
  it('bad declarations', () => {
    expect(codeOf(() => db.addForeignKey('albums', { columns: ['nope'], references: ref('artists', 'artist_id') }))).toBe('UNKNOWN_COLUMN');
    expect(codeOf(() => db.addForeignKey('albums', { columns: ['artist_id'], references: ref('ghosts', 'id') }))).toBe('UNKNOWN_TABLE');
    expect(codeOf(() => db.addForeignKey('albums', { columns: ['artist_id'], references: ref('artists', 'name') }))).toBe('INVALID_FOREIGN_KEY');
    expect(codeOf(() => db.addForeignKey('albums', { columns: ['title'], references: ref('artists', 'artist_id') }))).toBe('INVALID_FOREIGN_KEY');
    expect(codeOf(() => db.addForeignKey('notes', { columns: ['pa'], references: ref('pairs', 'a') }))).toBe('INVALID_FOREIGN_KEY');
    expect(codeOf(() => db.addForeignKey('notes', { columns: ['pa', 'pa'], references: ref('pairs', 'a', 'b') }))).toBe('INVALID_FOREIGN_KEY');
    expect(codeOf(() => db.addForeignKey('notes', { columns: ['id'], references: ref('loose', 'x') }))).toBe('INVALID_FOREIGN_KEY');
    expect(codeOf(() => db.addForeignKey('albums', { columns: 'artist_id', references: ref('artists', 'artist_id') } as never))).toBe('INVALID_FOREIGN_KEY');
    expect(codeOf(() => db.addForeignKey('albums', { columns: ['artist_id'], references: ref('artists', 'artist_id') }))).toBe('FOREIGN_KEY_EXISTS');
    expect(codeOf(() => db.dropForeignKey('albums', 'no_such_fkey'))).toBe('UNKNOWN_FOREIGN_KEY');
    expect(codeOf(() => db.exec({ kind: 'drop_foreign_key', table: 'albums' } as never))).toBe('INVALID_ARGUMENT');
  });

  it('what a key depends on cannot be dropped or retyped; the message names the key', () => {
    let message = '';
    try {
      db.dropTable('artists');
    } catch (e) {
      message = (e as Error).message;
      expect(isPyralogError(e) && e.code).toBe('FOREIGN_KEY_DEPENDENCY');
    }
    expect(message).toContain('albums_artist_id_fkey');
    expect(codeOf(() => db.transaction((tx) => tx.dropTable('pairs')))).toBe('FOREIGN_KEY_DEPENDENCY');
    expect(codeOf(() => db.alterTable('albums', { kind: 'drop_column', name: 'artist_id' }))).toBe('FOREIGN_KEY_DEPENDENCY');
    expect(codeOf(() => db.alterTable('albums', { kind: 'widen_column', name: 'artist_id', to: 'float64' }))).toBe('FOREIGN_KEY_DEPENDENCY');
    expect(db.tables().map((t) => t.name)).toContain('artists');
  });

  it('a table referenced only by itself, or a referencing table, can be dropped (its own keys go with it)', () => {
    db.createTable('tree', [{ name: 'id', type: 'int64' }, { name: 'parent', type: 'int64' }], ['id'], {
      foreignKeys: [{ columns: ['parent'], references: { table: 'tree', columns: ['id'] } }],
    });
    db.dropTable('tree');
    db.createTable('tmp_ref', [{ name: 'id', type: 'int64' }], ['id'], { foreignKeys: [{ columns: ['id'], references: { table: 'artists', columns: ['artist_id'] } }] });
    db.dropTable('tmp_ref');
    expect(db.foreignKeys().map((k) => k.table)).toEqual(['albums', 'employees', 'notes']);
  });
});

describe('enforcement', () => {
  it('informational keys are not checked; declaring an enforced one checks the rows already there', () => {
    expect(db.table('albums').insert([{ album_id: 1n, title: 'Orphan', artist_id: 999n }])).toBe(1);
    const strict = { name: 'strict', columns: ['artist_id'], references: { table: 'artists', columns: ['artist_id'] }, enforced: true };
    db.flush('albums'); // the rows are read from a segment
    let err: unknown;
    try {
      db.addForeignKey('albums', strict);
    } catch (e) {
      err = e;
    }
    expect(isPyralogError(err) && err.code).toBe('FOREIGN_KEY_VIOLATION');
    expect((err as Error).message).toBe('the row of albums with (album_id) = (1) breaks foreign key strict: artists has no row with (artist_id) = (999)');
    expect(db.foreignKeys('albums').map((k) => k.name)).toEqual(['albums_artist_id_fkey']);
    db.table('artists').insert([{ artist_id: 999n, name: 'Found' }]);
    expect(db.addForeignKey('albums', strict).enforced).toBe(true);
    db.dropForeignKey('albums', 'strict');
    db.table('artists').delete([[999n]]);
  });

  it('enforced keys check inserts and upserts; NULL passes; same-call and same-transaction rows count', () => {
    db.createTable('tracks', [{ name: 'track_id', type: 'int64' }, { name: 'album_id', type: 'int64' }], ['track_id'], {
      foreignKeys: [{ columns: ['album_id'], references: { table: 'albums', columns: ['album_id'] }, enforced: true }],
    });
    expect(db.foreignKeys('tracks')[0]?.enforced).toBe(true);
    expect(db.table('tracks').insert([{ track_id: 1n, album_id: 1n }, { track_id: 2n, album_id: null }])).toBe(2);
    let err: unknown;
    try {
      db.table('tracks').insert([{ track_id: 3n, album_id: 1n }, { track_id: 4n, album_id: 42n }]);
    } catch (e) {
      err = e;
    }
    expect(isPyralogError(err) && err.code).toBe('FOREIGN_KEY_VIOLATION');
    expect(isPyralogError(err) && err.details).toMatchObject({ table: 'tracks', row: 1, foreignKey: 'tracks_album_id_fkey', references: 'albums', key: ['42'] });
    expect(db.table('tracks').get([3n])).toBeUndefined(); // the whole call rolled back
    expect(codeOf(() => db.table('tracks').upsert([{ track_id: 1n, album_id: 77n }]))).toBe('FOREIGN_KEY_VIOLATION');
    expect(db.table('tracks').get([1n])).toEqual({ track_id: 1n, album_id: 1n });
    db.transaction((tx) => {
      tx.table('albums').insert([{ album_id: 42n, title: 'New', artist_id: null }]);
      tx.table('tracks').insert([{ track_id: 4n, album_id: 42n }]);
    });
    expect(db.table('tracks').get([4n])).toEqual({ track_id: 4n, album_id: 42n });
    // deletes of referenced rows are not checked
    expect(db.table('albums').delete([[42n]])).toBe(1);
  });

  it('an enforced self reference accepts a chain written in one call', () => {
    db.createTable('staff', [{ name: 'id', type: 'int64' }, { name: 'boss', type: 'int64' }], ['id'], {
      foreignKeys: [{ columns: ['boss'], references: { table: 'staff', columns: ['id'] }, enforced: true }],
    });
    expect(db.table('staff').insert([{ id: 2n, boss: 1n }, { id: 1n, boss: null }])).toBe(2);
    expect(codeOf(() => db.table('staff').insert([{ id: 3n, boss: 9n }]))).toBe('FOREIGN_KEY_VIOLATION');
  });
});

describe('on :memory: too', () => {
  it('declares, enforces and refuses alike', () => {
    const mem = open(':memory:');
    try {
      mem.createTable('p', [{ name: 'id', type: 'utf8' }], ['id']);
      mem.createTable('c', [{ name: 'id', type: 'int64' }, { name: 'p', type: 'utf8' }], ['id'], {
        foreignKeys: [{ columns: ['p'], references: { table: 'p', columns: ['id'] }, enforced: true }],
      });
      mem.table('p').insert([{ id: 'a' }]);
      expect(mem.table('c').insert([{ id: 1n, p: 'a' }, { id: 2n, p: null }])).toBe(2);
      expect(codeOf(() => mem.table('c').upsert([{ id: 3n, p: 'zz' }]))).toBe('FOREIGN_KEY_VIOLATION');
      expect(codeOf(() => mem.dropTable('p'))).toBe('FOREIGN_KEY_DEPENDENCY');
      expect(mem.foreignKeys().map((k) => k.name)).toEqual(['c_p_fkey']);
    } finally {
      mem.close();
    }
  });
});

describe('Batuta', () => {
  it('add-foreign-key!, foreign-keys and drop-foreign-key! go through the catalog; writes are refused in a query and a transaction', async () => {
    const session = openBatutaSession(db, { onOutput: () => {} });
    const added = await session.evaluate('(add-foreign-key! :notes [:pa :pb] :pairs [:a :b] :name :notes_pairs2)');
    expect(added.kind === 'value' && added.edn).toBe('{:table :notes, :name :notes_pairs2, :columns [:pa :pb], :references {:table :pairs, :columns [:a :b]}, :enforced false}');
    expect(db.foreignKeys('notes').map((k) => k.name)).toEqual(['notes_pair', 'notes_pairs2']);
    const listed = await session.evaluate('(map :name (foreign-keys :notes))');
    expect(listed.kind === 'value' && listed.edn).toBe('(:notes_pair :notes_pairs2)');
    const dropped = await session.evaluate('(drop-foreign-key! :notes :notes_pairs2)');
    expect(dropped.kind === 'value' && dropped.edn).toBe(':notes_pairs2');
    expect(db.foreignKeys('notes').map((k) => k.name)).toEqual(['notes_pair']);
    const inTx = await session.evaluate('(transaction (drop-foreign-key! :notes :notes_pair))').catch((e: unknown) => e);
    expect(isPyralogError(inTx) && inTx.code).toBe('BATUTA_EVAL_ERROR');
    expect(codeOf(() => db.querySync('batuta', '(drop-foreign-key! :notes :notes_pair)'))).toBe('BATUTA_WRITE_IN_QUERY');
    // listing works while a query compiles
    expect(db.querySync('batuta', '(def n (count (foreign-keys :notes))) (where (from :pairs) (= :a n))').rows()).toEqual([]);
    const bad = await session.evaluate('(add-foreign-key! :notes [:pa] :pairs [:a])').catch((e: unknown) => e);
    expect(isPyralogError(bad) && bad.code).toBe('INVALID_FOREIGN_KEY');
  });
});
