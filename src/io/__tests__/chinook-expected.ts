/** Test data: the column types and row counts of test/data/chinook, as its README lists them. */
import * as path from 'node:path';

export const CHINOOK_DIR = path.resolve(import.meta.dirname, '../../../test/data/chinook');

const I = 'int64';
const R = 'float64';
const T = 'utf8';
const TS = 'timestamp';

export const CHINOOK_COLUMNS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  artists: [['artist_id', I], ['name', T]],
  albums: [['album_id', I], ['title', T], ['artist_id', I]],
  tracks: [
    ['track_id', I], ['name', T], ['album_id', I], ['media_type_id', I], ['genre_id', I], ['composer', T], ['milliseconds', I], ['bytes', I],
    ['unit_price', R],
  ],
  genres: [['genre_id', I], ['name', T]],
  media_types: [['media_type_id', I], ['name', T]],
  playlists: [['playlist_id', I], ['name', T]],
  playlist_track: [['playlist_id', I], ['track_id', I]],
  customers: [
    ['customer_id', I], ['first_name', T], ['last_name', T], ['company', T], ['address', T], ['city', T], ['state', T], ['country', T],
    ['postal_code', T], ['phone', T], ['fax', T], ['email', T], ['support_rep_id', I],
  ],
  employees: [
    ['employee_id', I], ['last_name', T], ['first_name', T], ['title', T], ['reports_to', I], ['birth_date', TS], ['hire_date', TS],
    ['address', T], ['city', T], ['state', T], ['country', T], ['postal_code', T], ['phone', T], ['fax', T], ['email', T],
  ],
  invoices: [
    ['invoice_id', I], ['customer_id', I], ['invoice_date', TS], ['billing_address', T], ['billing_city', T], ['billing_state', T],
    ['billing_country', T], ['billing_postal_code', T], ['total', R],
  ],
  invoice_items: [['invoice_line_id', I], ['invoice_id', I], ['track_id', I], ['unit_price', R], ['quantity', I]],
};

export const CHINOOK_ROWS: Readonly<Record<string, number>> = {
  artists: 275,
  albums: 347,
  tracks: 3503,
  genres: 25,
  media_types: 5,
  playlists: 18,
  playlist_track: 8715,
  customers: 59,
  employees: 8,
  invoices: 412,
  invoice_items: 2240,
};
