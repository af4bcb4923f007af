/**
 * The REPL backend over a Pyralog server (`pyralog repl --connect
 * ws://HOST:PORT`), through the typed client on one WebSocket, so the
 * connection keeps its Batuta session (definitions persist from entry to
 * entry, as locally). Entries run server-side through `query` (Batuta as a
 * whole program, other languages as queries) with results as Arrow, so the
 * REPL prints the same types as over a local database; what a program prints
 * arrives as `output` notifications. Tab completion asks the server for
 * Batuta words (`complete`) and knows PRQL's own. Server errors come back as
 * PyralogErrors with their code, line and column (the entry's text is
 * attached for the caret). Ctrl-C stops waiting for the answer and cancels
 * the call on the server too (the client sends `cancel {id}`), which stops
 * the query or program there.
 */
import { tableFromIPC } from 'apache-arrow';
import { connect, RpcCallError, type Client } from '../client/index.js';
import { batchRows, batchSchema, isErrorCode, languageNames, PyralogError, type Scalar, type Schema } from '../index.js';
import { prqlCompletions } from './prql-words.js';
import type { ReplBackend, ReplOutcome, TableSummary } from './repl-backend.js';

export interface RemoteBackendOptions {
  /** A capability token for a server with auth.enabled. */
  readonly token?: string;
  /** Where a program's println/prn output goes (default process.stdout). */
  readonly onOutput?: (text: string) => void;
}

type QueryAnswer = { readonly format: 'arrow'; readonly rows: number; readonly ipc?: Uint8Array; readonly data?: string } | { readonly value: unknown; readonly edn: string };

interface SchemaAnswer {
  readonly table: string;
  readonly columns: readonly { readonly name: string; readonly type: Schema['fields'][number]['type']; readonly nullable: boolean }[];
  readonly key: readonly string[];
  readonly rows: number;
}

function unreachable(url: string, why: string): PyralogError {
  return new PyralogError('SERVER_UNREACHABLE', `the server at ${url}: ${why}`, { phase: 'server', hints: ['check the URL, and that `pyralog serve` runs there'] });
}

/** A client failure as the PyralogError the REPL renders (with `text` for the caret when the server gave a line). */
export function remoteError(e: unknown, url: string, text?: string): unknown {
  if (!(e instanceof RpcCallError)) return e instanceof PyralogError ? e : unreachable(url, e instanceof Error ? e.message : String(e));
  const d = e.data;
  if (d === undefined || !isErrorCode(d.code)) return unreachable(url, e.message);
  const end = d.endLine !== undefined && d.endColumn !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {};
  const spans = d.line !== undefined && d.column !== undefined ? [{ line: d.line, column: d.column, ...end }] : [];
  return new PyralogError(d.code, d.message, {
    phase: 'server',
    spans,
    hints: d.hints ?? (d.hint !== undefined ? [d.hint] : []),
    ...(text !== undefined && spans.length > 0 ? { sourceText: text } : {}),
  });
}

function schemaOf(a: SchemaAnswer): TableSummary {
  return { name: a.table, schema: { fields: a.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })) }, primaryKey: a.key, rowCount: a.rows };
}

export class RemoteBackend implements ReplBackend {
  private batutaWorks: boolean | undefined;

  private constructor(
    private readonly client: Client,
    readonly location: string,
  ) {}

  /** Connects (SERVER_UNREACHABLE when the server cannot be reached or refuses the token). */
  static async connect(url: string, options: RemoteBackendOptions = {}): Promise<RemoteBackend> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new PyralogError('CLI_USAGE', `--connect wants a WebSocket URL such as ws://127.0.0.1:8545, not ${JSON.stringify(url)}`, { phase: 'cli' });
    }
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
      throw new PyralogError('CLI_USAGE', `--connect wants a ws:// URL (the REPL keeps one WebSocket), not ${u.protocol}//`, { phase: 'cli' });
    }
    let client: Client;
    try {
      client = await connect(u.href, options.token === undefined ? {} : { token: options.token });
    } catch (e) {
      throw remoteError(e, u.href);
    }
    const out = options.onOutput ?? ((text: string) => void process.stdout.write(text));
    client.on('output', (p) => out(String((p as { text?: unknown }).text ?? '')));
    return new RemoteBackend(client, u.href);
  }

  private async call<T>(method: string, params: unknown, text?: string, signal?: AbortSignal): Promise<T> {
    try {
      return await this.client.call<T>(method, params, signal === undefined ? undefined : { signal });
    } catch (e) {
      throw remoteError(e, this.location, text);
    }
  }

  async languages(): Promise<readonly string[]> {
    if (this.batutaWorks === undefined) {
      try {
        this.batutaWorks = 'edn' in (await this.call<QueryAnswer>('query', { lang: 'batuta', text: 'nil' }));
      } catch (e) {
        if (e instanceof PyralogError && e.code === 'SERVER_UNREACHABLE') throw e;
        this.batutaWorks = false;
      }
    }
    const others = languageNames().filter((l) => l !== 'batuta' && l !== 'graphql');
    return this.batutaWorks ? ['batuta', ...others] : others;
  }

  async evaluate(lang: string, text: string, options: { readonly signal?: AbortSignal } = {}): Promise<ReplOutcome> {
    const signal = options.signal;
    const answer = this.call<QueryAnswer>('query', { lang, text, format: 'arrow' }, text, signal);
    const r = await (signal === undefined
      ? answer
      : Promise.race([
          answer,
          new Promise<never>((_resolve, reject) => {
            const stop = (): void => reject(new PyralogError('BATUTA_ABORTED', 'cancelled: the REPL stopped waiting for the server', { phase: 'server' }));
            if (signal.aborted) stop();
            else signal.addEventListener('abort', stop, { once: true });
          }),
        ]));
    if ('edn' in r) return { kind: 'value', edn: r.edn };
    const table = tableFromIPC(r.ipc ?? Buffer.from(r.data ?? '', 'base64'));
    const schema = batchSchema(table);
    const rows: Scalar[][] = [];
    for (const batch of table.batches) for (const row of batchRows(batch, schema)) rows.push(row);
    return { kind: 'relation', schema, rows };
  }

  async explain(lang: string, text: string): Promise<string> {
    return (await this.call<{ text: string }>('explain', { lang, text }, text)).text;
  }

  async completions(lang: string, prefix: string): Promise<readonly string[]> {
    if (lang === 'batuta') return (await this.call<{ words: string[] }>('complete', { lang, prefix })).words;
    return lang === 'prql' ? prqlCompletions(prefix) : [];
  }

  async tables(): Promise<readonly TableSummary[]> {
    const names = await this.call<string[]>('tables', undefined);
    if (names.length === 0) return [];
    const answers = await this.client.batch(names.map((table) => ({ method: 'schema', params: { table } })));
    return answers.flatMap((a) => (a.ok ? [schemaOf(a.result as SchemaAnswer)] : []));
  }

  async schema(table: string): Promise<TableSummary> {
    return schemaOf(await this.call<SchemaAnswer>('schema', { table }));
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
