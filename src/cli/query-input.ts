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

/**
 * `42` → 42n, `4.2` → 4.2, `true`/`false`, `null`, anything else a string
 * (quote it to force text: `'42'`). An integer outside int64 or a float
 * beyond float64 is NUMERIC_OVERFLOW, never a rounded or wrapped value.
 */
export function parseParamValue(raw: string, name = '?'): Scalar {
  if (/^[+-]?\d+$/.test(raw)) {
    const v = BigInt(raw);
    if (v < -(2n ** 63n) || v > 2n ** 63n - 1n) throw paramOverflow(name, raw, 'int64 (−9223372036854775808..9223372036854775807)');
    return v;
  }
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(raw)) {
    const v = Number(raw);
    if (!Number.isFinite(v)) throw paramOverflow(name, raw, 'float64');
    return v;
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  const quoted = /^'(.*)'$/s.exec(raw) ?? /^"(.*)"$/s.exec(raw);
  return quoted?.[1] ?? raw;
}

function paramOverflow(name: string, raw: string, range: string): PyralogError {
  return new PyralogError('NUMERIC_OVERFLOW', `--param ${name}=${raw} is outside ${range}`, {
    phase: 'cli',
    hints: [`quote it to pass text (--param ${name}="'${raw}'")`],
  });
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
  const params = Object.create(null) as Record<string, Scalar>;
  for (const item of listOption(args, 'param')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`${command.name}: --param wants NAME=VALUE, got ${JSON.stringify(item)}`, command);
    const name = item.slice(0, eq).replace(/^\$/, '');
    params[name] = parseParamValue(item.slice(eq + 1), name);
  }
  return { db: path.resolve(context.cwd, db), lang, text, params };
}

/** Opens the database in `dir` read-only; DATABASE_NOT_FOUND when `dir` holds none (nothing is created; see storage/db-path.ts). */
export function openExistingDatabase(dir: string): Database {
  return open(dir, { readOnly: true });
}
