import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatutaSession } from '../../../engine/batuta-session.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { openFixture, type Fixture } from './session-fixture.js';

// An error raised inside a function defined by an earlier evaluate (a REPL
// entry, a required file) must render its caret under the text that function
// was read from, not under the current entry's text at the same line/column.
let fx: Fixture;
let root: string;
beforeAll(() => {
  fx = openFixture();
  root = mkdtempSync(join(tmpdir(), 'batuta-src-'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'bad.bt'), ';; helpers\n(defn halve [x]\n  (/ x :two))\n');
});
afterAll(() => {
  fx.cleanup();
  rmSync(root, { recursive: true, force: true });
});

async function failure(run: () => Promise<unknown>): Promise<PyralogError> {
  const e = await run().then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(PyralogError);
  return e as PyralogError;
}

describe('errors in code read by an earlier entry', () => {
  it('a runtime error in an earlier defn renders under the defn text', async () => {
    const s = openBatutaSession(fx.db);
    await s.evaluate('(defn g [x]\n  (if (> x 0)\n    (g (dec x))\n    (/ 1 :a)))');
    const e = await failure(() => s.evaluate('(g 3)'));
    expect(e.code).toBe('BATUTA_EVAL_ERROR');
    expect(e.spans[0]).toMatchObject({ line: 4, column: 5 });
    expect(e.render()).toContain('4 |     (/ 1 :a)))\n  |     ^^^^^^^^');
    s.close();
  });

  it('a stack overflow in an earlier defn points into the defn', async () => {
    const s = openBatutaSession(fx.db);
    await s.evaluate('(defn down [n] (down (+ n 1)))');
    const e = await failure(() => s.evaluate('(down 0)'));
    expect(e.code).toBe('BATUTA_BUDGET_EXCEEDED');
    expect(e.render()).toContain('1 | (defn down [n] (down (+ n 1)))\n  |                ^^^^^^^^^^^^^^');
    s.close();
  });

  it('an error in the current entry still renders under the current entry', async () => {
    const s = openBatutaSession(fx.db);
    await s.evaluate('(def x 1)');
    const e = await failure(() => s.evaluate('\n(+ x :b)'));
    expect(e.render()).toContain('2 | (+ x :b)\n  | ^^^^^^^^');
    s.close();
  });

  it('a compile error of a relation built by an earlier defn renders under the defn', async () => {
    const s = openBatutaSession(fx.db);
    await s.evaluate('(defn q []\n  (where (from :tracks) (> :milisecond 1)))');
    const e = await failure(() => s.evaluate('(q)'));
    expect(e.code).toBe('BATUTA_UNKNOWN_COLUMN');
    expect(e.render()).toContain('2 |   (where (from :tracks) (> :milisecond 1)))\n  |                            ^^^^^^^^^^^');
    s.close();
  });

  it('an error in a function of a required file renders under the file text, with its path', async () => {
    const s = openBatutaSession(fx.db, { root });
    await s.evaluate("(require '[lib.bad :as b])");
    const e = await failure(() => s.evaluate('(b/halve 4)'));
    expect(e.spans[0]?.source).toBe(join(root, 'lib', 'bad.bt'));
    expect(e.render()).toContain('3 |   (/ x :two))\n  |   ^^^^^^^^^^');
    s.close();
  });
});
