/**
 * BIP34: from a chain's activation height on, a coinbase's scriptSig starts
 * with the block height pushed as a minimal script number (OP_0 / OP_1..OP_16
 * for small heights, as Bitcoin Core's `CScript() << height` writes it).
 */
import { encodeScriptNum } from '../script/script-num.js';

/** The scriptSig prefix that commits to `height`. */
export function coinbaseHeightPush(height: number): Uint8Array {
  if (height === 0) return Uint8Array.of(0x00);
  if (height >= 1 && height <= 16) return Uint8Array.of(0x50 + height);
  const num = encodeScriptNum(height);
  const out = new Uint8Array(1 + num.length);
  out[0] = num.length;
  out.set(num, 1);
  return out;
}

/** True when `scriptSig` begins with the push of `height`. */
export function hasCoinbaseHeight(scriptSig: Uint8Array, height: number): boolean {
  const prefix = coinbaseHeightPush(height);
  if (scriptSig.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (scriptSig[i] !== prefix[i]) return false;
  return true;
}
