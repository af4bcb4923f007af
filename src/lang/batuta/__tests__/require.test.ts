import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatutaSession } from '../../../engine/batuta-session.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { openFixture, type Fixture } from './session-fixture.js';

let fx: Fixture;
let root: string;
beforeAll(() => {
  fx = openFixture();
  root = mkdtempSync(join(tmpdir(), 'batuta-root-'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'util.bt'), '(defn double [x] (* 2 x))\n(defn long-tracks [ms] (|> (from :tracks) (where (> :milliseconds ms))))\n');
});
afterAll(() => {
  fx.cleanup();
  rmSync(root, { recursive: true, force: true });
});

const edn = async (s: ReturnType<typeof openBatutaSession>, text: string): Promise<string> => {
  const o = await s.evaluate(text);
  return o.kind === 'value' ? o.edn : `relation of ${o.result.numRows} rows`;
};

describe('require and ns', () => {
  it('loads a file under the root with an alias and :refer', async () => {
    const s = openBatutaSession(fx.db, { root });
    expect(await edn(s, "(require '[lib.util :as u]) (u/double 21)")).toBe('42');
    expect(await edn(s, '(u/long-tracks 300000)')).toBe('relation of 2 rows');
    expect(await edn(s, '(ns app (:require [lib.util :refer [double]])) (double 4)')).toBe('8');
  });

  it('refuses files outside the root, missing files, and sessions without a root', async () => {
    const s = openBatutaSession(fx.db, { root });
    const code = async (session: ReturnType<typeof openBatutaSession>, text: string): Promise<string> => {
      try {
        await session.evaluate(text);
        return 'ok';
      } catch (e) {
        return e instanceof PyralogError ? `${e.code}: ${e.message.replace(root, '<root>')}` : String(e);
      }
    };
    expect(await code(s, "(require '../etc/passwd)")).toMatch(/^BATUTA_REQUIRE_ERROR: cannot require \.\.\/etc\/passwd: it is outside the root/);
    expect(await code(s, "(require 'lib.nothing)")).toMatch(/^BATUTA_REQUIRE_ERROR: cannot require lib\.nothing: .*lib\/nothing\.bt cannot be read$/);
    expect(await code(openBatutaSession(fx.db), "(require 'lib.util)")).toBe('BATUTA_REQUIRE_ERROR: cannot require lib.util: no root directory is configured for this session');
  });
});
