import { describe, expect, it } from 'vitest';
import { reverseHex } from '../../encoding/hex.js';
import { blockTxids } from '../../block/block.js';
import { forgeBlocks, forgeNextBlock } from '../../mining/forge-blocks.js';
import { createBlockTemplate } from '../../mining/block-template.js';
import { mineBlock } from '../../mining/forge.js';
import { BLOCKS_TABLE, TRANSACTIONS_TABLE, OUTPUTS_TABLE, INPUTS_TABLE } from '../chain-tables.js';
import { expectUtxoAgreement, keyFrom, openDevChain, spendP2pkh } from './chain-fixtures.js';
import { MemoryChainStore } from './memory-chain-store.js';
import { COIN } from '../../params/chain-params.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');

describe('ChainState on the Demiurge dev chain', () => {
  it('opens with the frozen genesis block and no spendable coins', async () => {
    const { chain, store } = await openDevChain();
    expect(chain.tip()).toMatchObject({ height: 0, hash: '038ff24064d4bb893715d30370bf20416b40038abe7661f82a0c22d927bf9d41' });
    expect(chain.tip().work).toBe(2n);
    expect(expectUtxoAgreement(store)).toBe(0);
    const snap = store.snapshot();
    const row = snap.get(BLOCKS_TABLE.name, [chain.tip().hash]);
    expect(row?.['height']).toBe(0n);
    expect(row?.['main_chain']).toBe(true);
    expect(snap.stats(TRANSACTIONS_TABLE.name).rowCount).toBe(1);
  });

  it('reopens an existing store at the same tip and refuses other params', async () => {
    const store = new MemoryChainStore();
    const { chain } = await openDevChain({}, {}, store);
    await forgeBlocks(chain, 3, { payoutScript: alice.script, threads: 1 });
    const again = await openDevChain({}, {}, store);
    expect(again.chain.tip()).toEqual(chain.tip());
    expect(again.chain.hashAtHeight(2)).toBe(chain.hashAtHeight(2));
    await expect(openDevChain({ name: 'other-chain' }, {}, store)).rejects.toMatchObject({ code: 'CHAIN_PARAMS_MISMATCH' });
  });

  it('mines blocks, connects them and records coins, rows and chain work', async () => {
    const { chain, store } = await openDevChain();
    const mined = await forgeBlocks(chain, 3, { payoutScript: alice.script, threads: 1 });
    expect(mined.map((m) => m.result.status)).toEqual(['connected', 'connected', 'connected']);
    expect(chain.tip().height).toBe(3);
    expect(chain.tip().work).toBe(8n);
    const b2 = chain.getBlock(chain.hashAtHeight(2)!)!;
    const cbid = blockTxids(b2)[0]!;
    const coin = chain.getCoin({ txid: cbid, index: 0 });
    expect(coin).toEqual({ value: 50n * COIN, height: 2, coinbase: true, scriptPubKey: alice.script });
    expect(expectUtxoAgreement(store)).toBe(3);
    const snap = store.snapshot();
    expect(snap.get(OUTPUTS_TABLE.name, [reverseHex(cbid), 0n])?.['script_type']).toBe('p2pkh');
    expect(snap.get(OUTPUTS_TABLE.name, [reverseHex(cbid), 0n])?.['address']).toMatch(/^D/);
    expect(snap.get(TRANSACTIONS_TABLE.name, [reverseHex(cbid)])).toMatchObject({ height: 2n, idx: 0n, is_coinbase: true, fee: null });
    expect(snap.get(BLOCKS_TABLE.name, [chain.tip().hash])?.['chain_work']).toBe('8'.padStart(64, '0'));
  });

  it('enforces coinbase maturity, then connects a signed P2PKH spend and updates the UTXO set', async () => {
    const { chain, store } = await openDevChain();
    await forgeBlocks(chain, 99, { payoutScript: alice.script, threads: 1 });
    const first = chain.getBlock(chain.hashAtHeight(1)!)!;
    const prevout = { txid: blockTxids(first)[0]!, index: 0 };
    const spend = spendP2pkh(alice, prevout, [
      { value: 30n * COIN, script: bob.script },
      { value: 19n * COIN, script: alice.script },
    ]);
    // block 100 would spend a coinbase of height 1 at depth 99
    const early = await mineBlock(createBlockTemplate(chain, { payoutScript: alice.script, txs: [spend] }), { threads: 1 });
    if (early.kind !== 'found') throw new Error('not mined');
    const rejected = await chain.acceptBlock(early.block);
    expect(rejected).toMatchObject({ status: 'invalid', reason: 'bad-txns-premature-spend-of-coinbase' });
    expect(chain.tip().height).toBe(99);

    await forgeBlocks(chain, 1, { payoutScript: alice.script, threads: 1 });
    const mined = await forgeNextBlock(chain, { payoutScript: bob.script, txs: [spend], threads: 1 });
    expect(mined?.result).toMatchObject({ status: 'connected', height: 101 });
    expect(chain.getCoin(prevout)).toBeUndefined();
    const spendId = blockTxids(chain.getBlock(chain.tip().hash)!)[1]!;
    expect(chain.getCoin({ txid: spendId, index: 0 })).toMatchObject({ value: 30n * COIN, height: 101, coinbase: false });
    expect(chain.getCoin({ txid: spendId, index: 1 })?.scriptPubKey).toEqual(alice.script);
    // the fee (1 coin) goes to the miner on top of the subsidy
    const cb = chain.getBlock(chain.tip().hash)!.txs[0]!;
    expect(cb.outputs[0]!.value).toBe(51n * COIN);
    expect(expectUtxoAgreement(store)).toBe(100 + 2);
    const snap = store.snapshot();
    expect(snap.get(TRANSACTIONS_TABLE.name, [reverseHex(spendId)])?.['fee']).toBe(COIN);
    expect(snap.get(INPUTS_TABLE.name, [reverseHex(spendId), 0n])).toMatchObject({ prev_txid: reverseHex(prevout.txid), prev_index: 0n, value: 50n * COIN });

    // the template builder refuses to spend the same coin again
    const again = spendP2pkh(alice, prevout, [{ value: 10n * COIN, script: bob.script }]);
    expect(() => createBlockTemplate(chain, { payoutScript: alice.script, txs: [again] })).toThrow(/neither unspent/);
  });
});
