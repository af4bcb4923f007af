/**
 * Corpus: root lists over one table — every comparison operator, boolean
 * combinators, ordering with the six directions, limit/offset, distinct_on,
 * by-pk lookups (present and absent), timestamps and floats.
 */
import type { CorpusCase } from './corpus-case.js';
import { ts } from './corpus-case.js';

export const FILTER_CASES: readonly CorpusCase[] = [
  {
    name: '_eq on text',
    query: '{ artists(where: {name: {_eq: "AC/DC"}}) { artist_id name } }',
    data: (s) => ({ artists: s.all("SELECT artist_id, name FROM artists WHERE name = 'AC/DC' ORDER BY artist_id") }),
  },
  {
    name: '_neq, order desc, limit',
    query: '{ tracks(where: {genre_id: {_neq: 1}}, order_by: {milliseconds: desc}, limit: 5) { track_id name milliseconds } }',
    data: (s) => ({ tracks: s.all('SELECT track_id, name, milliseconds FROM tracks WHERE genre_id <> 1 ORDER BY milliseconds DESC, track_id LIMIT 5') }),
  },
  {
    name: '_gt and _lte on a float column',
    query: '{ invoices(where: {total: {_gt: 15, _lte: 20}}, order_by: {total: desc}) { invoice_id total } }',
    data: (s) => ({ invoices: s.all('SELECT invoice_id, total FROM invoices WHERE total > 15 AND total <= 20 ORDER BY total DESC, invoice_id') }),
  },
  {
    name: '_in',
    query: '{ customers(where: {country: {_in: ["Norway", "Sweden"]}}) { customer_id country } }',
    data: (s) => ({ customers: s.all("SELECT customer_id, country FROM customers WHERE country IN ('Norway', 'Sweden') ORDER BY customer_id") }),
  },
  {
    name: '_nin',
    query: '{ genres(where: {genre_id: {_nin: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]}}) { name } }',
    data: (s) => ({ genres: s.all('SELECT name FROM genres WHERE genre_id > 20 ORDER BY genre_id') }),
  },
  {
    name: '_is_null true',
    query: '{ customers(where: {company: {_is_null: true}}, limit: 5) { customer_id company } }',
    data: (s) => ({ customers: s.all('SELECT customer_id, company FROM customers WHERE company IS NULL ORDER BY customer_id LIMIT 5') }),
  },
  {
    name: '_is_null false, counted',
    query: '{ customers_aggregate(where: {company: {_is_null: false}}) { aggregate { count } } }',
    data: (s) => ({ customers_aggregate: { aggregate: s.one('SELECT count(*) AS count FROM customers WHERE company IS NOT NULL') } }),
  },
  {
    name: '_like',
    query: '{ tracks(where: {name: {_like: "%Love%"}}, limit: 10) { name } }',
    data: (s) => ({ tracks: s.all("SELECT name FROM tracks WHERE name LIKE '%Love%' ORDER BY track_id LIMIT 10") }),
  },
  {
    name: '_nlike with _and',
    query: '{ artists(where: {_and: [{name: {_nlike: "%a%"}}, {artist_id: {_lt: 60}}]}) { name } }',
    data: (s) => ({ artists: s.all("SELECT name FROM artists WHERE name NOT LIKE '%a%' AND artist_id < 60 ORDER BY artist_id") }),
  },
  {
    name: '_ilike',
    query: '{ artists(where: {name: {_ilike: "%BLACK%"}}) { name } }',
    data: (s) => ({ artists: s.all("SELECT name FROM artists WHERE lower(name) LIKE '%black%' ORDER BY artist_id") }),
  },
  {
    name: '_not of _nilike',
    query: '{ artists(where: {_not: {name: {_nilike: "the %"}}}) { name } }',
    data: (s) => ({ artists: s.all("SELECT name FROM artists WHERE lower(name) LIKE 'the %' ORDER BY artist_id") }),
  },
  {
    name: '_or',
    query: '{ albums(where: {_or: [{album_id: {_lt: 3}}, {album_id: {_gt: 345}}]}) { album_id } }',
    data: (s) => ({ albums: s.all('SELECT album_id FROM albums WHERE album_id < 3 OR album_id > 345 ORDER BY album_id') }),
  },
  {
    name: '_and holding _or',
    query: '{ tracks(where: {_and: [{genre_id: {_eq: 1}}, {_or: [{milliseconds: {_lt: 100000}}, {bytes: {_gt: 15000000}}]}]}) { track_id } }',
    data: (s) => ({ tracks: s.all('SELECT track_id FROM tracks WHERE genre_id = 1 AND (milliseconds < 100000 OR bytes > 15000000) ORDER BY track_id') }),
  },
  {
    name: 'limit and offset',
    query: '{ artists(order_by: {artist_id: asc}, limit: 3, offset: 10) { artist_id } }',
    data: (s) => ({ artists: s.all('SELECT artist_id FROM artists ORDER BY artist_id LIMIT 3 OFFSET 10') }),
  },
  {
    name: 'asc_nulls_first',
    query: '{ customers(order_by: {company: asc_nulls_first}, limit: 5) { customer_id company } }',
    data: (s) => ({ customers: s.all('SELECT customer_id, company FROM customers ORDER BY company ASC NULLS FIRST, customer_id LIMIT 5') }),
  },
  {
    name: 'asc puts nulls last',
    query: '{ customers(order_by: {state: asc}, offset: 25, limit: 10) { customer_id state } }',
    data: (s) => ({ customers: s.all('SELECT customer_id, state FROM customers ORDER BY state ASC NULLS LAST, customer_id LIMIT 10 OFFSET 25') }),
  },
  {
    name: 'desc puts nulls first; desc_nulls_last',
    query: '{ a: customers(order_by: {state: desc}, limit: 3) { customer_id state } b: customers(order_by: [{state: desc_nulls_last}, {customer_id: desc}], limit: 3) { customer_id state } }',
    data: (s) => ({
      a: s.all('SELECT customer_id, state FROM customers ORDER BY state DESC NULLS FIRST, customer_id LIMIT 3'),
      b: s.all('SELECT customer_id, state FROM customers ORDER BY state DESC NULLS LAST, customer_id DESC LIMIT 3'),
    }),
  },
  {
    name: 'order_by a list of columns',
    query: '{ tracks(order_by: [{album_id: desc}, {name: asc}], limit: 5) { album_id name } }',
    data: (s) => ({ tracks: s.all('SELECT album_id, name FROM tracks ORDER BY album_id DESC, name, track_id LIMIT 5') }),
  },
  {
    name: 'distinct_on keeps the first row of each group in order',
    query: '{ tracks(distinct_on: [genre_id], order_by: [{genre_id: asc}, {milliseconds: desc}]) { genre_id name milliseconds } }',
    data: (s) => ({
      tracks: s.all(
        'SELECT genre_id, name, milliseconds FROM (SELECT *, row_number() OVER (PARTITION BY genre_id ORDER BY milliseconds DESC, track_id) AS rn FROM tracks) WHERE rn = 1 ORDER BY genre_id NULLS LAST, milliseconds DESC, track_id',
      ),
    }),
  },
  {
    name: 'T_by_pk',
    query: '{ tracks_by_pk(track_id: 42) { name composer } }',
    data: (s) => ({ tracks_by_pk: s.one('SELECT name, composer FROM tracks WHERE track_id = 42') }),
  },
  {
    name: 'T_by_pk is null when absent',
    query: '{ albums_by_pk(album_id: 99999) { title } }',
    data: () => ({ albums_by_pk: null }),
  },
  {
    name: 'timestamps compare and print as ISO text',
    query: '{ invoices(where: {invoice_date: {_gte: "2013-12-01T00:00:00"}}, order_by: {invoice_date: asc}) { invoice_id invoice_date } }',
    data: (s) => ({ invoices: s.all(`SELECT invoice_id, ${ts('invoice_date')} AS invoice_date FROM invoices WHERE invoice_date >= '2013-12-01' ORDER BY invoice_date, invoice_id`) }),
  },
  {
    name: 'employees: timestamps and text',
    query: '{ employees(where: {hire_date: {_lt: "2003-01-01"}}) { last_name hire_date birth_date } }',
    data: (s) => ({ employees: s.all(`SELECT last_name, ${ts('hire_date')} AS hire_date, ${ts('birth_date')} AS birth_date FROM employees WHERE hire_date < '2003-01-01' ORDER BY employee_id`) }),
  },
];
