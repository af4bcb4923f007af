/**
 * The Chinook tables' column types (test/data/chinook/README.md) as Pyralog
 * schemas, SQLite column declarations, and a CatalogView over them for tests
 * that compile PRQL without a storage engine.
 */
import type { DataType } from '../../src/types/data-type.js';
import type { Field, Schema } from '../../src/types/schema.js';
import type { CatalogView } from '../../src/lang/registry.js';

type ColumnSpec = readonly [name: string, type: 'integer' | 'real' | 'text' | 'timestamp'];

const T = (names: string, type: ColumnSpec[1]): ColumnSpec[] => names.split(',').map((n) => [n.trim(), type] as const);

/** Columns of each table in CSV order, with their README types. */
export const CHINOOK_TABLES: Readonly<Record<string, readonly ColumnSpec[]>> = {
  artists: [['artist_id', 'integer'], ['name', 'text']],
  albums: [['album_id', 'integer'], ['title', 'text'], ['artist_id', 'integer']],
  tracks: [
    ['track_id', 'integer'],
    ['name', 'text'],
    ['album_id', 'integer'],
    ['media_type_id', 'integer'],
    ['genre_id', 'integer'],
    ['composer', 'text'],
    ['milliseconds', 'integer'],
    ['bytes', 'integer'],
    ['unit_price', 'real'],
  ],
  genres: [['genre_id', 'integer'], ['name', 'text']],
  media_types: [['media_type_id', 'integer'], ['name', 'text']],
  playlists: [['playlist_id', 'integer'], ['name', 'text']],
  playlist_track: [['playlist_id', 'integer'], ['track_id', 'integer']],
  customers: [
    ['customer_id', 'integer'],
    ...T('first_name,last_name,company,address,city,state,country,postal_code,phone,fax,email', 'text'),
    ['support_rep_id', 'integer'],
  ],
  employees: [
    ['employee_id', 'integer'],
    ...T('last_name,first_name,title', 'text'),
    ['reports_to', 'integer'],
    ['birth_date', 'timestamp'],
    ['hire_date', 'timestamp'],
    ...T('address,city,state,country,postal_code,phone,fax,email', 'text'),
  ],
  invoices: [
    ['invoice_id', 'integer'],
    ['customer_id', 'integer'],
    ['invoice_date', 'timestamp'],
    ...T('billing_address,billing_city,billing_state,billing_country,billing_postal_code', 'text'),
    ['total', 'real'],
  ],
  invoice_items: [
    ['invoice_line_id', 'integer'],
    ['invoice_id', 'integer'],
    ['track_id', 'integer'],
    ['unit_price', 'real'],
    ['quantity', 'integer'],
  ],
};

/** Primary keys: the first `_id` column, except playlist_track (both columns). */
export const CHINOOK_KEYS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CHINOOK_TABLES).map(([t, cols]) => [t, t === 'playlist_track' ? ['playlist_id', 'track_id'] : [cols[0]?.[0] ?? '']]),
);

const IR_TYPE: Readonly<Record<ColumnSpec[1], DataType>> = { integer: 'int64', real: 'float64', text: 'utf8', timestamp: 'timestamp' };

export const TIMESTAMP_FORMAT = 'YYYY-MM-DDTHH:mm:ss.fffffffff';

export function chinookSchema(table: string): Schema {
  const cols = CHINOOK_TABLES[table];
  if (cols === undefined) throw new Error(`no Chinook table ${table}`);
  const keyNames = CHINOOK_KEYS[table] ?? [];
  const fields: Field[] = cols.map(([name, type]) => ({
    name,
    type: IR_TYPE[type],
    nullable: !keyNames.includes(name),
    ...(type === 'timestamp' ? { metadata: { 'pyralog.tsformat': TIMESTAMP_FORMAT } } : {}),
  }));
  return { fields, key: keyNames.map((k) => cols.findIndex(([n]) => n === k)) };
}

/** A catalog of the Chinook schemas (no data). */
export function chinookCatalog(version = 1): CatalogView {
  return {
    version,
    tables: () => Object.keys(CHINOOK_TABLES),
    table: (name) => (CHINOOK_TABLES[name] === undefined ? undefined : { name, schema: chinookSchema(name), primaryKey: CHINOOK_KEYS[name] ?? [] }),
  };
}
