import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/index.js';
import { PyralogError } from '../../src/index.js';
import { openChinookPyralog } from '../prql/pyralog-runner.js';
import { evaluate } from './batuta-api.js';
import { loadDocExamples } from './docs-examples.js';

// Runs every example of docs/batuta.md on Chinook, each in a fresh session.
// A value must print exactly as the doc shows (EDN); a relation must have the
// rows the doc shows as a vector of maps (compared as JSON, column order
// included); an error must carry the code shown.
const examples = loadDocExamples();
let db: Database;
beforeAll(async () => {
  db = await openChinookPyralog();
});
afterAll(() => db.close());

/** A JSON value with the order of map keys made visible (so column order is compared too). */
function ordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ordered);
  if (typeof v === 'object' && v !== null) return Object.entries(v).map(([k, x]) => [k, ordered(x)]);
  return v;
}

describe('docs/batuta.md examples', () => {
  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(50);
  });
  for (const ex of examples) {
    const title = `line ${ex.line}: ${ex.program.split('\n')[0] ?? ''}`;
    it(title, async () => {
      if (ex.expected.kind === 'error') {
        const err = await evaluate(db, ex.program).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(PyralogError);
        expect((err as PyralogError).code).toBe(ex.expected.code);
        return;
      }
      const out = await evaluate(db, ex.program);
      if (out.kind === 'value') {
        expect(out.edn).toBe(ex.expected.edn);
        return;
      }
      const expected = await evaluate(db, `(quote ${ex.expected.edn})`);
      expect(expected.kind).toBe('value');
      const json = out.result.toJSON();
      const rows = json.rows.map((r) => Object.fromEntries(json.columns.map((c, i) => [c.name, r[i]])));
      expect(ordered(rows)).toEqual(ordered(expected.kind === 'value' ? expected.json : null));
    });
  }
});
