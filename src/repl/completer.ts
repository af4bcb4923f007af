/**
 * Tab completion: which word the cursor is in and what it may become. The
 * REPL's commands and their arguments (`:sch` → `:schema`, `:schema tr` →
 * `tracks`, `:lang` → the languages), then per language: Batuta keywords
 * name tables and columns (`:tra` → `:tracks`, `:tracks/na` → `:tracks/name`)
 * and other words go to the backend (forms, functions, the session's own
 * definitions); PRQL words, tables and columns (`t.na` → `t.name`). Returns
 * what node:readline wants: the candidates and the word they replace.
 */
import { isFormLanguage } from './input-balance.js';
import { META_COMMANDS } from './meta-commands.js';
import type { TableSummary } from './repl-backend.js';

export interface CompletionContext {
  readonly lang: string;
  readonly languages: readonly string[];
  readonly tables: readonly TableSummary[];
  /** The language's own words (forms, functions, definitions) that start with `prefix`. */
  words(prefix: string): Promise<readonly string[]>;
}

/** Batuta words end at blanks, brackets, quotes and reader macros. */
const BATUTA_WORD = /[^\s()[\]{}"'`,~@^;]*$/;
/** PRQL words: identifiers with dots (`t.name`, `math.abs`). */
const PIPELINE_WORD = /[A-Za-z0-9_.]*$/;

function matching(candidates: Iterable<string>, prefix: string): string[] {
  return [...new Set(candidates)].filter((c) => c.startsWith(prefix)).sort();
}

function columnNames(tables: readonly TableSummary[]): string[] {
  return tables.flatMap((t) => t.schema.fields.map((f) => f.name));
}

/** Batuta keywords for the catalog: `:table` and `:column`, and `:table/column` once a `/` is typed. */
function catalogKeywords(tables: readonly TableSummary[], word: string): string[] {
  if (word.includes('/')) return tables.flatMap((t) => t.schema.fields.map((f) => `:${t.name}/${f.name}`));
  return tables.flatMap((t) => [`:${t.name}`, ...t.schema.fields.map((f) => `:${f.name}`)]);
}

async function completeCode(code: string, ctx: CompletionContext): Promise<[string[], string]> {
  if (isFormLanguage(ctx.lang)) {
    const word = BATUTA_WORD.exec(code)?.[0] ?? '';
    if (word.startsWith(':')) return [matching(catalogKeywords(ctx.tables, word), word), word];
    return [matching(await ctx.words(word), word), word];
  }
  const word = PIPELINE_WORD.exec(code)?.[0] ?? '';
  const dot = word.lastIndexOf('.');
  const qualified = dot >= 0 ? columnNames(ctx.tables).map((c) => `${word.slice(0, dot)}.${c}`) : [];
  const plain = [...(await ctx.words(word)), ...ctx.tables.map((t) => t.name), ...columnNames(ctx.tables)];
  return [matching([...plain, ...qualified], word), word];
}

/** The completions of `line` (the text before the cursor) and the word they replace. */
export async function complete(line: string, ctx: CompletionContext): Promise<[string[], string]> {
  const command = /^\s*(:[a-z]*)$/.exec(line);
  if (command !== null) {
    const word = command[1]!;
    const metas = matching(META_COMMANDS.map((c) => `:${c.name}`), word);
    const code = isFormLanguage(ctx.lang) ? (await completeCode(line, ctx))[0] : [];
    return [[...metas, ...code.filter((c) => !metas.includes(c))], word];
  }
  const argument = /^\s*:([a-z]+)\s+(.*)$/s.exec(line);
  if (argument !== null) {
    const [, name, rest] = argument as unknown as [string, string, string];
    switch (name) {
      case 'lang':
        return [matching(ctx.languages, rest), rest];
      case 'schema':
        return [matching(ctx.tables.map((t) => t.name), rest), rest];
      case 'timing':
        return [matching(['on', 'off'], rest), rest];
      case 'explain':
        return completeCode(rest, ctx);
      default:
        break;
    }
  }
  return completeCode(line, ctx);
}
