/**
 * The Batuta error corpus: every `errors/NN-name.bt` file, picked up
 * automatically. A file's `;;` header says what must fail and where:
 *
 *   ;; about: what goes wrong
 *   ;; context: session | query   (default session: a Batuta session; query: db.querySync('batuta', …))
 *   ;; max-steps: N               the session's step budget (keeps budget cases fast)
 *   ;; error: CODE at L:C                 the first span
 *   ;; error: CODE at L:C and L2:C2       both spans, in this order (errors the reader recovers from)
 *   ;; error: CODE at L:C or L2:C2        either position (where the issue leaves the choice open,
 *                                         as the form a budget runs out in)
 *
 * Lines count from the top of the file, header included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../prql/repo-path.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ErrorCase {
  readonly name: string;
  readonly text: string;
  readonly context: 'session' | 'query';
  readonly code: string;
  /** Every listed position must be a span, in order ('and'), or the first span is one of them ('or'). */
  readonly positions: readonly Position[];
  readonly mode: 'all' | 'any';
  readonly maxSteps: number | undefined;
}

export const ERROR_DIR = repoPath('test/batuta/errors');

function position(text: string, file: string): Position {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (m === null) throw new Error(`${file}: bad position ${text}`);
  return { line: Number(m[1]), column: Number(m[2]) };
}

export function loadErrorCorpus(dir = ERROR_DIR): ErrorCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bt'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const err = /^;; error: ([A-Z_]+) at (.+)$/m.exec(text);
      if (err === null) throw new Error(`${file}: no ;; error: header`);
      const where = err[2] ?? '';
      const mode = where.includes(' or ') ? 'any' : 'all';
      const positions = where.split(/ or | and /).map((p) => position(p, file));
      const context = /^;; context: query$/m.test(text) ? 'query' : 'session';
      const steps = /^;; max-steps: (\d+)$/m.exec(text)?.[1];
      const maxSteps = steps === undefined ? undefined : Number(steps);
      return { name: file.replace(/\.bt$/, ''), text, context, code: err[1] ?? '', positions, mode, maxSteps };
    });
}
