/**
 * Gathers typed or piped lines into entries: a meta command (`:tables`) on a
 * line of its own, or code that is complete by the rules of input-balance.ts.
 * Interactive pipeline languages (PRQL) submit on a line that leaves nothing
 * open, or on a blank line (a way out of a half-typed entry); piped PRQL
 * input is read in paragraphs (entries separated by blank lines), since a
 * script's multi-line pipelines have no trailing `|`. Batuta submits when
 * its forms balance, in both modes.
 */
import { entryState, isFormLanguage } from './input-balance.js';
import { parseMetaCommand, type MetaName } from './meta-commands.js';

export type Entry =
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'meta'; readonly name: MetaName; readonly arg: string };

export type InputMode = 'interactive' | 'script';

export class EntryBuffer {
  private lines: string[] = [];
  /** Set while the lines are the argument of a multi-line `:explain`. */
  private meta: 'explain' | undefined;

  /** `lang` is read at every line, so `:lang` takes effect at the next entry. */
  constructor(
    private readonly lang: () => string,
    private readonly mode: InputMode,
  ) {}

  /** Whether lines of an unfinished entry are held (the REPL then shows its continuation prompt). */
  get pending(): boolean {
    return this.lines.length > 0 || this.meta !== undefined;
  }

  /** Forgets the unfinished entry (Ctrl-C). */
  clear(): void {
    this.lines = [];
    this.meta = undefined;
  }

  /**
   * Adds one line; returns the entries it completes: usually none or one;
   * two when a command line ends a piped PRQL paragraph and is itself complete.
   */
  push(line: string): Entry[] {
    const meta = parseMetaCommand(line);
    if (meta !== undefined && this.pending && this.mode === 'script' && !isFormLanguage(this.lang()) && this.meta === undefined) {
      const paragraph = this.end();
      return paragraph === undefined ? this.push(line) : [paragraph, ...this.push(line)];
    }
    const entry = this.pushLine(line, this.pending ? undefined : meta);
    return entry === undefined ? [] : [entry];
  }

  private pushLine(line: string, meta: ReturnType<typeof parseMetaCommand>): Entry | undefined {
    if (meta !== undefined && meta.name !== 'explain') return { kind: 'meta', ...meta };
    if (meta !== undefined) {
      if (meta.arg === '') return { kind: 'meta', ...meta }; // :explain alone: repl-core answers with the usage
      this.meta = 'explain';
      line = meta.arg;
    }
    this.lines.push(line);
    const text = this.lines.join('\n');
    const lang = this.lang();
    const blank = line.trim() === '';
    if (this.mode === 'script' && !isFormLanguage(lang)) {
      if (!blank) return undefined;
      return entryState(lang, text) === 'empty' ? (this.clear(), undefined) : this.take();
    }
    switch (entryState(lang, text)) {
      case 'empty':
        this.clear();
        return undefined;
      case 'complete':
        return this.take();
      case 'incomplete':
        return blank && !isFormLanguage(lang) && this.mode === 'interactive' ? this.take() : undefined;
    }
  }

  /** At the end of input: the unfinished entry, if it holds any code (the language then reports what is missing). */
  end(): Entry | undefined {
    if (!this.pending) return undefined;
    const text = this.lines.join('\n');
    if (this.meta === undefined && entryState(this.lang(), text) === 'empty') {
      this.clear();
      return undefined;
    }
    return this.take();
  }

  private take(): Entry {
    const text = this.lines.join('\n').replace(/\s+$/, '');
    const entry: Entry = this.meta === undefined ? { kind: 'code', text } : { kind: 'meta', name: this.meta, arg: text };
    this.clear();
    return entry;
  }
}
