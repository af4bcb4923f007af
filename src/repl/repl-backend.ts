/**
 * What the REPL needs of a database, and nothing more: evaluate an entry in
 * a language, explain it, complete a word, list tables and describe one.
 * The terminal and script front ends talk only to this interface, so a
 * database in this process (local-backend.ts) and one across a socket (a
 * remote backend) are interchangeable without touching the UI code.
 */
import type { Scalar } from '../types/data-type.js';
import type { Schema } from '../types/schema.js';

/** The result of one evaluated entry. */
export type ReplOutcome =
  /** A relation: its schema and all of its rows (values as the engine gives them: int64 and timestamps as bigint). */
  | { readonly kind: 'relation'; readonly schema: Schema; readonly rows: readonly (readonly Scalar[])[] }
  /** Any other value, printed as EDN (Batuta's printed form). */
  | { readonly kind: 'value'; readonly edn: string };

/** One table of the catalog as `:tables` and completion see it. */
export interface TableSummary {
  readonly name: string;
  readonly schema: Schema;
  readonly primaryKey: readonly string[];
  /** Rows, when the backend can tell cheaply. */
  readonly rowCount?: number;
}

export interface ReplBackend {
  /** Where the data lives, for the banner (a directory, `:memory:`, a URL). */
  readonly location: string;
  /** Languages this backend evaluates, preferred first. */
  languages(): Promise<readonly string[]>;
  /**
   * Evaluates `text` in `lang`. Rejects with a PyralogError (carrying the
   * source spans for a caret) on bad input, or QUERY_CANCELLED when `signal`
   * fires before the result is ready.
   */
  evaluate(lang: string, text: string, options?: { readonly signal?: AbortSignal }): Promise<ReplOutcome>;
  /** The plans of `text` (logical, rules applied, physical) as text. */
  explain(lang: string, text: string): Promise<string>;
  /** Language words (forms, functions, user definitions) that start with `prefix`. */
  completions(lang: string, prefix: string): Promise<readonly string[]>;
  /** Every table, sorted by name. */
  tables(): Promise<readonly TableSummary[]>;
  /** One table (UNKNOWN_TABLE when there is none). */
  schema(table: string): Promise<TableSummary>;
  close(): Promise<void>;
}
