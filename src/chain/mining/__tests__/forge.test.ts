import { describe, expect, it } from 'vitest';
import { blockHash, blockTxids } from '../../block/block.js';
import { bitsToTarget } from '../../block/compact-target.js';
import { computeMerkleRoot } from '../../block/merkle-root.js';
import { checkProofOfWork } from '../../block/proof-of-work.js';
import { hasCoinbaseHeight } from '../../block/coinbase-height.js';
import { COIN } from '../../params/chain-params.js';
import { DEMIURGE_DEV } from '../../params/demiurge.js';
import { bytesEqual, fromReverseHex } from '../../encoding/hex.js';
import { buildTemplate, coinbaseBranch, merkleRootFromBranch, createBlockTemplate } from '../block-template.js';
import { mineBlock } from '../forge.js';
import { forgeBlocks, forgeNextBlock } from '../forge-blocks.js';
import { expectUtxoAgreement, keyFrom, mineOn, openDevChain, spendP2pkh } from '../../state/__tests__/chain-fixtures.js';
import { createHash } from 'node:crypto';

const miner = keyFrom('miner');
const payee = keyFrom('payee');

function template(bits: number, time = 1_800_000_000) {
  return buildTemplate({ params: DEMIURGE_DEV, height: 1, prevHash: DEMIURGE_DEV.genesisHash, bits, time, payoutScript: miner.script, txs: [], fees: 0n });
}

