import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { maybeDecompress, splitBlkFrames } from '../../block/blk-file.js';
import { blockHash, parseBlock, type Block } from '../../block/block.js';
import { workForBits } from '../../block/compact-target.js';
import { checkProofOfWork } from '../../block/proof-of-work.js';
import { fromHex, reverseHex } from '../../encoding/hex.js';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { ChainState } from '../chain-state.js';
import { importBlocks } from '../import-blocks.js';
import { defaultInputVerifier } from '../input-verifier.js';
import { expectUtxoAgreement } from './chain-fixtures.js';
import { MemoryChainStore } from './memory-chain-store.js';

const TIP = '000000002f264d6504013e73b9c913de9098d4d771c1bb219af475d2a01b128e';
const dataDir = fileURLToPath(new URL('../../../../test/data/bitcoin/', import.meta.url));

/** The blocks of the annotated hex dump, by name ("0".."4", "3A", "4A", "5A"). */
function fixtureBlocks(): Map<string, Block> {
  const text = readFileSync(dataDir + 'reorgtest.hex', 'utf8');
  const parts = text.split(/^Block (\S+):\s*$/m);
  const out = new Map<string, Block>();
  for (let i = 1; i < parts.length; i += 2) {
    const body = (parts[i + 1] ?? '').split(/^File path:/m)[0]!;
    const hex = body.replace(/[^0-9a-fA-F]/g, '');
    out.set(parts[i]!, parseBlock(fromHex(hex.slice(16)))); // skip magic and length
  }
  return out;
}

describe('the reorg fixtures', () => {
  it('hex dump: a fork at block 2 whose branch 3A-4A-5A outweighs 3-4; all proof of work checks out', () => {
    const b = fixtureBlocks();
    expect([...b.keys()]).toEqual(['0', '1', '2', '3', '4', '3A', '4A', '5A']);
    const id = (n: string): string => reverseHex(blockHash(b.get(n)!));
    const prev = (n: string): string => reverseHex(b.get(n)!.header.prevHash);
    expect(id('0')).toBe(reverseHex(BITCOIN_MAIN.genesisHash));
    for (const [child, parent] of [['1', '0'], ['2', '1'], ['3', '2'], ['4', '3'], ['3A', '2'], ['4A', '3A'], ['5A', '4A']] as const) expect(prev(child)).toBe(id(parent));
    for (const block of b.values()) expect(checkProofOfWork(blockHash(block), block.header.bits, BITCOIN_MAIN.powLimit).ok).toBe(true);
    const work = (names: string[]): bigint => names.reduce((s, n) => s + workForBits(b.get(n)!.header.bits), 0n);
    expect(work(['3A', '4A', '5A']) > work(['3', '4'])).toBe(true);
    // the dump's block 2 spends an output its block 1 does not create: full validation refuses it
    expect(reverseHex(b.get('2')!.txs[1]!.inputs[0]!.prevout.txid)).not.toBe(reverseHex(blockHash(b.get('1')!)));
  });

  it('hex dump under full validation: block 2 spends a missing output, so the branch after it is refused', async () => {
    const b = fixtureBlocks();
    const chain = ChainState.open(new MemoryChainStore(), { ...BITCOIN_MAIN, coinbaseMaturity: 1 });
    const statuses: string[] = [];
    for (const name of ['1', '2', '3', '4', '3A', '4A', '5A']) {
      const r = await chain.acceptBlock(b.get(name)!);
      statuses.push(r.status === 'invalid' ? r.reason : r.status);
    }
    expect(statuses).toEqual(['connected', 'bad-txns-inputs-missingorspent', 'bad-prevblk', 'bad-prevblk', 'bad-prevblk', 'bad-prevblk', 'bad-prevblk']);
    expect(chain.tip().height).toBe(1);
  });

  it('blk_0_to_4.dat.bz2: with coinbase maturity 1 all four blocks connect, their P2PKH signatures verified', async () => {
    const store = new MemoryChainStore();
    const verified: number[] = [];
    const standard = defaultInputVerifier();
    const chain = ChainState.open(store, { ...BITCOIN_MAIN, coinbaseMaturity: 1 }, {
      verifyInput: (tx, i, coin, flags) => {
        const err = standard(tx, i, coin, flags);
        if (err === null) verified.push(i);
        return err;
      },
    });
    const summary = await importBlocks(chain, new Uint8Array(readFileSync(dataDir + 'blk_0_to_4.dat.bz2')));
    expect(summary.byStatus).toMatchObject({ duplicate: 1, connected: 4, invalid: 0 });
    expect(chain.tip()).toMatchObject({ height: 4, hash: TIP });
    expect(verified).toEqual([0, 0, 0, 0]);
    // spent: block 1's and block 2's coinbases and both outputs of block 2's payment;
    // left: coinbases of blocks 3 and 4 and every output of the payments in blocks 3 and 4
    const blocks = splitBlkFrames(maybeDecompress(new Uint8Array(readFileSync(dataDir + 'blk_0_to_4.dat.bz2'))), BITCOIN_MAIN.magic).map(parseBlock);
    const paymentOutputs = [...blocks[3]!.txs.slice(1), ...blocks[4]!.txs.slice(1)].reduce((n, tx) => n + tx.outputs.length, 0);
    expect(blocks[2]!.txs[1]!.outputs).toHaveLength(2);
    expect(expectUtxoAgreement(store)).toBe(2 + paymentOutputs);
  });

  it('blk_0_to_4.dat.bz2 under main-net maturity (100): block 2 spends a too-young coinbase', async () => {
    const chain = ChainState.open(new MemoryChainStore(), BITCOIN_MAIN);
    const summary = await importBlocks(chain, new Uint8Array(readFileSync(dataDir + 'blk_0_to_4.dat.bz2')));
    expect(summary.byStatus).toMatchObject({ duplicate: 1, connected: 1, invalid: 3 });
    expect(summary.rejected.map((r) => r.reason)).toEqual(['bad-txns-premature-spend-of-coinbase', 'bad-prevblk', 'bad-prevblk']);
    const frames = splitBlkFrames(maybeDecompress(new Uint8Array(readFileSync(dataDir + 'blk_0_to_4.dat.bz2'))), BITCOIN_MAIN.magic);
    expect(frames).toHaveLength(5);
  });
});
