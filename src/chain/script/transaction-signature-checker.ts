/**
 * The signature checker for one input of a transaction (Bitcoin Core's
 * TransactionSignatureChecker, legacy signature version): hashes the
 * transaction with the legacy sighash, verifies ECDSA with lax DER parsing,
 * consults and fills an optional signature cache, and answers the BIP65 and
 * BIP112 lock-time questions.
 */

import { normalizePublicKey, verifyDer } from '../crypto/ecdsa.js';
import { SignatureCache } from '../crypto/signature-cache.js';
import { legacySighash } from '../tx/sighash.js';
import { SEQUENCE_FINAL, type Transaction } from '../tx/transaction.js';
import { SEQUENCE_LOCKTIME_DISABLE_FLAG } from './interpreter.js';
import type { SignatureChecker } from './signature-checker.js';

/** nLockTime below this is a block height, at or above a UNIX time. */
export const LOCKTIME_THRESHOLD = 500_000_000;
/** Sequence bit 22: relative lock in units of 512 seconds rather than blocks. */
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 1 << 22;
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;

export class TransactionSignatureChecker implements SignatureChecker {
  readonly tx: Transaction;
  readonly inputIndex: number;
  /** The spent output's value; not part of the legacy sighash, kept for the caller's bookkeeping. */
  readonly amount: bigint;
  private readonly sigCache: SignatureCache | undefined;

  constructor(tx: Transaction, inputIndex: number, amount: bigint, sigCache?: SignatureCache) {
    this.tx = tx;
    this.inputIndex = inputIndex;
    this.amount = amount;
    this.sigCache = sigCache;
  }

  checkSignature(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array): boolean {
    // Bitcoin Core rejects an unparsable key or an empty signature before hashing anything.
    if (sig.length === 0 || normalizePublicKey(pubkey) === undefined) return false;
    const hashType = sig[sig.length - 1]!;
    const der = sig.subarray(0, sig.length - 1);
    const sighash = legacySighash(this.tx, this.inputIndex, scriptCode, hashType);
    if (this.sigCache === undefined) return verifyDer(sighash, pubkey, der);
    const key = SignatureCache.key(sighash, pubkey, der);
    if (this.sigCache.has(key)) return true;
    const ok = verifyDer(sighash, pubkey, der);
    if (ok) this.sigCache.add(key);
    return ok;
  }

  checkLockTime(lockTime: number): boolean {
    const txLockTime = this.tx.locktime;
    // Both heights or both times.
    if (!((txLockTime < LOCKTIME_THRESHOLD && lockTime < LOCKTIME_THRESHOLD) || (txLockTime >= LOCKTIME_THRESHOLD && lockTime >= LOCKTIME_THRESHOLD))) {
      return false;
    }
    if (lockTime > txLockTime) return false;
    // A final input would let the transaction bypass nLockTime altogether.
    return this.tx.inputs[this.inputIndex]!.sequence !== SEQUENCE_FINAL;
  }

  checkSequence(sequence: number): boolean {
    const txSequence = this.tx.inputs[this.inputIndex]!.sequence;
    // Relative lock times apply from version 2 on (version read as unsigned).
    if (this.tx.version >>> 0 < 2) return false;
    if ((txSequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) !== 0) return false;
    const mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
    const txMasked = txSequence & mask;
    const masked = sequence % 0x100000000 & mask;
    if (!((txMasked < SEQUENCE_LOCKTIME_TYPE_FLAG && masked < SEQUENCE_LOCKTIME_TYPE_FLAG) || (txMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG && masked >= SEQUENCE_LOCKTIME_TYPE_FLAG))) {
      return false;
    }
    return masked <= txMasked;
  }
}
