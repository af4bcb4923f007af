/**
 * The texts a session's forms were read from. A function defined by an
 * earlier entry (or a required file) keeps the forms — and so the spans — of
 * that text; when it fails later, the error must render its caret under that
 * text, not under the entry being evaluated. Texts are remembered per
 * session (keyed by the session's core environment, which lives as long as
 * the session), newest first, up to a total size; a span found in none of
 * them is left for the caller to attach the current text.
 */
import { BList, BMap, BSet, BVector, spanOf } from '../../grammars/batuta/forms.js';
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import type { Env } from './env.js';
import type { Value } from './values.js';

interface SourceText {
  readonly text: string;
  readonly forms: readonly Value[];
  /** Where the text came from (a required file's path); none for an entry. */
  readonly label: string | undefined;
}

/** Characters of text remembered per session; the oldest texts go first past it. */
const MAX_REMEMBERED_CHARS = 16 * 1024 * 1024;

const bySession = new WeakMap<Env, SourceText[]>();

/** Remembers that `forms` were read from `text` (from the file `label`, if any) in the session whose core environment is `core`. */
export function rememberSource(core: Env, text: string, forms: readonly Value[], label?: string): void {
  let list = bySession.get(core);
  if (list === undefined) bySession.set(core, (list = []));
  list.push({ text, forms, label });
  let total = 0;
  for (const s of list) total += s.text.length;
  while (list.length > 1 && total > MAX_REMEMBERED_CHARS) total -= (list.shift() as SourceText).text.length;
}

/** Whether `span` (by identity) belongs to one of `forms` or their parts. */
function holds(forms: readonly Value[], span: SourceSpan): boolean {
  for (const f of forms) {
    if (spanOf(f) === span) return true;
    if (f instanceof BList || f instanceof BVector || f instanceof BSet) {
      if (holds(f.items, span)) return true;
    } else if (f instanceof BMap) {
      for (const [k, v] of f.entries) if (holds([k, v], span)) return true;
    }
  }
  return false;
}

/** The remembered text whose forms carry `span`, newest first. */
function textOf(core: Env, span: SourceSpan): SourceText | undefined {
  const list = bySession.get(core) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i] as SourceText;
    if (holds(s.forms, span)) return s;
  }
  return undefined;
}

/** `e` with the text its first span was read from attached (and that span labelled with the file), when that text is known and `e` has none. */
export function attachKnownSource(e: unknown, core: Env): unknown {
  if (!(e instanceof PyralogError) || e.sourceText !== undefined || e.spans.length === 0) return e;
  const first = e.spans[0] as SourceSpan;
  const found = textOf(core, first);
  if (found === undefined) return e;
  if (found.label === undefined || first.source !== undefined) return e.withSource(found.text);
  const spans = [{ ...first, source: found.label }, ...e.spans.slice(1)];
  return new PyralogError(e.code, e.message, { phase: e.phase, spans, hints: e.hints, cause: e.cause, sourceText: found.text, ...(e.details !== undefined ? { details: e.details } : {}) });
}
