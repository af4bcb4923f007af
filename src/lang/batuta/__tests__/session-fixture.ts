/** A small on-disk (LMDB) database for Batuta tests: artists, albums and tracks with a few NULLs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, type Database } from '../../../index.js';

export interface Fixture {
  readonly db: Database;
  cleanup(): void;
}

export function openFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'batuta-'));
  const db = open(dir);
  db.createTable('artists', [{ name: 'artist_id', type: 'int64' }, { name: 'name', type: 'utf8' }], ['artist_id']);
  db.createTable('albums', [{ name: 'album_id', type: 'int64' }, { name: 'title', type: 'utf8' }, { name: 'artist_id', type: 'int64' }], ['album_id']);
  db.createTable(
    'tracks',
    [
      { name: 'track_id', type: 'int64' },
      { name: 'name', type: 'utf8' },
      { name: 'album_id', type: 'int64' },
      { name: 'milliseconds', type: 'int64' },
      { name: 'unit_price', type: 'float64' },
      { name: 'composer', type: 'utf8' },
    ],
    ['track_id'],
  );
  db.table('artists').insert([
    { artist_id: 1n, name: 'AC/DC' },
    { artist_id: 2n, name: 'Accept' },
    { artist_id: 3n, name: 'Nobody' },
  ]);
  db.table('albums').insert([
    { album_id: 1n, title: 'For Those About To Rock', artist_id: 1n },
    { album_id: 2n, title: 'Balls to the Wall', artist_id: 2n },
    { album_id: 3n, title: 'Restless', artist_id: 2n },
  ]);
  db.table('tracks').insert([
    { track_id: 1n, name: 'For Those', album_id: 1n, milliseconds: 343719n, unit_price: 0.99, composer: 'Young' },
    { track_id: 2n, name: 'Balls', album_id: 2n, milliseconds: 342562n, unit_price: 0.99, composer: null },
    { track_id: 3n, name: 'Fast As a Shark', album_id: 3n, milliseconds: 230619n, unit_price: 0.99, composer: 'Dirkschneider' },
    { track_id: 4n, name: 'Restless', album_id: 3n, milliseconds: 252051n, unit_price: 1.99, composer: 'Deaffy' },
    { track_id: 5n, name: 'Put The Finger', album_id: 1n, milliseconds: 205662n, unit_price: 1.99, composer: 'Young' },
  ]);
  return {
    db,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
