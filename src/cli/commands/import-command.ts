/**
 * `pyralog import --db DIR FILE.csv… [--table T] [--key COL] [--replace]
 * [--references COL=TABLE(COL)]…`: imports each CSV file into its own table
 * (named after the file), showing a progress bar on a terminal and one
 * summary line per table, then declares the foreign keys asked for.
 */
import * as path from 'node:path';
import { CSV_COLUMN_TYPES, type CsvColumnType } from '../../io/csv/column-inference.js';
import { importCsv } from '../../io/import-csv.js';
import { openStore } from '../../storage/index.js';
import type { Command, ParsedArgs } from '../command.js';
import { parseReferencesOption } from '../foreign-key-args.js';
import { listOption, stringOption, usageError } from '../parse-command-args.js';
import { ProgressBar } from '../progress-bar.js';

const importCommand: Command = {
  name: 'import',
  summary: 'Import CSV files into tables (one table per file, types inferred).',
  usage: 'pyralog import --db DIR FILE.csv… [--table T] [--key COL] [--replace] [--type COL=TYPE] [--delimiter C] [--references COL=TABLE(COL)]',
  help: `Each FILE becomes a table named after it (albums.csv -> albums). Column
types are inferred over all rows: int64, float64, bool (true/false),
timestamp (ISO-8601) or utf8; an empty field is NULL. A file that fails to
import leaves nothing behind.

options:
  --db DIR           database directory (created if missing)
  --table T          table name (only with a single FILE)
  --key COL[,COL]    primary-key column(s) of each FILE; values must be unique
                     and non-empty; default: a hidden row id
  --replace          replace a table that already exists
  --type COL=TYPE    force a column's type (${CSV_COLUMN_TYPES.join(', ')}); repeatable.
                     With a type for every column (none a timestamp) the
                     file is read once, checked and loaded together; else a
                     first pass infers and checks, a second loads
  --delimiter C      field delimiter (default ,)
  --references [T.]COL[,COL]=REFTABLE(COL[,COL])
                     declare a foreign key (informational, not checked) from
                     each imported table (or only table T) to the primary key
                     of REFTABLE, once every FILE is imported (so REFTABLE may
                     be one of them); repeatable. See \`pyralog schema\`.

example:
  pyralog import --db ./music test/data/chinook/*.csv
  pyralog import --db ./music --key track_id --references 'album_id=albums(album_id)' tracks.csv`,
  options: {
    db: { type: 'string' },
    table: { type: 'string' },
    key: { type: 'string', multiple: true },
    replace: { type: 'boolean' },
    type: { type: 'string', multiple: true },
    delimiter: { type: 'string' },
    references: { type: 'string', multiple: true },
  },
  positionals: true,
  async run(args, context) {
    const db = stringOption(args, 'db', importCommand, true);
    const files = args.positionals;
    if (files.length === 0) throw usageError('import: name at least one CSV file', importCommand);
    const table = stringOption(args, 'table', importCommand);
    if (table !== undefined && files.length > 1) throw usageError('import: --table needs exactly one FILE', importCommand);
    const key = listOption(args, 'key');
    const types = parseTypes(args);
    const delimiter = stringOption(args, 'delimiter', importCommand);
    const refs = parseReferences(args);
    const store = openStore(db === ':memory:' ? db : path.resolve(context.cwd, db));
    try {
      let totalRows = 0;
      const imported: string[] = [];
      const started = performance.now();
      for (const file of files) {
        const t0 = performance.now();
        const bar = new ProgressBar(context.stderr, path.basename(file));
        let result;
        try {
          result = await importCsv(store, path.resolve(context.cwd, file), {
            ...(table !== undefined ? { table } : {}),
            key,
            replace: args.values['replace'] === true,
            types,
            ...(delimiter !== undefined ? { delimiter } : {}),
            onProgress: (rows, done, total) => bar.update(done, total, rows > 0 ? `${rows.toLocaleString('en-US')} rows` : 'reading'),
          });
        } finally {
          bar.clear();
        }
        const seconds = (performance.now() - t0) / 1000;
        totalRows += result.rows;
        imported.push(result.table);
        context.stdout.write(`${result.table}: ${result.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s\n`);
      }
      if (files.length > 1) {
        const seconds = (performance.now() - started) / 1000;
        context.stdout.write(`${files.length} tables, ${totalRows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s\n`);
      }
      for (const ref of refs) {
        if (ref.table !== undefined && !imported.includes(ref.table)) {
          throw usageError(`import: --references names table ${ref.table}, which this import did not create (it made ${imported.join(', ')})`, importCommand);
        }
      }
      for (const t of imported) {
        for (const ref of refs.filter((r) => r.table === undefined || r.table === t)) {
          const info = store.alterTable(t, { kind: 'add_foreign_key', ...ref.spec });
          const fk = info.foreignKeys[info.foreignKeys.length - 1]!;
          context.stdout.write(`${t}: foreign key ${fk.name} (${fk.columns.join(', ')}) -> ${fk.references.table}(${fk.references.columns.join(', ')})\n`);
        }
      }
      return 0;
    } finally {
      store.close();
    }
  },
};

/** Every `--references` option (commas belong to the column lists, so the raw values are taken). */
function parseReferences(args: ParsedArgs): ReturnType<typeof parseReferencesOption>[] {
  const v = args.values['references'];
  const raw = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return raw.filter((x): x is string => typeof x === 'string').map((text) => parseReferencesOption(text, importCommand));
}

/** `--type col=int64` options as a map; unknown types are usage errors. */
function parseTypes(args: ParsedArgs): Record<string, CsvColumnType> {
  const out: Record<string, CsvColumnType> = {};
  for (const spec of listOption(args, 'type')) {
    const eq = spec.lastIndexOf('=');
    const name = spec.slice(0, eq);
    const type = spec.slice(eq + 1);
    if (eq <= 0 || !(CSV_COLUMN_TYPES as readonly string[]).includes(type)) {
      throw usageError(`import: --type wants COL=TYPE with TYPE one of ${CSV_COLUMN_TYPES.join(', ')}, got ${JSON.stringify(spec)}`, importCommand);
    }
    out[name] = type as CsvColumnType;
  }
  return out;
}

export default importCommand;
