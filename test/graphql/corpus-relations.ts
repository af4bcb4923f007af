/**
 * Corpus: relationships — object relationships up to four levels, array
 * relationships three levels down, filters on both kinds (a related row
 * matches / some related row matches, also under _not and _or), ordering by
 * a related column and by an array relationship's aggregate.
 */
import type { Row, Sql } from './chinook-graphql.js';
import type { CorpusCase } from './corpus-case.js';
import { ts } from './corpus-case.js';

const artistOf = (s: Sql, id: unknown): Row | null => s.one('SELECT name FROM artists WHERE artist_id = ?', id);
const albumWithArtist = (s: Sql, id: unknown): Row | null => {
  const a = s.one('SELECT title, artist_id FROM albums WHERE album_id = ?', id);
  return a === null ? null : { title: a['title'], artist: artistOf(s, a['artist_id']) };
};

export const RELATION_CASES: readonly CorpusCase[] = [
  {
    name: 'object relationships three levels up: track → album → artist',
    query: '{ tracks(where: {track_id: {_in: [1, 2, 3, 100, 1000]}}) { name album { title artist { name } } } }',
    data: (s) => ({
      tracks: s.all('SELECT name, album_id FROM tracks WHERE track_id IN (1, 2, 3, 100, 1000) ORDER BY track_id').map((t) => ({ name: t['name'], album: albumWithArtist(s, t['album_id']) })),
    }),
  },
  {
    name: 'four levels up: invoice_item → track → album → artist, and track → genre',
    query: '{ invoice_items(limit: 5, offset: 100) { quantity track { name genre { name } album { title artist { name } } } } }',
    data: (s) => ({
      invoice_items: s.all('SELECT quantity, track_id FROM invoice_items ORDER BY invoice_line_id LIMIT 5 OFFSET 100').map((i) => {
        const t = s.one('SELECT name, genre_id, album_id FROM tracks WHERE track_id = ?', i['track_id'])!;
        return {
          quantity: i['quantity'],
          track: { name: t['name'], genre: s.one('SELECT name FROM genres WHERE genre_id = ?', t['genre_id']), album: albumWithArtist(s, t['album_id']) },
        };
      }),
    }),
  },
  {
    name: 'self reference: support_rep → reports_to_employee, and the employees reporting to each',
    query: '{ customers(limit: 3) { last_name support_rep { last_name reports_to_employee { last_name } } } employees { employee_id employees_by_reports_to { employee_id } } }',
    data: (s) => ({
      customers: s.all('SELECT last_name, support_rep_id FROM customers ORDER BY customer_id LIMIT 3').map((c) => {
        const rep = s.one('SELECT last_name, reports_to FROM employees WHERE employee_id = ?', c['support_rep_id'])!;
        return { last_name: c['last_name'], support_rep: { last_name: rep['last_name'], reports_to_employee: s.one('SELECT last_name FROM employees WHERE employee_id = ?', rep['reports_to']) } };
      }),
      employees: s.all('SELECT employee_id FROM employees ORDER BY employee_id').map((e) => ({
        employee_id: e['employee_id'],
        employees_by_reports_to: s.all('SELECT employee_id FROM employees WHERE reports_to = ? ORDER BY employee_id', e['employee_id']),
      })),
    }),
  },
  {
    name: 'array relationships three levels down: artist → albums → tracks, ordered and limited per parent',
    query: '{ artists(where: {artist_id: {_in: [1, 2, 8]}}) { name albums(order_by: {title: asc}) { title tracks(order_by: {milliseconds: desc}, limit: 3) { name milliseconds } } } }',
    data: (s) => ({
      artists: s.all('SELECT artist_id, name FROM artists WHERE artist_id IN (1, 2, 8) ORDER BY artist_id').map((a) => ({
        name: a['name'],
        albums: s.all('SELECT album_id, title FROM albums WHERE artist_id = ? ORDER BY title, album_id', a['artist_id']).map((al) => ({
          title: al['title'],
          tracks: s.all('SELECT name, milliseconds FROM tracks WHERE album_id = ? ORDER BY milliseconds DESC, track_id LIMIT 3', al['album_id']),
        })),
      })),
    }),
  },
  {
    name: 'customers → invoices → invoice_items → track (down, then up)',
    query: '{ customers(order_by: {customer_id: asc}, limit: 2) { first_name invoices(order_by: {invoice_date: asc}, limit: 2) { invoice_id invoice_date invoice_items { quantity track { name } } } } }',
    data: (s) => ({
      customers: s.all('SELECT customer_id, first_name FROM customers ORDER BY customer_id LIMIT 2').map((c) => ({
        first_name: c['first_name'],
        invoices: s.all(`SELECT invoice_id, ${ts('invoice_date')} AS invoice_date FROM invoices WHERE customer_id = ? ORDER BY invoice_date, invoice_id LIMIT 2`, c['customer_id']).map((i) => ({
          ...i,
          invoice_items: s
            .all('SELECT quantity, track_id FROM invoice_items WHERE invoice_id = ? ORDER BY invoice_line_id', i['invoice_id'])
            .map((it) => ({ quantity: it['quantity'], track: s.one('SELECT name FROM tracks WHERE track_id = ?', it['track_id']) })),
        })),
      })),
    }),
  },
  {
    name: 'array relationship with where, order and limit',
    query: '{ genres(limit: 3) { name tracks(where: {milliseconds: {_gt: 400000}}, order_by: {track_id: asc}, limit: 2) { name } } }',
    data: (s) => ({
      genres: s.all('SELECT genre_id, name FROM genres ORDER BY genre_id LIMIT 3').map((g) => ({
        name: g['name'],
        tracks: s.all('SELECT name FROM tracks WHERE genre_id = ? AND milliseconds > 400000 ORDER BY track_id LIMIT 2', g['genre_id']),
      })),
    }),
  },
  {
    name: 'array relationship with offset',
    query: '{ albums(where: {album_id: {_lte: 3}}) { title tracks(offset: 2, limit: 2) { track_id } } }',
    data: (s) => ({
      albums: s.all('SELECT album_id, title FROM albums WHERE album_id <= 3 ORDER BY album_id').map((a) => ({
        title: a['title'],
        tracks: s.all('SELECT track_id FROM tracks WHERE album_id = ? ORDER BY track_id LIMIT 2 OFFSET 2', a['album_id']),
      })),
    }),
  },
  {
    name: 'no related rows: an empty list',
    query: '{ artists(where: {artist_id: {_in: [24, 25, 26]}}) { name albums { title } } }',
    data: (s) => ({
      artists: s.all('SELECT artist_id, name FROM artists WHERE artist_id IN (24, 25, 26) ORDER BY artist_id').map((a) => ({
        name: a['name'],
        albums: s.all('SELECT title FROM albums WHERE artist_id = ? ORDER BY album_id', a['artist_id']),
      })),
    }),
  },
  {
    name: 'playlist → playlist_track → track',
    query: '{ playlists(where: {playlist_id: {_eq: 3}}) { name playlist_track(limit: 3) { track { name } } } }',
    data: (s) => ({
      playlists: s.all('SELECT playlist_id, name FROM playlists WHERE playlist_id = 3').map((p) => ({
        name: p['name'],
        playlist_track: s
          .all('SELECT track_id FROM playlist_track WHERE playlist_id = ? ORDER BY playlist_id, track_id LIMIT 3', p['playlist_id'])
          .map((pt) => ({ track: s.one('SELECT name FROM tracks WHERE track_id = ?', pt['track_id']) })),
      })),
    }),
  },
  {
    name: 'filter on an object relationship two levels up',
    query: '{ tracks(where: {album: {artist: {name: {_eq: "Queen"}}}}, limit: 5) { name } }',
    data: (s) => ({
      tracks: s.all("SELECT t.name FROM tracks t JOIN albums a ON a.album_id = t.album_id JOIN artists r ON r.artist_id = a.artist_id WHERE r.name = 'Queen' ORDER BY t.track_id LIMIT 5"),
    }),
  },
  {
    name: 'filter on an array relationship: some related row matches',
    query: '{ artists(where: {albums: {title: {_like: "%Live%"}}}) { name } }',
    data: (s) => ({ artists: s.all("SELECT name FROM artists r WHERE EXISTS (SELECT 1 FROM albums a WHERE a.artist_id = r.artist_id AND a.title LIKE '%Live%') ORDER BY artist_id") }),
  },
  {
    name: 'filter through array then object relationships',
    query: '{ artists(where: {albums: {tracks: {genre: {name: {_eq: "Opera"}}}}}) { name } }',
    data: (s) => ({
      artists: s.all(
        "SELECT name FROM artists r WHERE EXISTS (SELECT 1 FROM albums a JOIN tracks t ON t.album_id = a.album_id JOIN genres g ON g.genre_id = t.genre_id WHERE a.artist_id = r.artist_id AND g.name = 'Opera') ORDER BY artist_id",
      ),
    }),
  },
  {
    name: '_not of an array relationship: artists without albums',
    query: '{ artists(where: {_not: {albums: {}}}, limit: 5) { artist_id } }',
    data: (s) => ({ artists: s.all('SELECT artist_id FROM artists r WHERE NOT EXISTS (SELECT 1 FROM albums a WHERE a.artist_id = r.artist_id) ORDER BY artist_id LIMIT 5') }),
  },
  {
    name: 'a relationship inside _or',
    query: '{ customers(where: {_or: [{country: {_eq: "Brazil"}}, {support_rep: {last_name: {_eq: "Johnson"}}}]}) { customer_id } }',
    data: (s) => ({
      customers: s.all("SELECT customer_id FROM customers c WHERE country = 'Brazil' OR EXISTS (SELECT 1 FROM employees e WHERE e.employee_id = c.support_rep_id AND e.last_name = 'Johnson') ORDER BY customer_id"),
    }),
  },
  {
    name: 'a relationship filter inside a nested array',
    query: '{ artists(where: {artist_id: {_eq: 1}}) { albums { tracks(where: {genre: {name: {_eq: "Rock"}}}, limit: 2) { name } } } }',
    data: (s) => ({
      artists: [
        {
          albums: s.all('SELECT album_id FROM albums WHERE artist_id = 1 ORDER BY album_id').map((a) => ({
            tracks: s.all("SELECT t.name FROM tracks t JOIN genres g ON g.genre_id = t.genre_id WHERE t.album_id = ? AND g.name = 'Rock' ORDER BY t.track_id LIMIT 2", a['album_id']),
          })),
        },
      ],
    }),
  },
  {
    name: 'order by an object relationship column',
    query: '{ tracks(where: {track_id: {_lte: 20}}, order_by: [{album: {title: desc}}, {track_id: asc}]) { track_id album { title } } }',
    data: (s) => ({
      tracks: s
        .all('SELECT t.track_id, a.title FROM tracks t JOIN albums a ON a.album_id = t.album_id WHERE t.track_id <= 20 ORDER BY a.title DESC, t.track_id')
        .map((r) => ({ track_id: r['track_id'], album: { title: r['title'] } })),
    }),
  },
  {
    name: 'order by a column two relationships up',
    query: '{ tracks(where: {track_id: {_lte: 40}}, order_by: {album: {artist: {name: desc}}}, limit: 6) { track_id } }',
    data: (s) => ({
      tracks: s.all('SELECT t.track_id FROM tracks t JOIN albums a ON a.album_id = t.album_id JOIN artists r ON r.artist_id = a.artist_id WHERE t.track_id <= 40 ORDER BY r.name DESC, t.track_id LIMIT 6'),
    }),
  },
  {
    name: 'order by an array aggregate: count',
    query: '{ artists(order_by: [{albums_aggregate: {count: desc}}, {name: asc}], limit: 5) { name } }',
    data: (s) => ({ artists: s.all('SELECT r.name FROM artists r ORDER BY (SELECT count(*) FROM albums a WHERE a.artist_id = r.artist_id) DESC, r.name, r.artist_id LIMIT 5') }),
  },
  {
    name: 'order by an array aggregate: sum',
    query: '{ albums(order_by: {tracks_aggregate: {sum: {milliseconds: desc_nulls_last}}}, limit: 3) { title } }',
    data: (s) => ({ albums: s.all('SELECT a.title FROM albums a ORDER BY (SELECT sum(milliseconds) FROM tracks t WHERE t.album_id = a.album_id) DESC NULLS LAST, a.album_id LIMIT 3') }),
  },
];
