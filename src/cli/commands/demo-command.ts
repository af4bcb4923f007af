/**
 * `pyralog demo [--db DIR]` (`npm start` runs it via `pyralog start`, then opens the REPL on a terminal): opens the embedded
 * database in ./data (creating it and importing the Chinook sample data from
 * test/data/chinook, with primary keys, on first run), then runs a few PRQL
 * queries over it and prints their results and one query plan. The import is
 * resumable: each table commits whole, and a later run imports only the
 * tables an interrupted one did not finish. Chinook's foreign keys are
 * declared (informational) once all tables are there; a database from before
 * gets the missing ones on its next run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, type Database } from '../../engine/database.js';
import { isPyralogError } from '../../errors/pyralog-error.js';
import type { ForeignKeySpec } from '../../types/foreign-key.js';
import { importCsv } from '../../io/import-csv.js';
import type { Command } from '../command.js';
import { stringOption } from '../parse-command-args.js';

const QUERIES: readonly { title: string; prql: string }[] = [
  {
    title: 'Top 5 artists by number of tracks',
    prql: `from t = tracks
join a = albums (t.album_id == a.album_id)
join ar = artists (a.artist_id == ar.artist_id)
group {artist = ar.name} (aggregate {tracks = count this})
sort {-tracks}
take 5`,
  },
  {
    title: 'Revenue per billing country (top 5)',
    prql: `from invoices
group {billing_country} (aggregate {n_invoices = count this, revenue = sum total})
sort {-revenue}
take 5`,
  },
  {
    title: 'Running revenue of the first invoices of 2010',
    prql: `from invoices
filter invoice_date >= @2010-01-01
sort invoice_date
window rows:..0 (derive {running = sum total})
select {invoice_id, invoice_date, total, running}
take 5`,
  },
  {
    title: 'One invoice with its customer (a key lookup through a join)',
    prql: `from i = invoices
join c = customers (i.customer_id == c.customer_id)
filter i.invoice_id == 5
select {i.invoice_id, i.invoice_date, c.first_name, c.last_name, i.total}`,
  },
];

/** Primary keys of the Chinook tables (the rest of each file's columns are inferred). */
const CHINOOK_KEYS: Readonly<Record<string, readonly string[]>> = {
  albums: ['album_id'],
  artists: ['artist_id'],
  customers: ['customer_id'],
  employees: ['employee_id'],
  genres: ['genre_id'],
  invoice_items: ['invoice_line_id'],
  invoices: ['invoice_id'],
  media_types: ['media_type_id'],
  playlist_track: ['playlist_id', 'track_id'],
  playlists: ['playlist_id'],
  tracks: ['track_id'],
};

/** Chinook's foreign keys (test/data/chinook/README.md), each referencing a primary key above; default names. */
const CHINOOK_FOREIGN_KEYS: readonly { table: string; spec: ForeignKeySpec }[] = [
  ['albums', 'artist_id', 'artists'],
  ['tracks', 'album_id', 'albums'],
  ['tracks', 'genre_id', 'genres'],
  ['tracks', 'media_type_id', 'media_types'],
  ['playlist_track', 'playlist_id', 'playlists'],
  ['playlist_track', 'track_id', 'tracks'],
  ['customers', 'support_rep_id', 'employees', 'employee_id'],
  ['employees', 'reports_to', 'employees', 'employee_id'],
  ['invoices', 'customer_id', 'customers'],
  ['invoice_items', 'invoice_id', 'invoices'],
  ['invoice_items', 'track_id', 'tracks'],
].map(([table, column, refTable, refColumn]) => ({
  table: table!,
  spec: { columns: [column!], references: { table: refTable!, columns: [refColumn ?? column!] } },
}));

/**
 * Declares the Chinook foreign keys the database does not have yet (matched
 * by columns and referenced table); returns how many. One that no longer fits
 * (a table the user re-imported differently) is reported and skipped.
 */
