/**
 * Builders and recognisers of the standard output scripts: pay-to-pubkey-hash
 * (P2PKH), pay-to-pubkey (P2PK), pay-to-script-hash (P2SH), bare multisig and
 * OP_RETURN data carriers, plus the scriptSigs that spend them.
 */

import { hash160 } from '../crypto/hash.js';
import { OP } from './opcodes.js';
import { isPayToScriptHash, pushData } from './script-op.js';
import { encodeScriptNum } from './script-num.js';

function concat(parts: readonly (Uint8Array | number[])[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The push of a small integer 0..16 as OP_0/OP_1..OP_16, else a script number push. */
export function pushInt(n: number): Uint8Array {
  if (n === 0) return Uint8Array.of(OP.OP_0);
  if (n >= 1 && n <= 16) return Uint8Array.of(OP.OP_1 + n - 1);
  if (n === -1) return Uint8Array.of(OP.OP_1NEGATE);
  return pushData(encodeScriptNum(n));
}

/** DUP HASH160 <20-byte hash> EQUALVERIFY CHECKSIG */
export function p2pkhScript(pubkeyHash: Uint8Array): Uint8Array {
  return concat([[OP.OP_DUP, OP.OP_HASH160], pushData(pubkeyHash), [OP.OP_EQUALVERIFY, OP.OP_CHECKSIG]]);
}

/** P2PKH script paying to the hash160 of `pubkey`. */
export function p2pkhScriptForKey(pubkey: Uint8Array): Uint8Array {
  return p2pkhScript(hash160(pubkey));
}

/** <pubkey> CHECKSIG */
export function p2pkScript(pubkey: Uint8Array): Uint8Array {
  return concat([pushData(pubkey), [OP.OP_CHECKSIG]]);
}

/** HASH160 <hash160(redeemScript)> EQUAL */
export function p2shScript(redeemScript: Uint8Array): Uint8Array {
  return concat([[OP.OP_HASH160], pushData(hash160(redeemScript)), [OP.OP_EQUAL]]);
}

/** <m> <pubkey>… <n> CHECKMULTISIG */
export function multisigScript(m: number, pubkeys: readonly Uint8Array[]): Uint8Array {
  return concat([pushInt(m), ...pubkeys.map(pushData), pushInt(pubkeys.length), [OP.OP_CHECKMULTISIG]]);
}

/** OP_RETURN <data>: a provably unspendable data output. */
export function nullDataScript(data: Uint8Array): Uint8Array {
  return concat([[OP.OP_RETURN], pushData(data)]);
}

/** <sig> <pubkey> */
export function p2pkhScriptSig(sigWithHashType: Uint8Array, pubkey: Uint8Array): Uint8Array {
  return concat([pushData(sigWithHashType), pushData(pubkey)]);
}

/** OP_0 <sig>… (the dummy element for CHECKMULTISIG's extra pop) */
export function multisigScriptSig(sigsWithHashType: readonly Uint8Array[]): Uint8Array {
  return concat([[OP.OP_0], ...sigsWithHashType.map(pushData)]);
}

/** A P2SH spend: the given pushes, then the pushed redeem script. */
export function p2shScriptSig(pushes: Uint8Array, redeemScript: Uint8Array): Uint8Array {
  return concat([pushes, pushData(redeemScript)]);
}

/** The 20-byte hash of a P2PKH script, else undefined. */
export function p2pkhHashOf(script: Uint8Array): Uint8Array | undefined {
  if (
    script.length === 25 &&
    script[0] === OP.OP_DUP &&
    script[1] === OP.OP_HASH160 &&
    script[2] === 20 &&
    script[23] === OP.OP_EQUALVERIFY &&
    script[24] === OP.OP_CHECKSIG
  ) {
    return script.subarray(3, 23);
  }
  return undefined;
}

/** The 20-byte script hash of a P2SH script, else undefined. */
export function p2shHashOf(script: Uint8Array): Uint8Array | undefined {
  return isPayToScriptHash(script) ? script.subarray(2, 22) : undefined;
}

/** True when the output can never be spent (starts with OP_RETURN or is over the script size limit). */
export function isUnspendable(script: Uint8Array): boolean {
  return (script.length > 0 && script[0] === OP.OP_RETURN) || script.length > 10_000;
}
