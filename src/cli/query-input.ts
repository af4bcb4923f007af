/**
 * What `query` and `explain` share: the options that name a database, a
 * language and the query text (inline or `--file`), `--param k=v` values
 * parsed into typed scalars, and opening an existing database read-only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { open, type Database } from '../engine/database.js';
import { PyralogError } from '../errors/pyralog-error.js';
import type { Scalar } from '../types/data-type.js';
import type { CliContext, Command, OptionTable, ParsedArgs } from './command.js';
import { listOption, stringOption, usageError } from './parse-command-args.js';

export const QUERY_OPTIONS: OptionTable = {
  db: { type: 'string' },
  lang: { type: 'string' },
  file: { type: 'string', short: 'f' },
  param: { type: 'string', multiple: true },
};

export interface QueryInput {
  readonly db: string;
  readonly lang: string;
  readonly text: string;
  readonly params: Record<string, Scalar>;
}

/** `42` → 42n, `4.2` → 4.2, `true`/`false`, `null`, anything else a string (quote it to force text: `'42'`). */
export function parseParamValue(raw: string): Scalar {
  if (/^[+-]?\d+$/.test(raw)) return BigInt(raw);
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  const quoted = /^'(.*)'$/s.exec(raw) ?? /^"(.*)"$/s.exec(raw);
  return quoted?.[1] ?? raw;
}

export function readQueryInput(args: ParsedArgs, command: Command, context: CliContext): QueryInput {
  const db = stringOption(args, 'db', command, true);
  const lang = stringOption(args, 'lang', command) ?? 'prql';
  const file = stringOption(args, 'file', command);
  let text: string;
  if (file !== undefined) {
    if (args.positionals.length > 0) throw usageError(`${command.name}: give the query as TEXT or --file, not both`, command);
    const full = path.resolve(context.cwd, file);
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch (cause) {
      throw new PyralogError('FILE_NOT_FOUND', `cannot read query file ${file}: ${(cause as Error).message}`, { phase: 'cli', cause });
    }
  } else {
    if (args.positionals.length === 0) throw usageError(`${command.name}: give the query TEXT or --file F`, command);
    text = args.positionals.join(' ');
  }
  const params: Record<string, Scalar> = {};
  for (const item of listOption(args, 'param')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`${command.name}: --param wants NAME=VALUE, got ${JSON.stringify(item)}`, command);
    params[item.slice(0, eq).replace(/^\$/, '')] = parseParamValue(item.slice(eq + 1));
  }
  return { db: path.resolve(context.cwd, db), lang, text, params };
}

/** Opens the database in `dir` read-only; DATABASE_NOT_FOUND when `dir` holds none (nothing is created; see storage/db-path.ts). */
export function openExistingDatabase(dir: string): Database {
  return open(dir, { readOnly: true });
}
