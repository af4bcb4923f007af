/**
 * A hint for an entry written in the other language than the REPL's current
 * one: README-style PRQL (`from albums | take 2`) typed while the REPL is in
 * Batuta, or a Batuta form typed in PRQL. Only the failed entry's error gets
 * the hint; nothing is guessed or run in the other language.
 */
import { PyralogError } from '../errors/pyralog-error.js';

/** `from NAME …` or `let NAME = …` at the start: never valid Batuta (both are special forms, not values). */
const PRQL_START = /^\s*(?:from\s+`?([A-Za-z_][A-Za-z0-9_.]*)|let\s+[A-Za-z_][A-Za-z0-9_]*\s*=)/;
/** `( … )` at the start, with a word after the bracket: a Batuta form. */
const BATUTA_START = /^\s*\(\s*[A-Za-z|>\-_][^\s()]*[\s)]/;

/** The hint for `text` that failed in `lang`, or undefined when it does not look like another language. */
export function otherLanguageHint(text: string, lang: string, available: readonly string[]): string | undefined {
  if (lang === 'batuta' && available.includes('prql')) {
    const m = PRQL_START.exec(text);
    if (m === null) return undefined;
    const take = /\|\s*take\s+(\d+)/.exec(text)?.[1] ?? '10';
    const table = m[1] ?? 'albums';
    return `this looks like PRQL: switch with \`:lang prql\`, or write Batuta: (|> (from :${table}) (limit ${take}))`;
  }
  if (lang === 'prql' && available.includes('batuta') && BATUTA_START.test(text)) {
    return 'this looks like Batuta: switch with `:lang batuta`';
  }
  return undefined;
}

/** `e` with the hint for `text` added, when it is a PyralogError and the text looks like another language. */
export function withLanguageHint(e: unknown, text: string, lang: string, available: readonly string[]): unknown {
  if (!(e instanceof PyralogError)) return e;
  const hint = otherLanguageHint(text, lang, available);
  if (hint === undefined) return e;
  return new PyralogError(e.code, e.message, {
    phase: e.phase,
    spans: e.spans,
    hints: [...e.hints, hint],
    cause: e.cause,
    ...(e.sourceText === undefined ? {} : { sourceText: e.sourceText }),
    ...(e.details === undefined ? {} : { details: e.details }),
  });
}
