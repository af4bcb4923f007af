import { describe, expect, it } from 'vitest';
import { blockHash, blockTxids, type Block } from '../../block/block.js';
import { reverseHex } from '../../encoding/hex.js';
import { COIN } from '../../params/chain-params.js';
import { BLOCKS_TABLE, TRANSACTIONS_TABLE } from '../chain-tables.js';
import type { ChainState } from '../chain-state.js';
import type { ChainStore } from '../chain-store.js';
import { dumpUtxos, expectUtxoAgreement, keyFrom, mineOn, openDevChain, spendP2pkh } from './chain-fixtures.js';
import { MemoryChainStore } from './memory-chain-store.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');
const carol = keyFrom('carol');

/** Mines `n` blocks on `chain`'s tip with increasing times; the first may carry `txs`. */
async function extend(chain: ChainState, n: number, payout: Uint8Array, txs: readonly Block['txs'][number][] = [], fees = 0n): Promise<Block[]> {
  const out: Block[] = [];
  for (let i = 0; i < n; i++) {
    const b = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 60, payoutScript: payout, txs: i === 0 ? txs : [], fees: i === 0 ? fees : 0n, tag: `/${reverseHex(payout).slice(0, 6)}/` });
    const r = await chain.acceptBlock(b);
    expect(r.status).toBe('connected');
    out.push(b);
  }
  return out;
}

async function feed(chain: ChainState, blocks: readonly Block[]): Promise<string[]> {
  const statuses: string[] = [];
  for (const b of blocks) statuses.push((await chain.acceptBlock(b)).status);
  return statuses;
}

