/**
 * Checks of a block that depend on its place in the chain (its parent in the
 * block index) but not on the UTXO set: the bits equal the retarget rule's
 * value, the time is above the parent's median time past and not too far in
 * the future, and (from the BIP34 height) the coinbase commits to the height.
 */
import type { Block } from '../block/block.js';
import { hasCoinbaseHeight } from '../block/coinbase-height.js';
import type { ChainParams } from '../params/chain-params.js';
import { nextRequiredBits } from '../params/retarget.js';
import type { BlockIndex, IndexEntry } from './block-index.js';
import { blockInvalid } from './block-invalid.js';

export function expectedBits(params: ChainParams, index: BlockIndex, parent: IndexEntry): number {
  return nextRequiredBits(params, { height: parent.height, bits: parent.header.bits, time: parent.header.time }, (h) => {
    const a = index.ancestor(parent, h);
    if (a === undefined) throw blockInvalid('bad-prevblk', `no ancestor at height ${h}`);
    return a.header.time;
  });
}

/** Throws CHAIN_INVALID_BLOCK when the block does not fit on `parent`. `now` is the validator's clock in seconds. */
export function checkHeaderContext(params: ChainParams, index: BlockIndex, parent: IndexEntry, block: Block, now: number): void {
  const h = block.header;
  const height = parent.height + 1;
  const bits = expectedBits(params, index, parent);
  if (h.bits !== bits) throw blockInvalid('bad-diffbits', `bits ${h.bits.toString(16)} but the retarget rule requires ${bits.toString(16)}`);
  const mtp = index.medianTimePast(parent);
  if (h.time <= mtp) throw blockInvalid('time-too-old', `block time ${h.time} is not after the median time past ${mtp}`);
  if (h.time > now + params.maxFutureBlockTime) throw blockInvalid('time-too-new', `block time ${h.time} is more than ${params.maxFutureBlockTime} s ahead of ${now}`);
  if (params.bip34Height !== null && height >= params.bip34Height) {
    const cb = block.txs[0]?.inputs[0];
    if (cb === undefined || !hasCoinbaseHeight(cb.scriptSig, height)) throw blockInvalid('bad-cb-height', `coinbase does not start with height ${height}`);
  }
}
