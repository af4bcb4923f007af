/**
 * The standard input verifier used when connecting blocks: runs the other
 * layer's `verifyScript` (legacy + P2SH, with the chain's flags) through a
 * TransactionSignatureChecker that shares one signature cache, so signatures
 * checked before (e.g. when a transaction entered the mempool) are not
 * verified twice.
 */
import { SignatureCache } from '../crypto/signature-cache.js';
import { TransactionSignatureChecker } from '../script/transaction-signature-checker.js';
import { verifyScript } from '../script/verify-script.js';
import type { InputVerifier } from './connect-block.js';

/** A process-wide signature cache shared by default verifiers. */
export const SHARED_SIGNATURE_CACHE = new SignatureCache(200_000);

export function defaultInputVerifier(cache: SignatureCache = SHARED_SIGNATURE_CACHE): InputVerifier {
  return (tx, index, coin, flags) => {
    const input = tx.inputs[index];
    if (input === undefined) return `no input ${index}`;
    const checker = new TransactionSignatureChecker(tx, index, coin.value, cache);
    const r = verifyScript(input.scriptSig, coin.scriptPubKey, checker, flags);
    return r.ok ? null : r.error;
  };
}
