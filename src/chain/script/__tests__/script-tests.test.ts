import { describe, expect, it } from 'vitest';
import { resultName, runScriptCase, scriptCases } from './script-corpus.js';

describe('Bitcoin Core script_tests.json (legacy and P2SH cases)', () => {
  it('passes every non-segwit case with the expected error', () => {
    const failures: string[] = [];
    for (const c of scriptCases) {
      const got = resultName(runScriptCase(c));
      if (got !== c.expected) failures.push(`${got} != ${c.expected} :: [${c.scriptSig}] [${c.scriptPubKey}] ${c.flags} ${c.comment}`);
    }
    expect(scriptCases.length).toBe(1086);
    expect(failures).toEqual([]);
  });

  it('covers both outcomes and many error kinds', () => {
    const expected = new Set(scriptCases.map((c) => c.expected));
    expect(scriptCases.filter((c) => c.expected === 'OK').length).toBe(620);
    expect(expected.size).toBeGreaterThan(25);
  });
});
