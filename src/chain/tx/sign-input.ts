/**
 * Signing inputs of a transaction with the legacy sighash: the signature a
 * key makes over an input (DER plus hash-type byte), deterministic (RFC 6979)
 * and low-S, ready to be pushed in a scriptSig.
 */

import { signDer } from '../crypto/ecdsa.js';
import { SIGHASH_ALL, legacySighash } from './sighash.js';
import type { Transaction } from './transaction.js';

/**
 * The signature of input `inputIndex` over `scriptCode` (the spent
 * scriptPubKey, or the redeem script for P2SH), with the hash-type byte appended.
 */
export function signInput(tx: Transaction, inputIndex: number, scriptCode: Uint8Array, privateKey: Uint8Array, hashType: number = SIGHASH_ALL): Uint8Array {
  const der = signDer(legacySighash(tx, inputIndex, scriptCode, hashType), privateKey);
  const out = new Uint8Array(der.length + 1);
  out.set(der, 0);
  out[der.length] = hashType & 0xff;
  return out;
}
