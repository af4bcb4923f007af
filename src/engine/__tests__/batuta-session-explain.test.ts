/**
 * A Batuta session's explain, synchronous and yielding: a program whose
 * last form is not a relation is BATUTA_COMPILE_ERROR with a span on that
 * form (so the REPL's `:explain` and the server's `explain` draw a caret),
 * and a program ending in a relation explains the same plan both ways.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '../../index.js';
import { openBatutaSession } from '../batuta-session.js';
import { PyralogError } from '../../errors/pyralog-error.js';

const db = open(':memory:');
db.createTable('albums', [{ name: 'id', type: 'int64' }, { name: 'title', type: 'utf8' }], ['id']);
const session = openBatutaSession(db, {});
afterAll(() => db.close());

function spanOf(e: unknown): { line: number; column: number } {
  expect(e).toBeInstanceOf(PyralogError);
  const err = e as PyralogError;
  expect(err.code).toBe('BATUTA_COMPILE_ERROR');
  const span = err.spans[0];
  if (span === undefined) throw new Error('no span');
  return { line: span.line, column: span.column };
}

describe('BatutaSession explain', () => {
  it('a last form that is not a relation is an error at that form', async () => {
    let sync: unknown;
    try {
      session.explain('(def x 1)\n(+ 1 2)');
    } catch (e) {
      sync = e;
    }
    expect(spanOf(sync)).toEqual({ line: 2, column: 1 });
    const async = await session.explainAsync('(def x 1)\n  (+ 1 2)').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(spanOf(async)).toEqual({ line: 2, column: 3 });
  });

  it('both ways print the same plan for a relation', async () => {
    const text = '(|> (from :albums) (where (= :id 2)))';
    const plan = session.explain(text);
    expect(plan).toContain('albums');
    expect(await session.explainAsync(text)).toBe(plan);
  });
});