/** Resolves once the process (its worker threads: this thread only polls) has used `micros` more CPU time than at `since`. */
async function busyWorkers(since: NodeJS.CpuUsage, micros: number): Promise<void> {
  for (;;) {
    const used = process.cpuUsage(since);
    if (used.user + used.system >= micros) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('block templates', () => {
  it('the coinbase Merkle branch folds to the full Merkle root for 1..9 transactions', () => {
    for (let n = 1; n <= 9; n++) {
      const leaves = Array.from({ length: n }, (_, i) => new Uint8Array(createHash('sha256').update(`t${i}`).digest()));
      const branch = coinbaseBranch(leaves.slice(1));
      expect(bytesEqual(merkleRootFromBranch(leaves[0]!, branch), computeMerkleRoot(leaves).root)).toBe(true);
    }
  });

  it('pays subsidy + fees, commits to the height, and leaves room for the extra nonce', async () => {
    const { chain } = await openDevChain({ coinbaseMaturity: 1 });
    await forgeBlocks(chain, 2, { payoutScript: miner.script, threads: 1 });
    const coin = { txid: blockTxids(chain.getBlock(chain.hashAtHeight(1)!)!)[0]!, index: 0 };
    const tx = spendP2pkh(miner, coin, [{ value: 45n * COIN, script: payee.script }]);
    const t = createBlockTemplate(chain, { payoutScript: miner.script, txs: [tx] });
    expect(t.height).toBe(3);
    expect(t.fees).toBe(5n * COIN);
    expect(t.reward).toBe(55n * COIN);
    expect(t.coinbasePrefix.length + 8 + t.coinbaseSuffix.length).toBeGreaterThan(60);
    const mined = await mineBlock(t, { threads: 1 });
    if (mined.kind !== 'found') throw new Error('not found');
    expect(hasCoinbaseHeight(mined.block.txs[0]!.inputs[0]!.scriptSig, 3)).toBe(true);
    expect(mined.block.txs[0]!.outputs[0]!.value).toBe(55n * COIN);
  });
});

describe('Forge', () => {
  it('mines on worker threads (header nonce + extra nonce) a block that meets a 2^-16 target', async () => {
    const bits = 0x1f00ffff;
    const t = template(bits);
    const r = await mineBlock(t, { threads: 2, inlineHashes: 0 });
    expect(r.kind).toBe('found');
    if (r.kind !== 'found') return;
    expect(r.extraNonce >= 1n).toBe(true); // workers take extra nonces after the inline ones
    expect(checkProofOfWork(blockHash(r.block), bits, bitsToTarget(bits))).toEqual({ ok: true });
    expect(bytesEqual(computeMerkleRoot(blockTxids(r.block)).root, r.block.header.merkleRoot)).toBe(true);
    expect(r.hashes).toBeGreaterThan(0);
  });

  it('rolls the extra nonce when the header nonce range is used up', async () => {
    const bits = 0x2000ffff; // about 1 in 256 hashes wins
    const r = await mineBlock(template(bits), { threads: 1, maxNonce: 3, inlineHashes: 1_000_000 });
    if (r.kind !== 'found') throw new Error('not found');
    expect(r.block.header.nonce).toBeLessThanOrEqual(3);
    expect(r.extraNonce > 0n).toBe(true);
    expect(r.hashes).toBe(Number(r.extraNonce) * 4 + r.block.header.nonce + 1);
    expect(checkProofOfWork(blockHash(r.block), bits, bitsToTarget(bits)).ok).toBe(true);
    // the same extra nonce space on worker threads finds a valid block too
    const w = await mineBlock(template(bits), { threads: 2, maxNonce: 3, inlineHashes: 0 });
    if (w.kind !== 'found') throw new Error('not found');
    expect(w.block.header.nonce).toBeLessThanOrEqual(3);
    expect(checkProofOfWork(blockHash(w.block), bits, bitsToTarget(bits)).ok).toBe(true);
  });

  it('stops when its AbortSignal fires, e.g. on a new tip', async () => {
    const { chain } = await openDevChain();
    const stale = new AbortController();
    chain.onTip(() => stale.abort());
    const hard = template(0x1c00ffff); // ~2^40 hashes: never found in this test
    const cpuBefore = process.cpuUsage();
    const mining = mineBlock(hard, { threads: 2, inlineHashes: 0, signal: stale.signal });
    // Wait for the workers to be hashing (they burn CPU while this thread idles), not for a fixed time.
    await busyWorkers(cpuBefore, 300_000);
    const other = mineOn(chain.params, chain.tip(), { time: chain.medianTimePast() + 60, payoutScript: payee.script });
    expect(await chain.acceptBlock(other)).toMatchObject({ status: 'connected' });
    const r = await mining;
    expect(r.kind).toBe('aborted');
    expect(r.hashes).toBeGreaterThan(0);
  });

  it('forges blocks with worker threads that connect, including a P2PKH spend, and the UTXO set follows', async () => {
    const { chain, store } = await openDevChain({ coinbaseMaturity: 2 });
    const first = await forgeBlocks(chain, 3, { payoutScript: miner.script, threads: 2, inlineHashes: 0 });
    expect(first.map((f) => f.result.status)).toEqual(['connected', 'connected', 'connected']);
    const coin = { txid: blockTxids(chain.getBlock(chain.hashAtHeight(1)!)!)[0]!, index: 0 };
    const tx = spendP2pkh(miner, coin, [{ value: 20n * COIN, script: payee.script }, { value: 29n * COIN, script: miner.script }]);
    const forged = await forgeNextBlock(chain, { payoutScript: miner.script, txs: [tx], threads: 2, inlineHashes: 0 });
    expect(forged?.result).toMatchObject({ status: 'connected', height: 4 });
    expect(chain.getCoin(coin)).toBeUndefined();
    const spent = blockTxids(chain.getBlock(chain.tip().hash)!)[1]!;
    expect(chain.getCoin({ txid: spent, index: 0 })).toMatchObject({ value: 20n * COIN, scriptPubKey: payee.script });
    expect(chain.getCoin({ txid: blockTxids(chain.getBlock(chain.tip().hash)!)[0]!, index: 0 })?.value).toBe(51n * COIN);
    expect(expectUtxoAgreement(store)).toBe(3 + 2); // coinbases 2,3,4 + two payment outputs
    expect(bytesEqual(fromReverseHex(chain.tip().hash), blockHash(chain.getBlock(chain.tip().hash)!))).toBe(true);
  });
});
