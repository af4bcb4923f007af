/**
 * Verifies the scripts of every input of a transaction against the outputs
 * it spends, stopping at the first failure. Segwit witnesses are not
 * verified (this chain's scripts are legacy and P2SH).
 */

import type { SignatureCache } from '../crypto/signature-cache.js';
import type { Transaction, TxOut } from '../tx/transaction.js';
import type { ScriptFlags } from './flags.js';
import type { ScriptError } from './script-error.js';
import { TransactionSignatureChecker } from './transaction-signature-checker.js';
import { verifyScript } from './verify-script.js';

export interface VerifyTransactionOptions {
  readonly sigCache?: SignatureCache;
  /** Gas budget per input. */
  readonly gasLimit?: number;
}

export type TransactionScriptResult = { readonly ok: true } | { readonly ok: false; readonly inputIndex: number; readonly error: ScriptError };

/** `spent[i]` is the output spent by `tx.inputs[i]`. */
export function verifyTransactionScripts(
  tx: Transaction,
  spent: readonly TxOut[],
  flags: ScriptFlags,
  options: VerifyTransactionOptions = {},
): TransactionScriptResult {
  for (let i = 0; i < tx.inputs.length; i++) {
    const prev = spent[i];
    if (prev === undefined) throw new RangeError(`no spent output given for input ${i}`);
    const checker = new TransactionSignatureChecker(tx, i, prev.value, options.sigCache);
    const r = verifyScript(tx.inputs[i]!.scriptSig, prev.scriptPubKey, checker, flags, options.gasLimit === undefined ? {} : { gasLimit: options.gasLimit });
    if (!r.ok) return { ok: false, inputIndex: i, error: r.error };
  }
  return { ok: true };
}
