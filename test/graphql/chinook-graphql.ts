/**
 * The GraphQL corpus' two sides over the same Chinook data: Pyralog (the
 * PRQL differential test's memory database, plus the README's foreign keys
 * declared, so relationships exist) and SQLite with the same rows, where each
 * case's expected response is built from plain SQL (nesting assembled here,
 * one query per parent: the naive way, on the reference side only).
 */
import type BetterSqlite from 'better-sqlite3';
import type { Database } from '../../src/index.js';
import { openChinookPyralog } from '../prql/pyralog-runner.js';
import { openChinookSqlite } from '../prql/sqlite-runner.js';

/** The README's foreign keys: [table, column, referenced table, referenced column]. */
export const CHINOOK_FOREIGN_KEYS: readonly (readonly [string, string, string, string])[] = [
  ['albums', 'artist_id', 'artists', 'artist_id'],
  ['tracks', 'album_id', 'albums', 'album_id'],
  ['tracks', 'genre_id', 'genres', 'genre_id'],
  ['tracks', 'media_type_id', 'media_types', 'media_type_id'],
  ['playlist_track', 'playlist_id', 'playlists', 'playlist_id'],
  ['playlist_track', 'track_id', 'tracks', 'track_id'],
  ['customers', 'support_rep_id', 'employees', 'employee_id'],
  ['employees', 'reports_to', 'employees', 'employee_id'],
  ['invoices', 'customer_id', 'customers', 'customer_id'],
  ['invoice_items', 'invoice_id', 'invoices', 'invoice_id'],
  ['invoice_items', 'track_id', 'tracks', 'track_id'],
];

export async function openChinookGraphql(): Promise<Database> {
  const db = await openChinookPyralog();
  for (const [table, column, ref, refColumn] of CHINOOK_FOREIGN_KEYS) {
    db.addForeignKey(table, { columns: [column], references: { table: ref, columns: [refColumn] } });
  }
  return db;
}

export type Row = Record<string, unknown>;

/** The reference side: SQL rows as objects, columns in SELECT order. */
export class Sql {
  constructor(readonly db: BetterSqlite.Database) {}
  static open(): Sql {
    return new Sql(openChinookSqlite());
  }
  all(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }
  one(sql: string, ...params: unknown[]): Row | null {
    return (this.db.prepare(sql).get(...params) as Row | undefined) ?? null;
  }
}

/** Numbers rounded to 12 significant digits (float sums in another order), everywhere in a value. */
export function normalize(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}