describe('reorganisation between competing branches', () => {
  it('switches to a heavier branch (conflicting spends), restores coins from undo data, and switches back', async () => {
    const a = await openDevChain({ coinbaseMaturity: 1 });
    const b = await openDevChain({ coinbaseMaturity: 1 });
    const common = await extend(a.chain, 5, alice.script);
    expect(await feed(b.chain, common)).toEqual(['connected', 'connected', 'connected', 'connected', 'connected']);
    const coin1 = { txid: blockTxids(common[0]!)[0]!, index: 0 };

    // branch A: the coin of block 1 pays bob; branch B: the same coin pays carol
    const toBob = spendP2pkh(alice, coin1, [{ value: 49n * COIN, script: bob.script }]);
    const toCarol = spendP2pkh(alice, coin1, [{ value: 48n * COIN, script: carol.script }]);
    const branchA = await extend(a.chain, 2, alice.script, [toBob], COIN);
    const branchB = await extend(b.chain, 3, carol.script, [toCarol], 2n * COIN);
    const aTipBefore = a.chain.tip();
    const bobCoin = { txid: blockTxids(branchA[0]!)[1]!, index: 0 };
    expect(a.chain.getCoin(bobCoin)?.value).toBe(49n * COIN);

    // B's first two blocks do not outweigh A (a tie keeps the first seen); the third does
    expect(await feed(a.chain, branchB.slice(0, 2))).toEqual(['side', 'side']);
    expect(a.chain.tip()).toEqual(aTipBefore);
    const r = await a.chain.acceptBlock(branchB[2]!);
    expect(r).toMatchObject({ status: 'reorg', height: 8 });
    if (r.status !== 'reorg') throw new Error('no reorg');
    expect(r.disconnected).toEqual(branchA.map((x) => reverseHex(blockHash(x))).reverse());
    expect(r.connected).toEqual(branchB.map((x) => reverseHex(blockHash(x))));
    expect(a.chain.tip()).toEqual(b.chain.tip());
    expect(a.chain.getCoin(bobCoin)).toBeUndefined();
    expect(a.chain.getCoin({ txid: blockTxids(branchB[0]!)[1]!, index: 0 })?.value).toBe(48n * COIN);
    expect(dumpUtxos(a.store)).toEqual(dumpUtxos(b.store));
    expectUtxoAgreement(a.store);
    const snap = a.store.snapshot();
    expect(snap.get(BLOCKS_TABLE.name, [reverseHex(blockHash(branchA[0]!))])?.['main_chain']).toBe(false);
    expect(snap.get(BLOCKS_TABLE.name, [reverseHex(blockHash(branchB[0]!))])?.['main_chain']).toBe(true);
    expect(snap.get(TRANSACTIONS_TABLE.name, [reverseHex(blockTxids(branchA[0]!)[1]!)])).toBeUndefined();
    expect(snap.get(TRANSACTIONS_TABLE.name, [reverseHex(blockTxids(branchB[0]!)[1]!)])?.['height']).toBe(6n);
    for (let h = 0; h <= 8; h++) expect(a.chain.hashAtHeight(h)).toBe(b.chain.hashAtHeight(h));

    // a third node continues branch A and overtakes again: A's old blocks come back from storage
    const c = await openDevChain({ coinbaseMaturity: 1 });
    await feed(c.chain, [...common, ...branchA]);
    const branchC = await extend(c.chain, 2, bob.script);
    expect(await feed(a.chain, branchC)).toEqual(['side', 'reorg']);
    expect(a.chain.tip()).toEqual(c.chain.tip());
    expect(a.chain.getCoin(bobCoin)?.value).toBe(49n * COIN);
    expect(dumpUtxos(a.store)).toEqual(dumpUtxos(c.store));
    expectUtxoAgreement(a.store);
  });

  it('an interrupted connect or reorg (a throw inside the write transaction) leaves the previous tip and UTXO set intact', async () => {
    let failNext = false;
    const store = new MemoryChainStore();
    const a = await openDevChain({ coinbaseMaturity: 1 }, { beforeCommit: () => { if (failNext) throw new Error('power cut'); } }, store);
    const common = await extend(a.chain, 3, alice.script);
    const b = await openDevChain({ coinbaseMaturity: 1 });
    await feed(b.chain, common);
    const branchB = await extend(b.chain, 2, carol.script);

    const tip = a.chain.tip();
    const utxos = dumpUtxos(store);
    const blocksRows = store.snapshot().stats(BLOCKS_TABLE.name).rowCount;
    const next = mineOn(a.chain.params, tip, { time: tip.time + 60, payoutScript: bob.script });
    failNext = true;
    await expect(a.chain.acceptBlock(next)).rejects.toThrow('power cut');
    expect(a.chain.tip()).toEqual(tip);
    expect(dumpUtxos(store)).toEqual(utxos);
    expect(store.snapshot().stats(BLOCKS_TABLE.name).rowCount).toBe(blocksRows);
    expect(a.chain.getBlockInfo(reverseHex(blockHash(next)))).toBeUndefined();
    failNext = false;
    expect(await a.chain.acceptBlock(next)).toMatchObject({ status: 'connected', height: 4 });

    // now B's branch (height 5) would reorg; interrupt that too
    const tip2 = a.chain.tip();
    const utxos2 = dumpUtxos(store);
    expect(await a.chain.acceptBlock(branchB[0]!)).toMatchObject({ status: 'side' });
    failNext = true;
    await expect(a.chain.acceptBlock(branchB[1]!)).rejects.toThrow('power cut');
    expect(a.chain.tip()).toEqual(tip2);
    expect(dumpUtxos(store)).toEqual(utxos2);
    failNext = false;
    expect(await a.chain.acceptBlock(branchB[1]!)).toMatchObject({ status: 'reorg', height: 5 });
    expect(dumpUtxos(store)).toEqual(dumpUtxos(b.store));
    expectUtxoAgreement(store);
  });

  it('refuses a heavier branch whose stored side block turns out invalid, and stays on the valid tip', async () => {
    const a = await openDevChain({ coinbaseMaturity: 1 });
    const common = await extend(a.chain, 3, alice.script);
    await extend(a.chain, 2, alice.script);
    const tip = a.chain.tip();
    const utxos = dumpUtxos(a.store);
    // a side block whose coinbase overpays: its header is fine, so it is stored as a side block unchecked
    const forkParent = { hash: reverseHex(blockHash(common[2]!)), height: 3 };
    const bad = mineOn(a.chain.params, forkParent, { time: tip.time + 1, payoutScript: carol.script, fees: 5n * COIN });
    expect(await a.chain.acceptBlock(bad)).toMatchObject({ status: 'side' });
    const child = mineOn(a.chain.params, { hash: reverseHex(blockHash(bad)), height: 4 }, { time: tip.time + 2, payoutScript: carol.script });
    expect(await a.chain.acceptBlock(child)).toMatchObject({ status: 'side' });
    const grandchild = mineOn(a.chain.params, { hash: reverseHex(blockHash(child)), height: 5 }, { time: tip.time + 3, payoutScript: carol.script });
    const r = await a.chain.acceptBlock(grandchild);
    expect(r.status).toBe('invalid');
    expect(r.status === 'invalid' && r.reason).toMatch(/bad-cb-amount/);
    expect(a.chain.tip()).toEqual(tip);
    expect(dumpUtxos(a.store)).toEqual(utxos);
    expect(a.chain.getBlockInfo(reverseHex(blockHash(bad)))?.invalid).toBe(true);
    expect(a.chain.getBlockInfo(reverseHex(blockHash(child)))?.invalid).toBe(true);
    // descendants of an invalid block are refused at once
    const more = mineOn(a.chain.params, { hash: reverseHex(blockHash(grandchild)), height: 6 }, { time: tip.time + 4, payoutScript: carol.script });
    expect(await a.chain.acceptBlock(more)).toMatchObject({ status: 'invalid', reason: 'bad-prevblk' });
  });
});
