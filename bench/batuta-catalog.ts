/** A Chinook-shaped catalog (schemas only) for the Batuta benchmarks: compile and fuzz need no data. */
import { makeSchema } from '../src/planner/ir/schema-utils.js';
import type { CatalogView } from '../src/lang/registry.js';
import type { DataType } from '../src/types/data-type.js';

const TABLES: Readonly<Record<string, readonly (readonly [string, DataType])[]>> = {
  artists: [['artist_id', 'int64'], ['name', 'utf8']],
  albums: [['album_id', 'int64'], ['title', 'utf8'], ['artist_id', 'int64']],
  tracks: [['track_id', 'int64'], ['name', 'utf8'], ['album_id', 'int64'], ['genre_id', 'int64'], ['composer', 'utf8'], ['milliseconds', 'int64'], ['bytes', 'int64'], ['unit_price', 'float64']],
  genres: [['genre_id', 'int64'], ['name', 'utf8']],
  invoices: [['invoice_id', 'int64'], ['customer_id', 'int64'], ['invoice_date', 'timestamp'], ['billing_country', 'utf8'], ['total', 'float64']],
};

export function benchCatalog(): CatalogView {
  const infos = new Map(
    Object.entries(TABLES).map(([name, cols]) => [
      name,
      { name, schema: makeSchema(cols.map(([n, type], i) => ({ name: n, type, nullable: i !== 0 })), [0]), primaryKey: [cols[0]?.[0] ?? 'id'] },
    ]),
  );
  return { table: (n) => infos.get(n), tables: () => [...infos.keys()].sort(), version: 1 };
}
