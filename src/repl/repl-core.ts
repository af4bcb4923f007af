/**
 * The REPL's state and what one entry does, apart from any terminal: the
 * current language and `:timing` switch, evaluating code through the backend
 * and printing its outcome (an error for text that looks like the other
 * language gets a hint), the meta commands (`:tables`, `:schema`, …),
 * and the catalog kept for tab completion. Both front ends (terminal-repl.ts,
 * script-repl.ts) feed it entries from an EntryBuffer.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import type { CompletionContext } from './completer.js';
import type { Entry } from './entry-buffer.js';
import { isFormLanguage, textToEvaluate } from './input-balance.js';
import { withLanguageHint } from './language-hint.js';
import { metaHelpLines } from './meta-commands.js';
import type { ReplBackend, TableSummary } from './repl-backend.js';
import { renderError, renderOutcome, renderSchema, renderTables, type ViewOptions } from './result-view.js';

export interface ReplIO {
  /** Results and messages (a newline is added). */
  out(text: string): void;
  /** Errors (a newline is added). */
  err(text: string): void;
}

/** How an entry went: `quit` asks the front end to stop; `cancelled` means Ctrl-C stopped it. */
export type EntryResult = 'ok' | 'error' | 'cancelled' | 'quit';

function usage(message: string, hint = 'type :help for the commands'): PyralogError {
  return new PyralogError('CLI_USAGE', message, { phase: 'cli', hints: [hint] });
}

/**
 * Lets input that arrived while synchronous work ran (a Ctrl-C typed during
 * a query) be read: one immediate ends this event-loop turn, the second runs
 * after the next poll for I/O.
 */
async function drainInput(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ReplCore {
  timing = false;
  private catalog: readonly TableSummary[] = [];

  private constructor(
    readonly backend: ReplBackend,
    private readonly io: ReplIO,
    private readonly available: readonly string[],
    private current: string,
    private readonly view: ViewOptions,
  ) {}

  /** A core in `lang` (default: the backend's preferred language); CLI_USAGE when the backend lacks `lang`. */
  static async create(backend: ReplBackend, io: ReplIO, options: { readonly lang?: string; readonly view?: ViewOptions } = {}): Promise<ReplCore> {
    const languages = await backend.languages();
    const lang = options.lang ?? languages[0];
    if (lang === undefined || !languages.includes(lang)) {
      throw usage(`no language ${JSON.stringify(lang ?? '')} here; choose one of ${languages.join(', ')}`, 'run `pyralog repl --help` for the options');
    }
    const core = new ReplCore(backend, io, languages, lang, options.view ?? {});
    await core.refreshCatalog();
    return core;
  }

  get lang(): string {
    return this.current;
  }

  get languages(): readonly string[] {
    return this.available;
  }

  /** Reloads the table list that completion uses (after every code entry: it may have created a table). */
  async refreshCatalog(): Promise<void> {
    try {
      this.catalog = await this.backend.tables();
    } catch {
      // completion without tables is still completion
    }
  }

  completionContext(): CompletionContext {
    return {
      lang: this.current,
      languages: this.available,
      tables: this.catalog,
      words: (prefix) => this.backend.completions(this.current, prefix),
    };
  }

  /** Runs one entry; `signal` is Ctrl-C. Never throws: errors are printed. */
  async run(entry: Entry, signal?: AbortSignal): Promise<EntryResult> {
    const t0 = performance.now();
    let result: EntryResult;
    try {
      result = entry.kind === 'code' ? await this.evaluate(entry.text, signal) : await this.meta(entry, signal);
    } catch (e) {
      await drainInput();
      if (signal?.aborted === true) return this.cancelled();
      this.io.err(renderError(e));
      result = 'error';
    }
    if (result === 'cancelled') return result;
    if (this.timing && (entry.kind === 'code' || entry.name === 'explain')) this.io.out(`(${(performance.now() - t0).toFixed(1)} ms)`);
    return result;
  }

  private cancelled(): EntryResult {
    this.io.err('cancelled');
    return 'cancelled';
  }

  private async evaluate(text: string, signal: AbortSignal | undefined): Promise<EntryResult> {
    try {
      const outcome = await this.backend.evaluate(this.current, textToEvaluate(this.current, text), signal === undefined ? {} : { signal }).catch((e: unknown) => {
        throw withLanguageHint(e, text, this.current, this.available);
      });
      await drainInput();
      if (signal?.aborted === true) return this.cancelled();
      this.io.out(renderOutcome(outcome, this.view));
      return 'ok';
    } finally {
      if (isFormLanguage(this.current)) await this.refreshCatalog();
    }
  }

  private async meta(entry: Extract<Entry, { kind: 'meta' }>, signal: AbortSignal | undefined): Promise<EntryResult> {
    const arg = entry.arg;
    switch (entry.name) {
      case 'quit':
        return 'quit';
      case 'help':
        this.io.out(this.help());
        return 'ok';
      case 'tables':
        await this.refreshCatalog();
        this.io.out(renderTables(await this.backend.tables()));
        return 'ok';
      case 'schema':
        if (arg === '') throw usage(':schema wants a table name, e.g. :schema tracks');
        this.io.out(renderSchema(await this.backend.schema(arg.replace(/^:/, ''))));
        return 'ok';
      case 'explain': {
        if (arg === '') throw usage(':explain wants an entry to explain, e.g. :explain from tracks | take 3');
        const text = await this.backend.explain(this.current, textToEvaluate(this.current, arg)).catch((e: unknown) => {
          throw withLanguageHint(e, arg, this.current, this.available);
        });
        await drainInput();
        if (signal?.aborted === true) return this.cancelled();
        this.io.out(text);
        return 'ok';
      }
      case 'lang':
        if (arg === '') {
          this.io.out(`language: ${this.current} (available: ${this.available.join(', ')})`);
          return 'ok';
        }
        if (!this.available.includes(arg)) throw usage(`no language ${JSON.stringify(arg)} here; choose one of ${this.available.join(', ')}`);
        this.current = arg;
        this.io.out(`language: ${arg}`);
        return 'ok';
      case 'timing':
        if (arg !== '' && arg !== 'on' && arg !== 'off') throw usage(':timing takes on or off');
        if (arg !== '') this.timing = arg === 'on';
        this.io.out(`timing: ${this.timing ? 'on' : 'off'}`);
        return 'ok';
    }
  }

  private help(): string {
    return [
      'Type an entry and press Enter to run it. Commands:',
      ...metaHelpLines(),
      '',
      'Input: Batuta runs when its forms balance (brackets, strings and ; comments',
      'are understood), so a form may span lines. PRQL runs at the end of a line',
      'unless a bracket or string is open or the line ends in |; a blank line',
      'submits what is there. Tab completes forms, functions, tables, columns.',
      'Ctrl-C cancels the entry being typed or the running query; Ctrl-D exits.',
      `Languages: ${this.available.join(', ')} (now ${this.current}).`,
    ].join('\n');
  }
}
