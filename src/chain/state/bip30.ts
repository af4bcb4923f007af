/**
 * Whether BIP30 applies to a block: always, except for the exception blocks
 * the chain's params list (height and display hash both match), as in
 * Bitcoin Core's ConnectBlock. The check itself runs in connect-block.ts.
 */
import type { ChainParams } from '../params/chain-params.js';

export function bip30Applies(params: ChainParams, height: number, id: string): boolean {
  for (const e of params.bip30Exceptions ?? []) if (e.height === height && e.hash === id) return false;
  return true;
}
