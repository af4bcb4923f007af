import { describe, expect, it } from 'vitest';
import { blockTxids, type Block } from '../../block/block.js';
import { reverseHex } from '../../encoding/hex.js';
import { COIN } from '../../params/chain-params.js';
import type { ChainState } from '../chain-state.js';
import type { ChainStore } from '../chain-store.js';
import { KV } from '../chain-tables.js';
import { decodeCoin, encodeCoin, outpointFromKey, outpointKey } from '../coin.js';
import { dumpUtxos, expectUtxoAgreement, keyFrom, mineOn, openDevChain, spendP2pkh } from './chain-fixtures.js';
import { MemoryChainStore } from './memory-chain-store.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');
const carol = keyFrom('carol');

/** Every cached coin equals the stored one, and every stored coin reads back through the chain unchanged. */
function expectCacheMatchesDisk(chain: ChainState, store: ChainStore): number {
  const snap = store.snapshot();
  try {
    const kv = snap.kv(KV.utxo);
    for (const [p, coin] of chain.coins.entries()) {
      const stored = kv.get(outpointKey(p));
      expect(stored, `cached coin ${Buffer.from(outpointKey(p)).toString('hex')} is on disk`).toBeDefined();
      expect(Buffer.from(encodeCoin(coin)).toString('hex')).toBe(Buffer.from(stored!).toString('hex'));
    }
    let n = 0;
    for (const { key, value } of kv.range()) {
      expect(chain.getCoin(outpointFromKey(key))).toEqual(decodeCoin(value));
      n++;
    }
    return n;
  } finally {
    snap.close();
  }
}

async function extend(chain: ChainState, n: number, payout: Uint8Array, txs: readonly Block['txs'][number][] = [], fees = 0n): Promise<Block[]> {
  const out: Block[] = [];
  for (let i = 0; i < n; i++) {
    const b = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 60, payoutScript: payout, txs: i === 0 ? txs : [], fees: i === 0 ? fees : 0n, tag: `/${reverseHex(payout).slice(0, 6)}/` });
    expect((await chain.acceptBlock(b)).status).toBe('connected');
    out.push(b);
  }
  return out;
}

