/**
 * `pyralog query --lang graphql`: runs a whole GraphQL request (queries and
 * mutations: the database is opened for writing) and prints GraphQL's
 * response `{"data":…,"errors":[…]}` — compact with --format json, indented
 * otherwise. `--variables` takes JSON text or `@FILE`. Exit code 1 when the
 * response has errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { open } from '../engine/database.js';
import { runGraphql } from '../engine/graphql-request.js';
import { PyralogError } from '../errors/pyralog-error.js';
import type { CliContext } from './command.js';
import { openExistingDatabase, type QueryInput } from './query-input.js';

/** The --variables option: JSON text, or @FILE holding JSON. */
export function readVariables(option: string | undefined, cwd: string): Record<string, unknown> | null {
  if (option === undefined) return null;
  let text = option;
  if (option.startsWith('@')) {
    try {
      text = fs.readFileSync(path.resolve(cwd, option.slice(1)), 'utf8');
    } catch (cause) {
      throw new PyralogError('FILE_NOT_FOUND', `cannot read variables file ${option.slice(1)}: ${(cause as Error).message}`, { phase: 'cli', cause });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new PyralogError('CLI_USAGE', `--variables is not JSON: ${(cause as Error).message}`, { phase: 'cli', cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PyralogError('CLI_USAGE', '--variables must be a JSON object', { phase: 'cli' });
  return value as Record<string, unknown>;
}

export async function runGraphqlCommand(input: QueryInput, format: string, variables: Record<string, unknown> | null, context: CliContext): Promise<number> {
  openExistingDatabase(input.db).close();
  const db = open(input.db);
  try {
    const result = await runGraphql(db, { query: input.text, variables });
    context.stdout.write(`${format === 'json' ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`);
    return result.errors !== undefined && result.errors.length > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}
