/**
 * A Batuta session: the program mode of Batuta over one Database. It keeps an
 * environment across calls (defs persist), runs any program — writes and
 * non-relational values included — and returns the last value, a relation
 * already run. The REPL and the server drive Batuta through this API only.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import type { Database } from './database.js';
import type { Params } from './params.js';
import type { QueryResult } from './query-result.js';

export type BatutaOutcome =
  | { readonly kind: 'relation'; readonly result: QueryResult } // a relation value, already run
  | { readonly kind: 'value'; readonly edn: string; readonly json: unknown }; // any other value

export interface BatutaSession {
  /** Evaluates every form of `text` in order in this session's environment (defs persist across calls); returns the last value. Throws PyralogError (with sourceText, spans). */
  evaluate(text: string, options?: { params?: Params; signal?: AbortSignal }): Promise<BatutaOutcome>;
  /** Names for tab completion that start with `prefix`: special forms, functions, macros, names defined in this session. */
  completions(prefix: string): readonly string[];
  /** Printed explain text of the relation the program's last form builds. */
  explain(text: string): string;
  close(): void;
}

export interface BatutaSessionOptions {
  /** Directory `require` may load Batuta files from (none: require is refused). */
  readonly root?: string;
  /** Evaluation steps one evaluate() call may take. */
  readonly maxSteps?: number;
  /** Bytes one evaluate() call may allocate (an estimate over collections and strings). */
  readonly maxMemoryBytes?: number;
}

export function openBatutaSession(db: Database, options: BatutaSessionOptions = {}): BatutaSession {
  void db;
  void options;
  const todo = (): never => {
    throw new PyralogError('BATUTA_EVAL_ERROR', 'the Batuta session is not implemented yet', { phase: 'execute' });
  };
  return {
    evaluate: async () => todo(),
    completions: () => [],
    explain: () => todo(),
    close: () => undefined,
  };
}