describe('the coins cache inside ChainState', () => {
  it('stays equal to disk through connects and reorgs both ways, with the same results as no cache or a tiny evicting cache', async () => {
    const cached = await openDevChain({ coinbaseMaturity: 1 });
    const uncached = await openDevChain({ coinbaseMaturity: 1 }, { coinsCacheBytes: 0 });
    const tiny = await openDevChain({ coinbaseMaturity: 1 }, { coinsCacheBytes: 700 });
    const b = await openDevChain({ coinbaseMaturity: 1 });
    const nodes = [cached, uncached, tiny];
    const common = await extend(b.chain, 5, alice.script);
    const coin1 = { txid: blockTxids(common[0]!)[0]!, index: 0 };
    const coin2 = { txid: blockTxids(common[1]!)[0]!, index: 0 };
    const branchA = [mineOn(b.chain.params, b.chain.tip(), { time: b.chain.tip().time + 60, payoutScript: alice.script, txs: [spendP2pkh(alice, coin1, [{ value: 49n * COIN, script: bob.script }])], fees: COIN })];
    const other = await openDevChain({ coinbaseMaturity: 1 });
    for (const blk of common) await other.chain.acceptBlock(blk);
    const branchB = await extend(other.chain, 2, carol.script, [spendP2pkh(alice, coin1, [{ value: 48n * COIN, script: carol.script }]), spendP2pkh(alice, coin2, [{ value: 40n * COIN, script: carol.script }])], 12n * COIN);
    for (const node of nodes) {
      for (const blk of [...common, ...branchA]) expect((await node.chain.acceptBlock(blk)).status).toBe('connected');
      // warm the cache with the coins the reorg will touch
      expect(node.chain.getCoin(coin2)?.value).toBe(50n * COIN);
      expect(node.chain.getCoin(coin1)).toBeUndefined();
      expect((await node.chain.acceptBlock(branchB[0]!)).status).toBe('side');
      expect(await node.chain.acceptBlock(branchB[1]!)).toMatchObject({ status: 'reorg', height: 7 });
      expect(node.chain.getCoin(coin2)).toBeUndefined();
      expect(node.chain.getCoin({ txid: blockTxids(branchA[0]!)[1]!, index: 0 })).toBeUndefined();
      expect(expectCacheMatchesDisk(node.chain, node.store)).toBe(expectUtxoAgreement(node.store));
    }
    expect(cached.chain.coins.size).toBeGreaterThan(0);
    expect(uncached.chain.coins.size).toBe(0);
    expect(tiny.chain.coins.bytes).toBeLessThanOrEqual(700);
    expect(dumpUtxos(uncached.store)).toEqual(dumpUtxos(cached.store));
    expect(dumpUtxos(tiny.store)).toEqual(dumpUtxos(cached.store));
    // and back: branch A overtakes again, its spent coins come back from undo data
    const more = await openDevChain({ coinbaseMaturity: 1 });
    for (const blk of [...common, ...branchA]) await more.chain.acceptBlock(blk);
    const branchC = await extend(more.chain, 2, bob.script);
    for (const node of nodes) {
      expect((await node.chain.acceptBlock(branchC[0]!)).status).toBe('side');
      expect((await node.chain.acceptBlock(branchC[1]!)).status).toBe('reorg');
      expect(node.chain.getCoin(coin2)?.value).toBe(50n * COIN);
      expect(expectCacheMatchesDisk(node.chain, node.store)).toBe(expectUtxoAgreement(node.store));
      expect(dumpUtxos(node.store)).toEqual(dumpUtxos(more.store));
    }
  });

  it('a throw inside the write transaction leaves the cache equal to disk (connect and reorg)', async () => {
    let failNext = false;
    const store = new MemoryChainStore();
    const a = await openDevChain({ coinbaseMaturity: 1 }, { beforeCommit: () => { if (failNext) throw new Error('power cut'); } }, store);
    const common = await extend(a.chain, 3, alice.script);
    const coin1 = { txid: blockTxids(common[0]!)[0]!, index: 0 };
    expect(a.chain.getCoin(coin1)?.value).toBe(50n * COIN);
    expect(a.chain.coins.peek(coin1)).toBeDefined();
    const spend = spendP2pkh(alice, coin1, [{ value: 49n * COIN, script: bob.script }]);
    const next = mineOn(a.chain.params, a.chain.tip(), { time: a.chain.tip().time + 60, payoutScript: bob.script, txs: [spend], fees: COIN });
    const before = dumpUtxos(store);
    failNext = true;
    await expect(a.chain.acceptBlock(next)).rejects.toThrow('power cut');
    // the spent coin is still cached as stored, the block's new coins are not cached
    expect(a.chain.coins.peek(coin1)?.value).toBe(50n * COIN);
    for (const id of blockTxids(next)) expect(a.chain.coins.peek({ txid: id, index: 0 })).toBeUndefined();
    expect(dumpUtxos(store)).toEqual(before);
    expect(expectCacheMatchesDisk(a.chain, store)).toBe(3);
    failNext = false;
    expect(await a.chain.acceptBlock(next)).toMatchObject({ status: 'connected', height: 4 });
    expect(a.chain.coins.peek(coin1)).toBeUndefined();
    expect(a.chain.coins.peek({ txid: blockTxids(next)[1]!, index: 0 })?.value).toBe(49n * COIN);
    expect(expectCacheMatchesDisk(a.chain, store)).toBe(4);

    // an interrupted reorg that would restore coin1 and drop next's coins
    const b = await openDevChain({ coinbaseMaturity: 1 });
    for (const blk of common) await b.chain.acceptBlock(blk);
    const branchB = await extend(b.chain, 2, carol.script);
    const utxos = dumpUtxos(store);
    expect((await a.chain.acceptBlock(branchB[0]!)).status).toBe('side');
    failNext = true;
    await expect(a.chain.acceptBlock(branchB[1]!)).rejects.toThrow('power cut');
    expect(dumpUtxos(store)).toEqual(utxos);
    expect(a.chain.coins.peek(coin1)).toBeUndefined();
    expect(a.chain.coins.peek({ txid: blockTxids(next)[1]!, index: 0 })?.value).toBe(49n * COIN);
    expect(expectCacheMatchesDisk(a.chain, store)).toBe(4);
    failNext = false;
    expect(await a.chain.acceptBlock(branchB[1]!)).toMatchObject({ status: 'reorg', height: 5 });
    expect(a.chain.coins.peek({ txid: blockTxids(next)[1]!, index: 0 })).toBeUndefined();
    expect(expectCacheMatchesDisk(a.chain, store)).toBe(5);
    expect(dumpUtxos(store)).toEqual(dumpUtxos(b.store));
  });
});
