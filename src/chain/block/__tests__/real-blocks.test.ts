import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { blockHash, blockHasWitness, blockTxids, parseBlock, serializeBlock, type Block } from '../block.js';
import { maybeDecompress, splitBlkFrames } from '../blk-file.js';
import { computeMerkleRoot } from '../merkle-root.js';
import { checkProofOfWork } from '../proof-of-work.js';
import { bitsToTarget, workForBits } from '../compact-target.js';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { bytesEqual, reverseHex, toHex } from '../../encoding/hex.js';
import { isCoinbase } from '../../tx/transaction.js';

const dataDir = fileURLToPath(new URL('../../../../test/data/bitcoin/', import.meta.url));
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(dataDir + name));
const framed = (name: string): Block[] => splitBlkFrames(maybeDecompress(load(name)), BITCOIN_MAIN.magic).map(parseBlock);

function expectValidStructure(block: Block): void {
  const merkle = computeMerkleRoot(blockTxids(block));
  expect(toHex(merkle.root)).toBe(toHex(block.header.merkleRoot));
  expect(merkle.mutated).toBe(false);
  expect(checkProofOfWork(blockHash(block), block.header.bits, BITCOIN_MAIN.powLimit)).toEqual({ ok: true });
  expect(isCoinbase(block.txs[0]!)).toBe(true);
  expect(block.txs.slice(1).some(isCoinbase)).toBe(false);
}

describe('main-network blocks 0..255', () => {
  const first = framed('blk_0_to_4.dat.bz2');
  const rest = framed('blocks1-256.bz2');

  it('the genesis block rebuilt in params equals the one on disk, byte for byte', () => {
    expect(reverseHex(BITCOIN_MAIN.genesisHash)).toBe('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
    expect(toHex(serializeBlock(first[0]!))).toBe(toHex(serializeBlock(BITCOIN_MAIN.genesis)));
    expect(reverseHex(BITCOIN_MAIN.genesis.header.merkleRoot)).toBe('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b');
  });

  it('blk_0_to_4 is the reorg-test chain: main genesis plus 4 other difficulty-1 blocks; blocks1-256 holds heights 1..255', () => {
    expect(first).toHaveLength(5);
    expect(rest).toHaveLength(255);
    expect(reverseHex(blockHash(first[1]!))).toBe('00000000ebe5ec3e94d8dfe18100e5c0f3b1955bc6107fbe24d95732b814551b');
    for (let h = 1; h <= 4; h++) {
      expectValidStructure(first[h]!);
      expect(reverseHex(first[h]!.header.prevHash)).toBe(reverseHex(blockHash(first[h - 1]!)));
    }
  });

  it('links, hashes, Merkle roots and proof of work check out for every block', () => {
    const chain = [first[0]!, ...rest];
    let work = 0n;
    for (let h = 0; h < chain.length; h++) {
      const block = chain[h]!;
      expectValidStructure(block);
      if (h > 0) expect(reverseHex(block.header.prevHash)).toBe(reverseHex(blockHash(chain[h - 1]!)));
      expect(block.header.bits).toBe(0x1d00ffff);
      work += workForBits(block.header.bits);
    }
    expect(reverseHex(blockHash(chain[1]!))).toBe('00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048');
    expect(reverseHex(blockHash(chain[100]!))).toBe('000000007bc154e0fa7ea32218a72fe2c1bb9f86cf8c9ebf9a715ed27fdb229a');
    expect(reverseHex(blockHash(chain[170]!))).toBe('00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee');
    expect(work).toBe(256n * 0x100010001n);
  });

  it('block 170 carries the first person-to-person spend (10 BTC to Hal Finney)', () => {
    const b170 = rest[169]!;
    expect(b170.txs).toHaveLength(2);
    const ids = blockTxids(b170).map(reverseHex);
    expect(ids[1]).toBe('f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16');
    expect(reverseHex(b170.txs[1]!.inputs[0]!.prevout.txid)).toBe('0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9');
    expect(b170.txs[1]!.outputs.map((o) => o.value)).toEqual([1_000_000_000n, 4_000_000_000n]);
    // the other blocks up to 255 with more than a coinbase
    const heights = rest.flatMap((b, i) => (b.txs.length > 1 ? [i + 1] : []));
    expect(heights).toEqual([170, 181, 182, 183, 187, 221, 248]);
  });

  it('serializes every block back to its original bytes', () => {
    const raw = splitBlkFrames(maybeDecompress(load('blocks1-256.bz2')), BITCOIN_MAIN.magic);
    for (let i = 0; i < raw.length; i += 17) expect(bytesEqual(serializeBlock(parseBlock(raw[i]!)), raw[i]!)).toBe(true);
  });
});

describe('later main-network blocks', () => {
  it('block 277647 (blk-framed, bzip2): many transactions, valid Merkle root and PoW', () => {
    const blocks = framed('277647.dat.bz2');
    expect(blocks).toHaveLength(1);
    const b = blocks[0]!;
    expectValidStructure(b);
    expect(b.txs.length).toBeGreaterThan(100);
    expect(bitsToTarget(b.header.bits) < bitsToTarget(0x1d00ffff)).toBe(true);
    const raw = splitBlkFrames(maybeDecompress(load('277647.dat.bz2')), BITCOIN_MAIN.magic)[0]!;
    expect(bytesEqual(serializeBlock(b), raw)).toBe(true);
  });

  it('block 300025 (raw): valid Merkle root and PoW, round-trips', () => {
    const raw = load('block300025.raw');
    const b = parseBlock(raw);
    expectValidStructure(b);
    expect(b.header.version).toBe(2);
    expect(blockHasWitness(b)).toBe(false);
    expect(bytesEqual(serializeBlock(b), raw)).toBe(true);
  });

  it('block 482683 (raw, segwit era): witness transactions parse, legacy txids give the header Merkle root', () => {
    const raw = load('block482683.raw');
    const b = parseBlock(raw);
    expect(blockHasWitness(b)).toBe(true);
    expectValidStructure(b);
    expect(bytesEqual(serializeBlock(b), raw)).toBe(true);
  });
});
