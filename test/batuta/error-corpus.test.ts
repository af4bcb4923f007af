import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { PyralogError } from '../../src/index.js';
import { openChinookPyralog } from '../prql/pyralog-runner.js';
import { evaluate } from './batuta-api.js';
import { loadErrorCorpus, type ErrorCase, type Position } from './error-corpus.js';

// Every test/batuta/errors/*.bt program fails with its PyralogError code at
// its line:column, and the rendered message draws the caret under that spot.
const cases = loadErrorCorpus();
let db: Database;
beforeAll(async () => {
  db = await openChinookPyralog();
});
afterAll(() => db.close());

async function failure(c: ErrorCase): Promise<unknown> {
  try {
    if (c.context === 'query') db.querySync('batuta', c.text);
    else await evaluate(db, c.text, undefined, c.maxSteps === undefined ? {} : { maxSteps: c.maxSteps });
  } catch (e) {
    return e;
  }
  return undefined;
}

/** The excerpt a caret rendering must contain for `p`: the line with its number, and a caret under column p.column. */
function caretLines(text: string, p: Position): [string, RegExp] {
  const lineText = text.split('\n')[p.line - 1] ?? '';
  return [`${p.line} | ${lineText}`, new RegExp(`\\n\\s* \\| ${' '.repeat(p.column - 1)}\\^`)];
}

describe('Batuta error corpus: codes, positions and carets', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const err = await failure(c);
      expect(err, 'the program fails').toBeInstanceOf(PyralogError);
      if (!(err instanceof PyralogError)) return;
      expect(err.code).toBe(c.code);
      expect(err.sourceText, 'the error carries the program text').toBe(c.text);
      const spans = err.spans.map((s) => ({ line: s.line, column: s.column }));
      const first = spans[0];
      if (c.mode === 'all') expect(spans.slice(0, c.positions.length)).toEqual(c.positions);
      else expect(c.positions).toContainEqual(first);
      const rendered = err.render();
      expect(rendered.startsWith(`error[${c.code}]: `)).toBe(true);
      const shown = c.mode === 'all' ? c.positions : first === undefined ? [] : [first];
      for (const p of shown) {
        expect(rendered).toContain(`:${p.line}:${p.column}\n`);
        const [excerpt, caret] = caretLines(c.text, p);
        expect(rendered).toContain(excerpt);
        expect(rendered).toMatch(caret);
      }
    });
  }
});
