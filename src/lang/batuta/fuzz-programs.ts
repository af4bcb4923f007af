/**
 * Program generators for fuzzing Batuta (the fast-check property test and
 * bench/batuta-fuzz.ts): random token soups drawn from Batuta's syntax and
 * vocabulary, and mutations (cut, duplicate, swap, insert a token) of real
 * programs. `checkProgram` runs one input through reader, expander and
 * planner and says how it ended: a plan, a PyralogError, or a crash.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { optimize } from '../../planner/optimizer.js';
import type { CatalogView } from '../registry.js';
import { compileBatuta } from './index.js';

export const FUZZ_TOKENS: readonly string[] = [
  '(', ')', '[', ']', '{', '}', '#{', '#(', '#_', "'", '`', '~', '~@', '%', '%1', '&',
  'from', ':tracks', ':albums', ':t', ':as', 'where', 'select', 'derive', 'group-by', 'aggregate', 'order-by', 'limit', 'offset',
  'join', 'left-join', 'anti-join', 'semi-join', ':on', 'distinct', 'union', 'except', 'window', ':partition', ':order', ':rows', 'as',
  'rows', 'value', 'first-row', '|>', '->', '->>', 'defn', 'defmacro', 'def', 'fn', 'let', 'loop', 'recur', 'if', 'cond', ':else', 'case',
  'do', 'try', 'catch', 'throw', 'and', 'or', 'not', 'count', 'sum', 'avg', 'min', 'max', 'count-distinct', 'row-number', 'lag',
  '=', '<', '>', '+', '-', '*', '/', 'quot', 'mod', 'in', 'between', 'like', 'str', 'upper', 'substr', 'coalesce', 'nil?',
  ':track_id', ':name', ':album_id', ':milliseconds', ':t/name', ':desc', ':asc', 'x', 'y', 'f', 'x#', '$p', '$1',
  '0', '1', '-1', '42', '9223372036854775807', '9223372036854775808', '1.5', '1e309', 'nil', 'true', 'false', '"a"', '"A%"', '"\\q"', '"',
  '@2024-01-31', '@2024-02-30', ';c\n', '\n', ' ', ',', 'macroexpand', 'insert!', 'create-table!', 'map', 'filter', 'reduce', 'range',
];

export const FUZZ_SEEDS: readonly string[] = [
  '(|> (from :tracks) (where (> :milliseconds 300000)) (select [:track_id :name]))',
  '(defn long-tracks [ms] (|> (from :tracks) (where (> :milliseconds ms)))) (long-tracks 1000)',
  '(|> (from :tracks) (group-by [:album_id] {:n (count) :s (sum :milliseconds)}) (order-by [:n :desc]) (limit 3))',
  '(|> (from :tracks :as :t) (join (from :albums :as :a) :on (= :t/album_id :a/album_id)) (select [:t/name :a/title]))',
  '(|> (from :tracks) (window {:partition [:album_id] :order [[:milliseconds :desc]]} {:r (rank)}))',
  '(defmacro over [rel ms] `(where ~rel (> :milliseconds ~ms))) (|> (from :tracks) (over 5) (derive {:s (quot :milliseconds 1000)}))',
  '(union (|> (from :tracks) (select [:album_id])) (|> (from :albums) (select [:album_id])))',
  '(let [xs (map #(* % 2) (range 5))] (|> (from :tracks) (where (in :track_id [1 2 3]))))',
  '(|> (from :tracks) (where (and (like :name "A%") (between :milliseconds 1 $p))) (distinct))',
];

/** A tiny deterministic PRNG (mulberry32), so a run is reproducible from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** A random sequence of Batuta tokens (with a bias towards balanced brackets). */
export function randomProgram(r: () => number, maxTokens = 40): string {
  const n = 1 + Math.floor(r() * maxTokens);
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const t = pick(r, FUZZ_TOKENS);
    if (t === '(' || t === '[') depth++;
    out.push(t);
  }
  while (depth-- > 0 && r() < 0.8) out.push(')');
  return out.join(' ');
}

/** `seed` with 1–3 edits: delete a span, duplicate one, insert a token, or swap two characters. */
export function mutateProgram(r: () => number, seed: string): string {
  let s = seed;
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(r() * (s.length + 1));
    const j = Math.min(s.length, i + 1 + Math.floor(r() * 8));
    switch (Math.floor(r() * 4)) {
      case 0:
        s = s.slice(0, i) + s.slice(j);
        break;
      case 1:
        s = s.slice(0, j) + s.slice(i, j) + s.slice(j);
        break;
      case 2:
        s = `${s.slice(0, i)} ${pick(r, FUZZ_TOKENS)} ${s.slice(i)}`;
        break;
      default:
        s = s.slice(0, i) + s.slice(j, j + 1) + s.slice(i + 1, j) + s.slice(i, i + 1) + s.slice(j + 1);
    }
  }
  return s;
}

export type FuzzOutcome = { readonly kind: 'plan' } | { readonly kind: 'error'; readonly code: string } | { readonly kind: 'crash'; readonly error: unknown };

/** Reads, expands and plans `text` (compile mode, a small step budget); a crash is anything but a PyralogError. */
export function checkProgram(text: string, catalog: CatalogView, maxSteps = 20_000): FuzzOutcome {
  try {
    optimize(compileBatuta(text, catalog, { maxSteps, params: { p: 10n, '1': 'x' } }), { trace: false });
    return { kind: 'plan' };
  } catch (e) {
    if (e instanceof PyralogError) return e.code === 'INTERNAL' ? { kind: 'crash', error: e } : { kind: 'error', code: e.code };
    return { kind: 'crash', error: e };
  }
}
