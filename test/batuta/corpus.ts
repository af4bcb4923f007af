/**
 * The Batuta corpus: every `queries/NNN-name.bt` file, picked up
 * automatically. A program opens with a header of `;;` comment lines (so the
 * file stays valid Batuta):
 *
 *   ;; about: what the program shows
 *   ;; sql: the equivalent SQLite query
 *   ;;      (continued on following `;;` lines)
 *   ;; expect: relation | scalar | row | rows | column   (default relation)
 *   ;; params: JSON object or array of parameter values
 *
 * The result order is compared only when the SQL fixes it (an ORDER BY
 * outside any parentheses); otherwise rows compare as multisets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../prql/repo-path.js';

export type Expect = 'relation' | 'scalar' | 'row' | 'rows' | 'column';

export interface BatutaProgram {
  readonly file: string;
  readonly name: string;
  readonly text: string;
  readonly sql: string;
  readonly expect: Expect;
  /** Parameter values as written (JSON numbers; integers become int64 on the Batuta side). */
  readonly params: Readonly<Record<string, number | string | null>> | readonly (number | string | null)[] | undefined;
  readonly ordered: boolean;
}

export const QUERY_DIR = repoPath('test/batuta/queries');

const KEYS = ['about', 'sql', 'expect', 'params'] as const;
type Key = (typeof KEYS)[number];
const EXPECTS: readonly Expect[] = ['relation', 'scalar', 'row', 'rows', 'column'];

/** The `;;` header of a program as key → text (continuation lines joined with newlines). */
export function parseHeader(text: string, file: string): Partial<Record<Key, string>> {
  const out: Partial<Record<Key, string>> = {};
  let current: Key | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(';;')) break;
    const body = line.slice(2).trim();
    const m = /^([a-z]+):\s?(.*)$/.exec(body);
    const key = m?.[1] as Key | undefined;
    if (m !== null && key !== undefined && KEYS.includes(key)) {
      current = key;
      out[key] = m[2] ?? '';
    } else if (current !== undefined) {
      out[current] = `${out[current] ?? ''}\n${body}`;
    } else throw new Error(`${file}: header line before any key: ${line}`);
  }
  return out;
}

/** Whether the SQL's outermost query ends with an ORDER BY (one inside parentheses, as in OVER (…) or a subquery, does not count). */
export function sqlFixesOrder(sql: string): boolean {
  let depth = 0;
  let outer = '';
  for (const ch of sql.replace(/'(?:[^']|'')*'/g, "''")) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) outer += ch;
  }
  return /\border\s+by\b/i.test(outer);
}

export function loadCorpus(dir = QUERY_DIR): BatutaProgram[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bt'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const header = parseHeader(text, file);
      const sql = header.sql?.trim();
      if (sql === undefined || sql === '') throw new Error(`${file}: no ;; sql: header`);
      const expect = (header.expect?.trim() ?? 'relation') as Expect;
      if (!EXPECTS.includes(expect)) throw new Error(`${file}: unknown expect ${expect}`);
      const params = header.params === undefined ? undefined : (JSON.parse(header.params) as BatutaProgram['params']);
      return { file, name: file.replace(/\.bt$/, ''), text, sql, expect, params, ordered: sqlFixesOrder(sql) };
    });
}
