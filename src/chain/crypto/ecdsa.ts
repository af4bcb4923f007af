/**
 * secp256k1 ECDSA for the chain, through tiny-secp256k1 (libsecp256k1 in
 * WebAssembly): verification with Bitcoin Core's semantics (lax DER parsing,
 * S normalised before verifying, hybrid public keys accepted), public-key
 * encoding checks, and deterministic (RFC 6979) low-S signing to DER.
 */

import * as secp from 'tiny-secp256k1';
import { encodeDer, parseDerLax } from './der-signature.js';

/**
 * The public key as libsecp256k1 would parse it, or undefined: 33 bytes with
 * header 02/03, or 65 bytes with header 04, or hybrid 06/07 whose header
 * matches the parity of y (returned re-headed as 04).
 */
export function normalizePublicKey(pubkey: Uint8Array): Uint8Array | undefined {
  const header = pubkey[0];
  if (header === 0x02 || header === 0x03) return pubkey.length === 33 ? pubkey : undefined;
  if (header === 0x04) return pubkey.length === 65 ? pubkey : undefined;
  if (header === 0x06 || header === 0x07) {
    if (pubkey.length !== 65) return undefined;
    if ((pubkey[64]! & 1) !== (header & 1)) return undefined;
    const out = pubkey.slice();
    out[0] = 0x04;
    return out;
  }
  return undefined;
}

/** STRICTENC public keys: compressed (02/03, 33 bytes) or uncompressed (04, 65 bytes). */
export function isCompressedOrUncompressedPubKey(pubkey: Uint8Array): boolean {
  if (pubkey.length < 33) return false;
  if (pubkey[0] === 0x04) return pubkey.length === 65;
  if (pubkey[0] === 0x02 || pubkey[0] === 0x03) return pubkey.length === 33;
  return false;
}

/** Verifies a compact r‖s signature (any S) over a 32-byte message; false on any malformed input. */
export function verifyCompact(msg32: Uint8Array, pubkey: Uint8Array, compact: Uint8Array): boolean {
  const key = normalizePublicKey(pubkey);
  if (key === undefined) return false;
  try {
    return secp.verify(msg32, key, compact, false);
  } catch {
    return false;
  }
}

/**
 * Bitcoin Core's CPubKey::Verify: `derSig` is a DER signature without the
 * hash-type byte, parsed laxly; high S is accepted (normalised).
 */
export function verifyDer(msg32: Uint8Array, pubkey: Uint8Array, derSig: Uint8Array): boolean {
  if (derSig.length === 0) return false;
  const compact = parseDerLax(derSig);
  if (compact === undefined || compact === 'overflow') return false;
  return verifyCompact(msg32, pubkey, compact);
}

/** Deterministic (RFC 6979) low-S signature of `msg32` with the 32-byte private key, DER-encoded. */
export function signDer(msg32: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return encodeDer(secp.sign(msg32, privateKey));
}

/** The public key of a private key (compressed unless asked otherwise). */
export function publicKeyOf(privateKey: Uint8Array, compressed = true): Uint8Array {
  const p = secp.pointFromScalar(privateKey, compressed);
  if (p === null) throw new RangeError('invalid private key');
  return p;
}

/** True for a valid private key (0 < d < n). */
export function isPrivateKey(privateKey: Uint8Array): boolean {
  return secp.isPrivate(privateKey);
}
