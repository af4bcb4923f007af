/**
 * `pyralog schema --db DIR [TABLE] [--json]` prints the tables with their
 * columns, primary key and foreign keys; `schema fk add TABLE COL[,COL]
 * REFTABLE(COL[,COL]) [--name N] [--enforced]` and `schema fk drop TABLE
 * NAME` declare and drop foreign keys.
 */
import * as path from 'node:path';
import { open, type Database } from '../../engine/database.js';
import type { TableInfo } from '../../storage/api.js';
import type { Command, CliContext } from '../command.js';
import { parseForeignKeyArgs } from '../foreign-key-args.js';
import { stringOption, usageError } from '../parse-command-args.js';
import { openExistingDatabase } from '../query-input.js';

const schemaCommand: Command = {
  name: 'schema',
  summary: 'Show tables (columns, key, foreign keys); add or drop foreign keys.',
  usage: 'pyralog schema --db DIR [TABLE] [--json] | schema --db DIR fk add TABLE COL[,COL] REFTABLE(COL[,COL]) [--name N] [--enforced] | schema --db DIR fk drop TABLE NAME',
  help: `Without TABLE, every table; with TABLE, that one. Each table shows its
columns (type, NOT NULL), its primary key and the foreign keys it declares.

  fk add TABLE COL[,COL] REFTABLE(COL[,COL])
      declares a foreign key: the columns of TABLE reference the primary key
      of REFTABLE (all of it; in any order, stored in key order). Default name
      TABLE_COLS_fkey. Informational unless --enforced: then every write to
      TABLE is checked (FOREIGN_KEY_VIOLATION when the referenced row is
      missing; NULL passes).
  fk drop TABLE NAME
      drops the foreign key NAME of TABLE.

options:
  --db DIR      database directory (must exist)
  --json        print the tables as JSON
  --name N      name of the new foreign key (fk add)
  --enforced    check writes against the new foreign key (fk add)

examples:
  pyralog schema --db data tracks
  pyralog schema --db data fk add tracks album_id 'albums(album_id)'
  pyralog schema --db data fk drop tracks tracks_album_id_fkey`,
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    name: { type: 'string' },
    enforced: { type: 'boolean' },
  },
  positionals: true,
  async run(args, context) {
    const dir = path.resolve(context.cwd, stringOption(args, 'db', schemaCommand, true));
    const [first, action, ...rest] = args.positionals;
    const name = stringOption(args, 'name', schemaCommand);
    const enforced = args.values['enforced'] === true;
    if (first !== 'fk') {
      if (args.positionals.length > 1) throw usageError(`schema: expected at most one TABLE, got ${args.positionals.join(' ')}`, schemaCommand);
      if (name !== undefined || enforced) throw usageError('schema: --name and --enforced belong to `schema fk add`', schemaCommand);
      return withDatabase(dir, false, (db) => show(db, first, args.values['json'] === true, context));
    }
    if (action === 'add') {
      if (rest.length !== 3) throw usageError('schema fk add wants TABLE COL[,COL] REFTABLE(COL[,COL])', schemaCommand);
      const [table, columns, target] = rest as [string, string, string];
      const spec = parseForeignKeyArgs(columns, target, 'fk add', schemaCommand);
      return withDatabase(dir, true, (db) => {
        const fk = db.addForeignKey(table, { ...spec, ...(name !== undefined ? { name } : {}), enforced });
        context.stdout.write(`${table}: added foreign key ${fk.name} (${fk.columns.join(', ')}) -> ${fk.references.table}(${fk.references.columns.join(', ')})${fk.enforced ? ' enforced' : ''}\n`);
      });
    }
    if (action === 'drop') {
      if (rest.length !== 2) throw usageError('schema fk drop wants TABLE NAME', schemaCommand);
      const [table, fkName] = rest as [string, string];
      return withDatabase(dir, true, (db) => {
        db.dropForeignKey(table, fkName);
        context.stdout.write(`${table}: dropped foreign key ${fkName}\n`);
      });
    }
    throw usageError(`schema fk wants add or drop${action === undefined ? '' : `, got ${JSON.stringify(action)}`}`, schemaCommand);
  },
};

async function withDatabase(dir: string, write: boolean, fn: (db: Database) => void): Promise<number> {
  const reader = openExistingDatabase(dir); // DATABASE_NOT_FOUND instead of creating one
  let db = reader;
  try {
    if (write) {
      reader.close();
      db = open(dir);
    }
    fn(db);
    return 0;
  } finally {
    db.close();
  }
}

function show(db: Database, table: string | undefined, json: boolean, context: CliContext): void {
  const tables = table === undefined ? db.tables() : [db.table(table).info()];
  if (json) {
    const out = tables.map((t) => ({
      name: t.name,
      columns: t.fields.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable })),
      primaryKey: t.primaryKey,
      foreignKeys: t.foreignKeys,
      ...(t.system === true ? { system: true } : {}),
    }));
    context.stdout.write(`${JSON.stringify({ tables: out })}\n`);
    return;
  }
  if (tables.length === 0) context.stdout.write('no tables (import some with `pyralog import`)\n');
  context.stdout.write(tables.map(describe).join('\n'));
}

function describe(t: TableInfo): string {
  const key = t.primaryKey.length > 0 ? `key (${t.primaryKey.join(', ')})` : 'no key (hidden row id)';
  const lines = [`${t.name}  ${key}${t.system === true ? '  system' : ''}`];
  const width = Math.max(...t.fields.map((f) => f.name.length));
  for (const f of t.fields) lines.push(`  ${f.name.padEnd(width)}  ${f.type}${f.nullable ? '' : ' not null'}`);
  for (const fk of t.foreignKeys) {
    lines.push(`  foreign key ${fk.name}: (${fk.columns.join(', ')}) -> ${fk.references.table}(${fk.references.columns.join(', ')})${fk.enforced ? ' enforced' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export default schemaCommand;
