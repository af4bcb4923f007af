/**
 * A block: an 80-byte header followed by a CompactSize count and the
 * transactions. Parsing accepts segwit-format transactions (their witness is
 * kept on the transaction); serialization writes each transaction as it was
 * read (BIP144 when it carries a witness, legacy otherwise). Transaction ids
 * are cached per transaction object: parsing primes the cache by hashing the
 * original bytes of each legacy transaction, so ids cost no re-serialization.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { ByteReader } from '../encoding/byte-reader.js';
import { ByteWriter } from '../encoding/byte-writer.js';
import { hash256 } from '../crypto/hash.js';
import { hasWitness, parseTransaction, serializeTransactionWithWitness, txid, type Transaction } from '../tx/transaction.js';
import { HEADER_SIZE, blockHeaderHash, parseBlockHeader, serializeBlockHeader, type BlockHeader } from './block-header.js';

export interface Block {
  readonly header: BlockHeader;
  readonly txs: readonly Transaction[];
}

const txidCache = new WeakMap<Transaction, Uint8Array>();

/** The txid of a transaction (cached per object; transactions are immutable). */
export function cachedTxid(tx: Transaction): Uint8Array {
  let id = txidCache.get(tx);
  if (id === undefined) {
    id = txid(tx);
    txidCache.set(tx, id);
  }
  return id;
}

/** The txids of a block's transactions, in block order. */
export function blockTxids(block: Block): Uint8Array[] {
  return block.txs.map(cachedTxid);
}

/** Block hash: double SHA-256 of the header. */
export function blockHash(block: Block): Uint8Array {
  return blockHeaderHash(block.header);
}

/** Parses a whole byte array as exactly one block. */
export function parseBlock(bytes: Uint8Array): Block {
  const header = parseBlockHeader(bytes, 0);
  const r = new ByteReader(bytes, HEADER_SIZE);
  const count = r.varint();
  const txs: Transaction[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.offset;
    const { tx, size } = parseTransaction(bytes, start);
    if (!hasWitness(tx)) txidCache.set(tx, hash256(bytes.subarray(start, start + size)));
    txs.push(tx);
    r.offset = start + size;
  }
  if (r.remaining !== 0) {
    throw new PyralogError('CHAIN_BAD_BLOCK', `${r.remaining} trailing byte(s) after the last transaction`, { phase: 'chain' });
  }
  return { header, txs };
}

/** The block's bytes (header, count, transactions). */
export function serializeBlock(block: Block): Uint8Array {
  const w = new ByteWriter(HEADER_SIZE + 9 + block.txs.length * 250);
  w.bytes(serializeBlockHeader(block.header));
  w.varint(block.txs.length);
  for (const tx of block.txs) w.bytes(serializeTransactionWithWitness(tx));
  return w.toBytes();
}

/** True when any transaction carries witness data (a segwit-era block). */
export function blockHasWitness(block: Block): boolean {
  return block.txs.some(hasWitness);
}
