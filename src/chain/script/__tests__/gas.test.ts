import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resultName, runScriptCase, scriptCases } from './script-corpus.js';
import { DEFAULT_GAS_LIMIT, GAS } from '../gas.js';
import { verifyScript } from '../verify-script.js';
import { NULL_CHECKER } from '../signature-checker.js';
import { LEGACY_FLAGS } from '../flags.js';
import { OP } from '../opcodes.js';

describe('gas meter', () => {
  it('never changes the result of the script_tests corpus under a generous budget', () => {
    const differ: string[] = [];
    let maxUsed = 0;
    for (const c of scriptCases) {
      const plain = resultName(runScriptCase(c));
      let used = 0;
      const metered = resultName(runScriptCase(c, { gasLimit: 10_000_000, onGasUsed: (u) => (used = u) }));
      maxUsed = Math.max(maxUsed, used);
      if (plain !== metered) differ.push(`${c.scriptSig} | ${c.scriptPubKey}`);
    }
    expect(differ).toEqual([]);
    expect(maxUsed).toBeGreaterThan(GAS.SIGNATURE_CHECK);
  });

  it('with a budget just below what a script uses, fails it with GAS_EXHAUSTED; at exactly that budget, gives the same result', () => {
    let checked = 0;
    for (const c of scriptCases.filter((_, i) => i % 7 === 0)) {
      const plain = resultName(runScriptCase(c));
      let used = 0;
      runScriptCase(c, { gasLimit: 10_000_000, onGasUsed: (u) => (used = u) });
      if (used === 0) continue;
      expect(resultName(runScriptCase(c, { gasLimit: used }))).toBe(plain);
      expect(resultName(runScriptCase(c, { gasLimit: used - 1 }))).toBe('GAS_EXHAUSTED');
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('charges signature checks the most: 20 CHECKSIGs exceed a 20,000 budget, 20 hashes do not', () => {
    const sigs = Uint8Array.from([OP.OP_1, ...Array.from({ length: 20 }, () => [OP.OP_0, OP.OP_0, OP.OP_CHECKSIG, OP.OP_DROP]).flat()]);
    const hashes = Uint8Array.from([OP.OP_1, ...Array.from({ length: 20 }, () => [OP.OP_0, OP.OP_SHA256, OP.OP_DROP]).flat()]);
    expect(resultName(verifyScript(new Uint8Array(0), sigs, NULL_CHECKER, 0))).toBe('OK');
    expect(resultName(verifyScript(new Uint8Array(0), sigs, NULL_CHECKER, 0, { gasLimit: 20_000 }))).toBe('GAS_EXHAUSTED');
    expect(resultName(verifyScript(new Uint8Array(0), hashes, NULL_CHECKER, 0, { gasLimit: 20_000 }))).toBe('OK');
  });

  it('random scripts: a metered run gives the unmetered result or GAS_EXHAUSTED, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ maxLength: 60 }), fc.integer({ min: 0, max: 400 }), (sig, pub, budget) => {
        const plain = resultName(verifyScript(sig, pub, NULL_CHECKER, LEGACY_FLAGS));
        const generous = resultName(verifyScript(sig, pub, NULL_CHECKER, LEGACY_FLAGS, { gasLimit: DEFAULT_GAS_LIMIT }));
        const tight = resultName(verifyScript(sig, pub, NULL_CHECKER, LEGACY_FLAGS, { gasLimit: budget }));
        expect(generous).toBe(plain);
        expect(tight === plain || tight === 'GAS_EXHAUSTED').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
