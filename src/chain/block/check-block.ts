/**
 * Context-free block checks (Bitcoin Core's CheckBlock): proof of work for
 * the header's own bits, a Merkle root that matches and is not a duplicate-
 * leaf mutation, size limit, exactly one coinbase and it first, each
 * transaction's own checks (tx/check-transaction.ts) and the legacy sigop
 * limit. Throws CHAIN_INVALID_BLOCK with Bitcoin Core's reject reason.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { bytesEqual } from '../encoding/hex.js';
import type { ChainParams } from '../params/chain-params.js';
import { checkTransaction } from '../tx/check-transaction.js';
import { legacySigOpCount } from '../script/sig-op-count.js';
import { isCoinbase, serializeTransaction, type Transaction } from '../tx/transaction.js';
import { blockTxids, type Block } from './block.js';
import { computeMerkleRoot } from './merkle-root.js';
import { checkProofOfWork } from './proof-of-work.js';

function invalid(reason: string, message: string): PyralogError {
  return new PyralogError('CHAIN_INVALID_BLOCK', `${reason}: ${message}`, { phase: 'chain', details: { reason } });
}

/** Legacy sigop limit of a block: one per 50 bytes of the size limit (20,000 for 1 MB). */
export function maxBlockSigOps(maxBlockSize: number): number {
  return Math.floor(maxBlockSize / 50);
}

/** The size of the block without witness data (what the size limit applies to). */
export function strippedBlockSize(block: Block): number {
  let n = 80 + (block.txs.length < 0xfd ? 1 : block.txs.length <= 0xffff ? 3 : 5);
  for (const tx of block.txs) n += serializeTransaction(tx).length;
  return n;
}

/** CheckBlock. `hash` is the header hash. */
export function checkBlock(block: Block, hash: Uint8Array, params: ChainParams): void {
  const pow = checkProofOfWork(hash, block.header.bits, params.powLimit);
  if (!pow.ok) throw invalid(pow.reason === 'high-hash' ? 'high-hash' : 'bad-diffbits', `proof of work fails (${pow.reason})`);
  const merkle = computeMerkleRoot(blockTxids(block));
  if (!bytesEqual(merkle.root, block.header.merkleRoot)) throw invalid('bad-txnmrklroot', 'Merkle root mismatch');
  if (merkle.mutated) throw invalid('bad-txns-duplicate', 'duplicate transaction (Merkle tree mutation)');
  if (block.txs.length === 0) throw invalid('bad-blk-length', 'block has no transactions');
  const size = strippedBlockSize(block);
  if (size > params.maxBlockSize) throw invalid('bad-blk-length', `block of ${size} bytes exceeds ${params.maxBlockSize}`);
  if (!isCoinbase(block.txs[0] as Transaction)) throw invalid('bad-cb-missing', 'first transaction is not a coinbase');
  for (let i = 1; i < block.txs.length; i++) if (isCoinbase(block.txs[i] as Transaction)) throw invalid('bad-cb-multiple', `transaction ${i} is a second coinbase`);
  let sigops = 0;
  block.txs.forEach((tx, i) => {
    const r = checkTransaction(tx, { maxMoney: params.maxMoney, maxSize: params.maxBlockSize });
    if (!r.ok) throw invalid(r.reason, `transaction ${i} fails its own checks`);
    sigops += legacySigOpCount(tx);
  });
  if (sigops > maxBlockSigOps(params.maxBlockSize)) throw invalid('bad-blk-sigops', `${sigops} legacy signature operations, limit ${maxBlockSigOps(params.maxBlockSize)}`);
}
