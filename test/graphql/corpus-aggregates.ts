/**
 * Corpus: aggregates at every level (root `T_aggregate`, nested
 * `<rel>_aggregate`, inside nodes), count with columns/distinct, and the
 * request-level features: variables, fragments, @skip/@include, aliases,
 * __typename, several root fields, operationName.
 */
import type { CorpusCase } from './corpus-case.js';

export const AGGREGATE_CASES: readonly CorpusCase[] = [
  {
    name: 'root aggregate: count, sum, avg, min, max',
    query: '{ tracks_aggregate { aggregate { count sum { milliseconds bytes } avg { milliseconds } min { name milliseconds } max { unit_price } } } }',
    data: (s) => {
      const r = s.one('SELECT count(*) c, sum(milliseconds) sm, sum(bytes) sb, avg(milliseconds) am, min(name) mn, min(milliseconds) mm, max(unit_price) mu FROM tracks')!;
      return {
        tracks_aggregate: {
          aggregate: { count: r['c'], sum: { milliseconds: r['sm'], bytes: r['sb'] }, avg: { milliseconds: r['am'] }, min: { name: r['mn'], milliseconds: r['mm'] }, max: { unit_price: r['mu'] } },
        },
      };
    },
  },
  {
    name: 'root aggregate with where',
    query: '{ invoices_aggregate(where: {billing_country: {_eq: "USA"}}) { aggregate { count sum { total } avg { total } } } }',
    data: (s) => {
      const r = s.one("SELECT count(*) c, sum(total) s, avg(total) a FROM invoices WHERE billing_country = 'USA'")!;
      return { invoices_aggregate: { aggregate: { count: r['c'], sum: { total: r['s'] }, avg: { total: r['a'] } } } };
    },
  },
  {
    name: 'count(columns) and count(columns, distinct)',
    query: '{ tracks_aggregate { aggregate { count(columns: [composer]) distinct: count(columns: [composer], distinct: true) } } }',
    data: (s) => ({ tracks_aggregate: { aggregate: s.one('SELECT count(composer) AS count, count(DISTINCT composer) AS "distinct" FROM tracks') } }),
  },
  {
    name: 'aggregate over limited, ordered rows with nodes',
    query: '{ albums_aggregate(where: {artist_id: {_eq: 22}}, order_by: {title: asc}, limit: 3) { aggregate { count } nodes { title } } }',
    data: (s) => {
      const nodes = s.all('SELECT title FROM albums WHERE artist_id = 22 ORDER BY title, album_id LIMIT 3');
      return { albums_aggregate: { aggregate: { count: nodes.length }, nodes } };
    },
  },
  {
    name: 'aggregate of nothing: count 0, sum null, no nodes',
    query: '{ tracks_aggregate(where: {milliseconds: {_lt: 0}}) { aggregate { count sum { milliseconds } max { name } } nodes { name } } }',
    data: () => ({ tracks_aggregate: { aggregate: { count: 0, sum: { milliseconds: null }, max: { name: null } }, nodes: [] } }),
  },
  {
    name: 'nested aggregate under a list',
    query: '{ artists(where: {artist_id: {_lte: 5}}) { name albums_aggregate { aggregate { count } } } }',
    data: (s) => ({
      artists: s
        .all('SELECT r.name, (SELECT count(*) FROM albums a WHERE a.artist_id = r.artist_id) AS c FROM artists r WHERE artist_id <= 5 ORDER BY artist_id')
        .map((r) => ({ name: r['name'], albums_aggregate: { aggregate: { count: r['c'] } } })),
    }),
  },
  {
    name: 'aggregate two levels down: artist → albums → tracks_aggregate',
    query: '{ artists(where: {artist_id: {_in: [1, 2]}}) { albums { title tracks_aggregate { aggregate { count sum { milliseconds } max { name } } } } } }',
    data: (s) => ({
      artists: s.all('SELECT artist_id FROM artists WHERE artist_id IN (1, 2) ORDER BY artist_id').map((r) => ({
        albums: s.all('SELECT album_id, title FROM albums WHERE artist_id = ? ORDER BY album_id', r['artist_id']).map((a) => {
          const g = s.one('SELECT count(*) c, sum(milliseconds) s, max(name) m FROM tracks WHERE album_id = ?', a['album_id'])!;
          return { title: a['title'], tracks_aggregate: { aggregate: { count: g['c'], sum: { milliseconds: g['s'] }, max: { name: g['m'] } } } };
        }),
      })),
    }),
  },
  {
    name: 'nested aggregate with where and nodes',
    query: '{ customers(limit: 3) { customer_id invoices_aggregate(where: {total: {_gt: 5}}) { aggregate { count avg { total } } nodes { invoice_id } } } }',
    data: (s) => ({
      customers: s.all('SELECT customer_id FROM customers ORDER BY customer_id LIMIT 3').map((c) => {
        const g = s.one('SELECT count(*) c, avg(total) a FROM invoices WHERE customer_id = ? AND total > 5', c['customer_id'])!;
        return {
          customer_id: c['customer_id'],
          invoices_aggregate: {
            aggregate: { count: g['c'], avg: { total: g['a'] } },
            nodes: s.all('SELECT invoice_id FROM invoices WHERE customer_id = ? AND total > 5 ORDER BY invoice_id', c['customer_id']),
          },
        };
      }),
    }),
  },
  {
    name: 'nested aggregate with no related rows: 0 and null',
    query: '{ artists(where: {artist_id: {_in: [25, 26]}}) { albums_aggregate { aggregate { count sum { album_id } } nodes { title } } } }',
    data: () => ({ artists: [0, 1].map(() => ({ albums_aggregate: { aggregate: { count: 0, sum: { album_id: null } }, nodes: [] } })) }),
  },
  {
    name: 'aggregates inside root aggregate nodes',
    query: '{ genres_aggregate(where: {genre_id: {_lte: 3}}) { aggregate { count } nodes { name tracks_aggregate { aggregate { count } } } } }',
    data: (s) => {
      const nodes = s
        .all('SELECT g.name, (SELECT count(*) FROM tracks t WHERE t.genre_id = g.genre_id) c FROM genres g WHERE genre_id <= 3 ORDER BY genre_id')
        .map((g) => ({ name: g['name'], tracks_aggregate: { aggregate: { count: g['c'] } } }));
      return { genres_aggregate: { aggregate: { count: nodes.length }, nodes } };
    },
  },
  {
    name: 'variables: bigint and Int',
    query: 'query Albums($id: bigint!, $n: Int) { albums(where: {artist_id: {_eq: $id}}, limit: $n) { title } }',
    variables: { id: 22, n: 3 },
    data: (s) => ({ albums: s.all('SELECT title FROM albums WHERE artist_id = 22 ORDER BY album_id LIMIT 3') }),
  },
  {
    name: 'variables: a list and a whole bool_exp',
    query: 'query ($countries: [String!], $w: invoices_bool_exp) { customers(where: {country: {_in: $countries}}) { customer_id } invoices_aggregate(where: $w) { aggregate { count } } }',
    variables: { countries: ['Canada', 'India'], w: { billing_city: { _eq: 'Oslo' } } },
    data: (s) => ({
      customers: s.all("SELECT customer_id FROM customers WHERE country IN ('Canada', 'India') ORDER BY customer_id"),
      invoices_aggregate: { aggregate: s.one("SELECT count(*) AS count FROM invoices WHERE billing_city = 'Oslo'") },
    }),
  },
  {
    name: 'fragments, nested',
    query: 'fragment A on artists { name } fragment Al on albums { title artist { ...A } } { albums(limit: 2) { ...Al } }',
    data: (s) => ({
      albums: s
        .all('SELECT a.title, r.name FROM albums a JOIN artists r ON r.artist_id = a.artist_id ORDER BY a.album_id LIMIT 2')
        .map((r) => ({ title: r['title'], artist: { name: r['name'] } })),
    }),
  },
  {
    name: '@include and @skip with an inline fragment',
    query: 'query ($full: Boolean!) { artists(limit: 2) { name ... on artists @include(if: $full) { artist_id } albums @skip(if: $full) { title } } }',
    variables: { full: true },
    data: (s) => ({ artists: s.all('SELECT name, artist_id FROM artists ORDER BY artist_id LIMIT 2') }),
  },
  {
    name: 'aliases, the same field twice with other arguments',
    query: '{ a: artists_by_pk(artist_id: 1) { name } b: artists_by_pk(artist_id: 2) { n: name } tracks(limit: 1) { short: name } longest: tracks(order_by: {milliseconds: desc}, limit: 1) { name ms: milliseconds } }',
    data: (s) => ({
      a: s.one('SELECT name FROM artists WHERE artist_id = 1'),
      b: s.one('SELECT name AS n FROM artists WHERE artist_id = 2'),
      tracks: s.all('SELECT name AS short FROM tracks ORDER BY track_id LIMIT 1'),
      longest: s.all('SELECT name, milliseconds AS ms FROM tracks ORDER BY milliseconds DESC, track_id LIMIT 1'),
    }),
  },
  {
    name: '__typename everywhere',
    query: '{ __typename albums_by_pk(album_id: 1) { __typename artist { __typename } tracks_aggregate { __typename aggregate { __typename count max { __typename track_id } } } } }',
    data: (s) => ({
      __typename: 'query_root',
      albums_by_pk: {
        __typename: 'albums',
        artist: { __typename: 'artists' },
        tracks_aggregate: {
          __typename: 'tracks_aggregate',
          aggregate: { __typename: 'tracks_aggregate_fields', ...s.one('SELECT count(*) AS count FROM tracks WHERE album_id = 1'), max: { __typename: 'tracks_max_fields', ...s.one('SELECT max(track_id) AS track_id FROM tracks WHERE album_id = 1') } },
        },
      },
    }),
  },
  {
    name: 'operationName picks one operation of several',
    query: 'query A { genres(limit: 1) { name } } query B { media_types { name } }',
    operationName: 'B',
    data: (s) => ({ media_types: s.all('SELECT name FROM media_types ORDER BY media_type_id') }),
  },
];