function declareChinookKeys(db: Database, warn: (text: string) => void): number {
  const have = new Set(db.foreignKeys().map((k) => `${k.table}(${k.columns.join(',')})->${k.references.table}`));
  let added = 0;
  for (const { table, spec } of CHINOOK_FOREIGN_KEYS) {
    if (have.has(`${table}(${spec.columns.join(',')})->${spec.references.table}`)) continue;
    try {
      db.addForeignKey(table, spec);
      added++;
    } catch (e) {
      if (!isPyralogError(e)) throw e;
      warn(`note: foreign key ${table}.${spec.columns.join(',')} → ${spec.references.table} not declared: ${e.message}\n`);
    }
  }
  return added;
}

/** The Chinook CSVs: beside the package (repo checkout or installed package). */
function chinookDir(): string | undefined {
  for (const up of ['../../../test/data/chinook', '../../../../test/data/chinook']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (fs.existsSync(path.join(dir, 'tracks.csv'))) return dir;
  }
  return undefined;
}

const demoCommand: Command = {
  name: 'demo',
  summary: 'Open ./data (importing the Chinook sample on first run) and run a few queries.',
  usage: 'pyralog demo [--db DIR]',
  help: `options:
  --db DIR    database directory (default ./data)`,
  options: { db: { type: 'string' } },
  async run(args, context) {
    const dir = path.resolve(context.cwd, stringOption(args, 'db', demoCommand) ?? 'data');
    const db = open(dir);
    try {
      // Resumable: each table is imported in one transaction, so a run that was
      // interrupted leaves only whole tables, and the next run imports the rest.
      const present = new Set(db.tables().map((t) => t.name));
      const missing = Object.keys(CHINOOK_KEYS).filter((t) => !present.has(t));
      if (missing.length > 0) {
        const source = chinookDir();
        if (source === undefined) {
          context.stderr.write('the Chinook sample data (test/data/chinook) is not beside this package; import your own CSVs with `pyralog import`\n');
          return 1;
        }
        const resuming = missing.length < Object.keys(CHINOOK_KEYS).length ? ` (resuming: ${Object.keys(CHINOOK_KEYS).length - missing.length} tables are already there)` : '';
        context.stdout.write(`Importing the Chinook sample data into ${dir} …${resuming}\n`);
        for (const table of missing) {
          const { rows } = await importCsv(db.storage, path.join(source, `${table}.csv`), { key: CHINOOK_KEYS[table] ?? [] });
          context.stdout.write(`  ${table.padEnd(16)} ${String(rows).padStart(6)} rows\n`);
        }
      }
      const declared = declareChinookKeys(db, (t) => context.stderr.write(t));
      if (declared > 0) context.stdout.write(`Declared ${declared} foreign keys (pyralog schema --db ${path.relative(context.cwd, dir) || '.'} lists them)\n`);
      context.stdout.write(`\nPyralog demo — database ${dir}\n`);
      for (const q of QUERIES) {
        const t0 = performance.now();
        const result = db.querySync('prql', q.prql);
        const ms = performance.now() - t0;
        context.stdout.write(`\n# ${q.title}  (${ms.toFixed(1)} ms)\n${q.prql.replace(/^/gm, '  ')}\n${result.toText()}\n`);
      }
      const last = QUERIES[QUERIES.length - 1];
      if (last !== undefined) {
        context.stdout.write(`\n# How the last query runs (pyralog explain)\n${db.explain('prql', last.prql).text}\n`);
      }
      const rel = path.relative(context.cwd, dir);
      // The path as the user can type it: relative when inside the working directory, absolute otherwise.
      const plain = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
      const shown = /^[\w./@%+=:,-]+$/.test(plain) ? plain : `'${plain.replace(/'/g, `'\\''`)}'`;
      context.stdout.write(`\nTry your own: npx pyralog query --db ${shown} 'from albums | take 3'\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export default demoCommand;
