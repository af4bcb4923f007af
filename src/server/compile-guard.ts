/**
 * Compile errors under a token limited to some tables. A query is compiled
 * (names resolved against the whole catalog) before its tables can be
 * checked against the token, so its error could describe tables the token
 * does not grant: "table secret has: id, pw", "tables: albums, secret", a
 * column's type. `guardCompile` runs one compile step; when it fails for
 * such a token and the query text or the error names a table the token does
 * not grant, the caller gets AUTH_FORBIDDEN instead (the span kept: it
 * points at the caller's own text). Errors about granted tables pass as
 * they are.
 */
import type { Database } from '../engine/database.js';
import { isPyralogError, PyralogError } from '../errors/pyralog-error.js';
import type { VerifiedToken } from './capability-tokens.js';
import { canSeeTable } from './grant.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `name` occurs in `text` as a whole identifier. */
function names(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\p{L}\\p{N}_$])${escapeRegExp(name)}($|[^\\p{L}\\p{N}_$])`, 'u').test(text);
}

function detailsText(details: unknown): string {
  try {
    return JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  } catch {
    return '';
  }
}

/** Runs `compile`; rethrows its error, or AUTH_FORBIDDEN when the error could describe a table `token` does not grant. */
export function guardCompile<T>(db: Database, token: VerifiedToken | undefined, queryText: string, compile: () => T): T {
  try {
    return compile();
  } catch (e) {
    if (!isPyralogError(e) || token === undefined) throw e;
    const granted = token.caveats.flatMap((c) => (c.kind === 'tables' ? [[...c.grants.keys()]] : []));
    if (granted.length === 0) throw e;
    const hidden = db
      .tables()
      .map((t) => t.name)
      .filter((name) => !canSeeTable(token, name));
    const said = [queryText, e.message, ...e.hints, detailsText(e.details)].join('\n');
    if (!hidden.some((name) => names(said, name))) throw e;
    const visible = db
      .tables()
      .map((t) => t.name)
      .filter((name) => canSeeTable(token, name))
      .sort();
    throw new PyralogError('AUTH_FORBIDDEN', 'the query does not compile against the tables this token grants', {
      phase: 'server',
      spans: e.spans,
      hints: [visible.length === 0 ? 'the token grants no table' : `the token grants the tables: ${visible.join(', ')}`],
      ...(e.sourceText !== undefined ? { sourceText: e.sourceText } : {}),
    });
  }
}
