/**
 * What the interpreter asks of the transaction being spent: checking an
 * ECDSA signature against a script code, and the lock-time checks of
 * CHECKLOCKTIMEVERIFY / CHECKSEQUENCEVERIFY. `NULL_CHECKER` answers no to all,
 * for evaluating scripts outside a transaction.
 */

export interface SignatureChecker {
  /** `sig` includes its trailing hash-type byte; `scriptCode` is after FindAndDelete. */
  checkSignature(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array): boolean;
  /** BIP65: may the spending transaction satisfy a lock time of `lockTime` (≥ 0)? */
  checkLockTime(lockTime: number): boolean;
  /** BIP112: does the input's sequence satisfy the relative lock `sequence` (≥ 0, disable bit clear)? */
  checkSequence(sequence: number): boolean;
}

export const NULL_CHECKER: SignatureChecker = {
  checkSignature: () => false,
  checkLockTime: () => false,
  checkSequence: () => false,
};
