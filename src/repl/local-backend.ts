/**
 * The REPL backend over an embedded Database in this process. Batuta runs
 * in one BatutaSession (so `def`s persist from entry to entry); every other
 * registered language (PRQL, …) runs through `db.querySync`. Batuta counts as
 * available once its session evaluates a trivial program (the session API
 * may be present before the language is). PRQL queries run synchronously:
 * Ctrl-C during one is noticed when it returns (repl-core.ts drops the result).
 */
import { openBatutaSession, type BatutaSession } from '../engine/batuta-session.js';
import type { Database } from '../engine/database.js';
import { languageNames } from '../lang/registry.js';
import type { ReplBackend, ReplOutcome, TableSummary } from './repl-backend.js';
import { prqlCompletions } from './prql-words.js';

export interface LocalBackendOptions {
  /** Directory Batuta's `require` may load files from. */
  readonly batutaRoot?: string;
  /** Where Batuta's println/prn write (default: the session's, process.stdout). */
  readonly onOutput?: (text: string) => void;
  /** Close the database with the backend (default true). */
  readonly closeDatabase?: boolean;
}

export class LocalBackend implements ReplBackend {
  private session: BatutaSession | undefined;
  private batutaWorks: boolean | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: LocalBackendOptions = {},
  ) {}

  get location(): string {
    return this.db.path;
  }

  private batuta(): BatutaSession {
    const { batutaRoot, onOutput } = this.options;
    this.session ??= openBatutaSession(this.db, { ...(batutaRoot === undefined ? {} : { root: batutaRoot }), ...(onOutput === undefined ? {} : { onOutput }) });
    return this.session;
  }

  private async hasBatuta(): Promise<boolean> {
    if (this.batutaWorks === undefined) {
      try {
        this.batutaWorks = (await this.batuta().evaluate('nil')).kind === 'value';
      } catch {
        this.batutaWorks = false;
      }
    }
    return this.batutaWorks;
  }

  async languages(): Promise<readonly string[]> {
    const others = languageNames().filter((l) => l !== 'batuta');
    return (await this.hasBatuta()) ? ['batuta', ...others] : others;
  }

  async evaluate(lang: string, text: string, options: { readonly signal?: AbortSignal } = {}): Promise<ReplOutcome> {
    if (lang === 'batuta') {
      const outcome = await this.batuta().evaluate(text, options.signal === undefined ? {} : { signal: options.signal });
      if (outcome.kind === 'value') return { kind: 'value', edn: outcome.edn };
      return { kind: 'relation', schema: outcome.result.schema, rows: outcome.result.arrays() };
    }
    const result = this.db.querySync(lang, text);
    return { kind: 'relation', schema: result.schema, rows: result.arrays() };
  }

  async explain(lang: string, text: string): Promise<string> {
    return lang === 'batuta' ? this.batuta().explain(text) : this.db.explain(lang, text).text;
  }

  async completions(lang: string, prefix: string): Promise<readonly string[]> {
    if (lang === 'batuta') return this.batuta().completions(prefix);
    return lang === 'prql' ? prqlCompletions(prefix) : [];
  }

  async tables(): Promise<readonly TableSummary[]> {
    const infos = [...this.db.tables()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const snapshot = this.db.snapshot();
    try {
      return infos.map((t) => ({ name: t.name, schema: t.schema, primaryKey: t.primaryKey, rowCount: snapshot.stats(t.name).rowCount }));
    } finally {
      snapshot.close();
    }
  }

  async schema(table: string): Promise<TableSummary> {
    const t = this.db.table(table).info();
    return { name: t.name, schema: t.schema, primaryKey: t.primaryKey };
  }

  async close(): Promise<void> {
    this.session?.close();
    this.session = undefined;
    if (this.options.closeDatabase !== false) this.db.close();
  }
}
