/** Test helper: Bitcoin Core's script_tests.json (non-segwit cases) and the harness that runs one case. */

import { readFileSync } from 'node:fs';
import { assemble } from '../assemble.js';
import { parseScriptFlags } from '../flags.js';
import { verifyScript, type VerifyScriptOptions } from '../verify-script.js';
import { TransactionSignatureChecker } from '../transaction-signature-checker.js';
import { txid, type Transaction } from '../../tx/transaction.js';
import type { ScriptResult } from '../script-error.js';

export interface ScriptCase {
  readonly scriptSig: string;
  readonly scriptPubKey: string;
  readonly flags: string;
  readonly expected: string;
  readonly comment: string;
}

const raw = JSON.parse(readFileSync(new URL('../../../../test/data/bitcoin/script_tests.json', import.meta.url), 'utf8')) as unknown[][];

/** The non-segwit cases: no witness array, no WITNESS/TAPROOT flags. */
export const scriptCases: readonly ScriptCase[] = raw
  .filter((c) => c.length >= 4 && typeof c[0] === 'string' && !/WITNESS|TAPROOT/.test(String(c[2])))
  .map((c) => ({
    scriptSig: c[0] as string,
    scriptPubKey: c[1] as string,
    flags: c[2] as string,
    expected: c[3] as string,
    comment: (c[4] as string | undefined) ?? '',
  }));

/** Bitcoin Core's harness: a crediting coinbase-like transaction and a spend of its only output (amount 0). */
export function buildSpend(scriptSig: Uint8Array, scriptPubKey: Uint8Array): Transaction {
  const credit: Transaction = {
    version: 1,
    inputs: [{ prevout: { txid: new Uint8Array(32), index: 0xffffffff }, scriptSig: Uint8Array.of(0, 0), sequence: 0xffffffff }],
    outputs: [{ value: 0n, scriptPubKey }],
    locktime: 0,
  };
  return {
    version: 1,
    inputs: [{ prevout: { txid: txid(credit), index: 0 }, scriptSig, sequence: 0xffffffff }],
    outputs: [{ value: 0n, scriptPubKey: new Uint8Array(0) }],
    locktime: 0,
  };
}

export function runScriptCase(c: ScriptCase, options: VerifyScriptOptions = {}): ScriptResult {
  const scriptSig = assemble(c.scriptSig);
  const scriptPubKey = assemble(c.scriptPubKey);
  const checker = new TransactionSignatureChecker(buildSpend(scriptSig, scriptPubKey), 0, 0n);
  return verifyScript(scriptSig, scriptPubKey, checker, parseScriptFlags(c.flags), options);
}

export function resultName(r: ScriptResult): string {
  return r.ok ? 'OK' : r.error;
}
