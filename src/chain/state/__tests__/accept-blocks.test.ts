import { describe, expect, it } from 'vitest';
import { blockHash, blockTxids, type Block } from '../../block/block.js';
import { reverseHex } from '../../encoding/hex.js';
import { COIN } from '../../params/chain-params.js';
import { dumpUtxos, expectUtxoAgreement, keyFrom, mineOn, openDevChain, spendP2pkh } from './chain-fixtures.js';
import { MemoryChainStore } from './memory-chain-store.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');

/** Blocks 1..6 on the dev genesis, block 3 spending block 1's coinbase; then a broken 7, its child 8, and a fork of 6. */
async function scenario(): Promise<Block[]> {
  const { chain } = await openDevChain({ coinbaseMaturity: 1 });
  const blocks: Block[] = [];
  const add = async (b: Block): Promise<void> => {
    blocks.push(b);
    await chain.acceptBlock(b);
  };
  for (let h = 1; h <= 6; h++) {
    const tip = chain.tip();
    const txs = h === 3 ? [spendP2pkh(alice, { txid: blockTxids(blocks[0]!)[0]!, index: 0 }, [{ value: 45n * COIN, script: bob.script }])] : [];
    await add(mineOn(chain.params, tip, { time: tip.time + 60, payoutScript: alice.script, txs, fees: h === 3 ? 5n * COIN : 0n }));
  }
  const tip = chain.tip();
  const broken = mineOn(chain.params, tip, { time: tip.time + 60, payoutScript: alice.script, fees: 1n });
  const child = mineOn(chain.params, { hash: reverseHex(blockHash(broken)), height: 7 }, { time: tip.time + 120, payoutScript: alice.script });
  const forkOf6 = mineOn(chain.params, { hash: reverseHex(blockHash(blocks[4]!)), height: 5 }, { time: tip.time + 7, payoutScript: bob.script });
  return [...blocks, broken, child, forkOf6];
}

describe('acceptBlocks (bulk path)', () => {
  it('gives the same results and state as acceptBlock one by one, with one write per run', async () => {
    const blocks = await scenario();
    const one = await openDevChain({ coinbaseMaturity: 1 });
    const single = [];
    for (const b of blocks) single.push(await one.chain.acceptBlock(b));
    const storeB = new MemoryChainStore();
    const many = await openDevChain({ coinbaseMaturity: 1 }, {}, storeB);
    const writesBefore = storeB.writes;
    const bulk = await many.chain.acceptBlocks(blocks.map((block) => ({ block })));
    expect(bulk.map((r) => r.status)).toEqual(['connected', 'connected', 'connected', 'connected', 'connected', 'connected', 'invalid', 'invalid', 'side']);
    expect(bulk.map((r) => (r.status === 'invalid' ? r.reason : r.status))).toEqual(single.map((r) => (r.status === 'invalid' ? r.reason : r.status)));
    expect(bulk[6]).toMatchObject({ reason: 'bad-cb-amount' });
    expect(many.chain.tip()).toEqual(one.chain.tip());
    expect(dumpUtxos(storeB)).toEqual(dumpUtxos(one.store));
    expectUtxoAgreement(storeB);
    // six connected blocks in one write, then the side block
    expect(storeB.writes - writesBefore).toBe(2);
  });
});
