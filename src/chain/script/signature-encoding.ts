/**
 * The flag-dependent encoding rules for signatures and public keys met by
 * CHECKSIG / CHECKMULTISIG (Bitcoin Core's CheckSignatureEncoding and
 * CheckPubKeyEncoding): strict DER (DERSIG/STRICTENC/LOW_S), low S, defined
 * hash type and public-key format (STRICTENC).
 */

import { checkLowDerSignature, isValidSignatureEncoding } from '../crypto/der-signature.js';
import { isCompressedOrUncompressedPubKey } from '../crypto/ecdsa.js';
import { SCRIPT_FLAGS, type ScriptFlags } from './flags.js';
import type { ScriptError } from './script-error.js';

/** Hash type is ALL, NONE or SINGLE, optionally with ANYONECANPAY. */
export function isDefinedHashtypeSignature(sig: Uint8Array): boolean {
  if (sig.length === 0) return false;
  const base = sig[sig.length - 1]! & ~0x80;
  return base >= 1 && base <= 3;
}

/** The error a signature's encoding earns under `flags`, or undefined. The empty signature always passes. */
export function signatureEncodingError(sig: Uint8Array, flags: ScriptFlags): ScriptError | undefined {
  if (sig.length === 0) return undefined;
  if ((flags & (SCRIPT_FLAGS.DERSIG | SCRIPT_FLAGS.LOW_S | SCRIPT_FLAGS.STRICTENC)) !== 0 && !isValidSignatureEncoding(sig)) {
    return 'SIG_DER';
  }
  if ((flags & SCRIPT_FLAGS.LOW_S) !== 0) {
    const e = checkLowDerSignature(sig);
    if (e !== undefined) return e;
  }
  if ((flags & SCRIPT_FLAGS.STRICTENC) !== 0 && !isDefinedHashtypeSignature(sig)) return 'SIG_HASHTYPE';
  return undefined;
}

/** PUBKEYTYPE under STRICTENC for a key that is neither compressed nor uncompressed. */
export function pubkeyEncodingError(pubkey: Uint8Array, flags: ScriptFlags): ScriptError | undefined {
  if ((flags & SCRIPT_FLAGS.STRICTENC) !== 0 && !isCompressedOrUncompressedPubKey(pubkey)) return 'PUBKEYTYPE';
  return undefined;
}
