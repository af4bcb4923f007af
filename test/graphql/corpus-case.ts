/**
 * The shape of a GraphQL corpus case: a request, and either the expected
 * `data` built from SQL on the SQLite side, or the expected errors (code and
 * location). Cases are picked up by corpus.test.ts from every corpus-*.ts
 * list in this folder's index below.
 */
import type { GraphqlLimits } from '../../src/index.js';
import type { Row, Sql } from './chinook-graphql.js';

export interface ExpectedError {
  readonly code: string;
  readonly line?: number;
  readonly column?: number;
  /** A fragment of the message. */
  readonly message?: string;
}

export interface CorpusCase {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly limits?: GraphqlLimits;
  /** The expected `data`, from SQL (for mutations: after running the same change on SQLite). */
  readonly data?: (sql: Sql) => unknown;
  readonly errors?: readonly ExpectedError[];
}

/** `rows` with each key renamed/kept as `fields` says (`{gqlName: sqlColumn}` or a list of shared names). */
export function pick(rows: readonly Row[], fields: readonly string[]): Row[] {
  return rows.map((r) => Object.fromEntries(fields.map((f) => [f, r[f]])));
}

/** ISO text of a Chinook timestamp column as SQL, matching the GraphQL timestamp scalar. */
export const ts = (column: string): string => `substr(${column}, 1, 19)`;
