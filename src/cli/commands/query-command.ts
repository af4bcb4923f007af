/**
 * `pyralog query --db DIR --lang L --format table|json|csv (TEXT | --file F)`:
 * runs one query against an existing database (opened read-only) and prints
 * its result. Errors go to stderr with a caret under the offending query
 * text, and the exit code is non-zero.
 */
import type { Command } from '../command.js';
import { open } from '../../engine/database.js';
import { openBatutaSession } from '../../engine/batuta-session.js';
import { QUERY_OPTIONS, openExistingDatabase, readQueryInput } from '../query-input.js';
import { stringOption, usageError } from '../parse-command-args.js';
import { readVariables, runGraphqlCommand } from '../graphql-query.js';

const FORMATS = ['table', 'json', 'csv'] as const;

const queryCommand: Command = {
  name: 'query',
  summary: 'Run a query (PRQL, Batuta or GraphQL: --lang) and print the result.',
  usage: 'pyralog query --db DIR [--lang prql] [--format table|json|csv] (TEXT | --file F) [--param NAME=VALUE]…',
  help: `options:
  --db DIR          database directory (must exist; see \`pyralog import\`)
  --lang L          query language (default prql)
  --format F        table (default), json or csv
  --file F, -f F    read the query from file F instead of TEXT
  --variables V     GraphQL only: the variables as JSON text or @FILE
  --param NAME=V    a query parameter ($NAME, or $1 for --param 1=V); 42 is
                    int64, 4.2 float64, true/false bool, null NULL, anything
                    else text ('42' in quotes forces text)

The json format is {"columns":[{"name":…,"type":…}],"rows":[[…],…]}: rows as
arrays, int64 beyond 2^53 as strings, timestamps as the text they were
imported from, NULL as null. csv is RFC 4180 with a header line; NULL is an
empty field. With --lang graphql the output is GraphQL's response,
{"data":…,"errors":[…]} (see docs/graphql.md), for queries and mutations.

examples:
  pyralog query --db ./music 'from invoices | aggregate {total = sum total}'
  pyralog query --db ./music --format json --param id=5 'from invoices | filter invoice_id == $id'`,
  options: { ...QUERY_OPTIONS, format: { type: 'string' }, variables: { type: 'string' } },
  positionals: true,
  async run(args, context) {
    const input = readQueryInput(args, queryCommand, context);
    const format = stringOption(args, 'format', queryCommand) ?? 'table';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw usageError(`query: --format must be one of ${FORMATS.join(', ')}`, queryCommand);
    }
    if (input.lang.toLowerCase() === 'batuta') return runBatuta(input, format, context);
    if (input.lang.toLowerCase() === 'graphql') return runGraphqlCommand(input, format, readVariables(stringOption(args, 'variables', queryCommand), context.cwd), context);
    const db = openExistingDatabase(input.db);
    try {
      const result = db.querySync(input.lang, input.text, input.params);
      if (format === 'json') context.stdout.write(`${JSON.stringify(result.toJSON())}\n`);
      else if (format === 'csv') context.stdout.write(result.toCsv());
      else context.stdout.write(`${result.toText()}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

/**
 * Batuta runs as a program (writes allowed, so the database is opened for
 * writing once it is known to exist): the last value prints as a result
 * table/JSON/CSV when it is a relation, else as EDN (table, csv) or
 * `{"value": …}` (json).
 */
async function runBatuta(input: ReturnType<typeof readQueryInput>, format: string, context: Parameters<Command['run']>[1]): Promise<number> {
  openExistingDatabase(input.db).close();
  const db = open(input.db);
  try {
    const session = openBatutaSession(db, { onOutput: (text) => void context.stdout.write(text) });
    const outcome = await session.evaluate(input.text, { params: input.params });
    if (outcome.kind === 'relation') {
      const result = outcome.result;
      if (format === 'json') context.stdout.write(`${JSON.stringify(result.toJSON())}\n`);
      else if (format === 'csv') context.stdout.write(result.toCsv());
      else context.stdout.write(`${result.toText()}\n`);
    } else if (format === 'json') context.stdout.write(`${JSON.stringify({ value: outcome.json })}\n`);
    else context.stdout.write(`${outcome.edn}\n`);
    return 0;
  } finally {
    db.close();
  }
}

export default queryCommand;
