/**
 * The examples of docs/batuta.md: every ```clojure block, whose last line is
 * either `;; => EDN` (the value the program prints; a relation is written as
 * the vector of its rows' maps) or `;; !! CODE` (the PyralogError it raises).
 */
import { readFileSync } from 'node:fs';
import { repoPath } from '../prql/repo-path.js';

export interface DocExample {
  /** 1-based line of the block's first program line in docs/batuta.md. */
  readonly line: number;
  readonly program: string;
  readonly expected: { readonly kind: 'value'; readonly edn: string } | { readonly kind: 'error'; readonly code: string };
}

export const DOC_PATH = repoPath('docs/batuta.md');

export function loadDocExamples(path = DOC_PATH): DocExample[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```clojure') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== '```') end++;
    const body = lines.slice(start, end);
    i = end;
    const last = body.at(-1)?.trim() ?? '';
    const program = body.slice(0, -1).join('\n');
    const value = /^;; => (.+)$/.exec(last);
    const error = /^;; !! ([A-Z_]+)$/.exec(last);
    if (value !== null) out.push({ line: start + 1, program, expected: { kind: 'value', edn: value[1] ?? '' } });
    else if (error !== null) out.push({ line: start + 1, program, expected: { kind: 'error', code: error[1] ?? '' } });
    else throw new Error(`docs/batuta.md:${start}: a clojure block must end with ';; => …' or ';; !! CODE'`);
  }
  return out;
}
