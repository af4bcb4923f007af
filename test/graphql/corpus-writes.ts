/**
 * Corpus: error cases (code and location) and mutations. Mutations run last
 * and in order, each mirrored on SQLite by the same change in SQL, so later
 * cases (and the reads after them) see the same data on both sides.
 */
import type { CorpusCase } from './corpus-case.js';

export const ERROR_CASES: readonly CorpusCase[] = [
  { name: 'unknown field', query: '{ artists { nme } }', errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', line: 1, column: 13, message: 'Did you mean "name"' }] },
  { name: 'syntax error', query: '{ artists { name }', errors: [{ code: 'GRAPHQL_SYNTAX_ERROR', line: 1, column: 19 }] },
  {
    name: 'a variable of the wrong type',
    query: 'query ($id: bigint!) {\n  artists_by_pk(artist_id: $id) { name }\n}',
    variables: { id: 'x1' },
    errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', line: 1, column: 8, message: 'bigint cannot represent' }],
  },
  { name: 'a missing required variable', query: 'query ($id: bigint!) { artists_by_pk(artist_id: $id) { name } }', errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', line: 1, column: 8 }] },
  { name: 'bigint literal beyond 64 bits', query: '{ artists_by_pk(artist_id: 9223372036854775808) { name } }', errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', line: 1, column: 28 }] },
  {
    name: 'depth limit',
    query: '{\n  artists { albums { tracks { album { title } } } }\n}',
    limits: { maxDepth: 4 },
    errors: [{ code: 'GRAPHQL_LIMIT_EXCEEDED', line: 2, column: 39, message: '5 fields deep; the limit is 4' }],
  },
  { name: 'cost limit', query: '{ artists { albums { tracks { name } } } }', limits: { maxCost: 500 }, errors: [{ code: 'GRAPHQL_LIMIT_EXCEEDED', message: 'estimated cost is 6876' }] },
  { name: 'row limit', query: '{ tracks { name } }', limits: { maxRows: 100 }, errors: [{ code: 'GRAPHQL_LIMIT_EXCEEDED', message: 'more than 100 rows' }] },
  {
    name: '_eq with null',
    query: 'query ($v: String) { artists(where: {name: {_eq: $v}}) { name } }',
    variables: { v: null },
    errors: [{ code: 'GRAPHQL_UNSUPPORTED', line: 1, column: 22, message: 'use _is_null' }],
  },
  { name: 'two operations without operationName', query: 'query A { genres { name } } query B { genres { name } }', errors: [{ code: 'GRAPHQL_VALIDATION_FAILED', message: 'operationName' }] },
];

export const MUTATION_CASES: readonly CorpusCase[] = [
  {
    name: 'insert_T with returning',
    query: 'mutation { insert_artists(objects: [{artist_id: 1001, name: "Nine"}, {artist_id: 1002, name: "Ten"}]) { affected_rows returning { artist_id name } } }',
    data: (s) => {
      s.db.exec("INSERT INTO artists VALUES (1001, 'Nine'), (1002, 'Ten')");
      return { insert_artists: { affected_rows: 2, returning: s.all('SELECT artist_id, name FROM artists WHERE artist_id > 1000 ORDER BY artist_id') } };
    },
  },
  {
    name: 'insert_T_one returning a relationship; a key that references nothing gives a null object',
    query: 'mutation { a: insert_albums_one(object: {album_id: 2001, title: "First", artist_id: 1001}) { title artist { name } } b: insert_albums_one(object: {album_id: 2002, title: "Orphan", artist_id: 99999}) { title artist { name } } }',
    data: (s) => {
      s.db.exec("INSERT INTO albums VALUES (2001, 'First', 1001), (2002, 'Orphan', 99999)");
      return { a: { title: 'First', artist: { name: 'Nine' } }, b: { title: 'Orphan', artist: null } };
    },
  },
  {
    name: 'a duplicate key fails the whole request: nothing is written',
    query: 'mutation { insert_genres(objects: [{genre_id: 500, name: "New"}]) { affected_rows } insert_artists(objects: [{artist_id: 1001, name: "Again"}]) { affected_rows } }',
    errors: [{ code: 'DUPLICATE_KEY' }],
  },
  {
    name: 'the failed request left no genre behind',
    query: '{ genres_by_pk(genre_id: 500) { name } genres_aggregate { aggregate { count } } }',
    data: (s) => ({ genres_by_pk: null, genres_aggregate: { aggregate: s.one('SELECT count(*) AS count FROM genres') } }),
  },
  {
    name: 'on_conflict updates the listed columns',
    query:
      'mutation { insert_artists(objects: [{artist_id: 1002, name: "Ten again"}, {artist_id: 1003, name: "Eleven"}], on_conflict: {constraint: artists_pkey, update_columns: [name]}) { affected_rows returning { artist_id name } } }',
    data: (s) => {
      s.db.exec("UPDATE artists SET name = 'Ten again' WHERE artist_id = 1002; INSERT INTO artists VALUES (1003, 'Eleven')");
      return { insert_artists: { affected_rows: 2, returning: s.all('SELECT artist_id, name FROM artists WHERE artist_id IN (1002, 1003) ORDER BY artist_id') } };
    },
  },
  {
    name: 'update_T with _set and _inc',
    query: 'mutation { update_tracks(where: {album_id: {_eq: 1}}, _set: {composer: "Angus"}, _inc: {milliseconds: 1000}) { affected_rows returning { track_id composer milliseconds } } }',
    data: (s) => {
      const n = s.db.prepare("UPDATE tracks SET composer = 'Angus', milliseconds = milliseconds + 1000 WHERE album_id = 1").run().changes;
      return { update_tracks: { affected_rows: n, returning: s.all('SELECT track_id, composer, milliseconds FROM tracks WHERE album_id = 1 ORDER BY track_id') } };
    },
  },
  {
    name: 'update_T_by_pk',
    query: 'mutation { update_invoices_by_pk(pk_columns: {invoice_id: 5}, _inc: {total: 0.5}) { invoice_id total customer { last_name } } }',
    data: (s) => {
      s.db.exec('UPDATE invoices SET total = total + 0.5 WHERE invoice_id = 5');
      const r = s.one('SELECT i.invoice_id, i.total, c.last_name FROM invoices i JOIN customers c ON c.customer_id = i.customer_id WHERE invoice_id = 5')!;
      return { update_invoices_by_pk: { invoice_id: r['invoice_id'], total: r['total'], customer: { last_name: r['last_name'] } } };
    },
  },
  {
    name: 'delete_T where, with returning',
    query: 'mutation { delete_albums(where: {album_id: {_gt: 2000}}) { affected_rows returning { album_id } } }',
    data: (s) => {
      s.db.exec('DELETE FROM albums WHERE album_id > 2000');
      return { delete_albums: { affected_rows: 2, returning: [{ album_id: 2001 }, { album_id: 2002 }] } };
    },
  },
  {
    name: 'delete_T_by_pk: the row, then null when absent',
    query: 'mutation { a: delete_artists_by_pk(artist_id: 1003) { name } b: delete_artists_by_pk(artist_id: 1003) { name } }',
    data: (s) => {
      s.db.exec('DELETE FROM artists WHERE artist_id = 1003');
      return { a: { name: 'Eleven' }, b: null };
    },
  },
  {
    name: 'after the writes: reads agree',
    query: '{ artists(where: {artist_id: {_gt: 1000}}) { artist_id name albums { title } } tracks_aggregate(where: {album_id: {_eq: 1}}) { aggregate { sum { milliseconds } } } }',
    data: (s) => ({
      artists: s.all('SELECT artist_id, name FROM artists WHERE artist_id > 1000 ORDER BY artist_id').map((a) => ({ ...a, albums: [] })),
      tracks_aggregate: { aggregate: { sum: s.one('SELECT sum(milliseconds) AS milliseconds FROM tracks WHERE album_id = 1') } },
    }),
  },
];
