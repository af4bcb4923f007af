import { describe, expect, it } from 'vitest';
import { blockHash, blockTxids, type Block } from '../../block/block.js';
import { reverseHex } from '../../encoding/hex.js';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { COIN } from '../../params/chain-params.js';
import { NULL_INDEX, SEQUENCE_FINAL, type Transaction } from '../../tx/transaction.js';
import { bip30Applies } from '../bip30.js';
import { ChainState } from '../chain-state.js';
import { MemoryChainStore } from './memory-chain-store.js';
import { expectUtxoAgreement, keyFrom, mineOn, openDevChain, regrind, spendP2pkh } from './chain-fixtures.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');

/** A coinbase without a height commitment: the same bytes (and txid) at every height. */
const FIXED_COINBASE: Transaction = {
  version: 1,
  inputs: [{ prevout: { txid: new Uint8Array(32), index: NULL_INDEX }, scriptSig: Uint8Array.of(0x51, 0x51), sequence: SEQUENCE_FINAL }],
  outputs: [{ value: 50n * COIN, scriptPubKey: alice.script }],
  locktime: 0,
};

/** A block on `parent` whose coinbase is FIXED_COINBASE (plus `txs`). */
function withFixedCoinbase(params: Parameters<typeof mineOn>[0], parent: { hash: string; height: number }, time: number, txs: readonly Transaction[] = []): Block {
  const b = mineOn(params, parent, { time, payoutScript: alice.script, txs });
  return regrind({ header: b.header, txs: [FIXED_COINBASE, ...b.txs.slice(1)] });
}

const at = (b: Block, height: number) => ({ hash: reverseHex(blockHash(b)), height });

describe('BIP30: no duplicate txid while the earlier one has unspent outputs', () => {
  it('rejects a block repeating a coinbase whose outputs are unspent (bad-txns-BIP30), and leaves tip and coins alone', async () => {
    const { chain, store } = await openDevChain({ coinbaseMaturity: 1, bip34Height: null });
    const t0 = chain.params.genesis.header.time;
    const b1 = withFixedCoinbase(chain.params, chain.tip(), t0 + 60);
    expect(await chain.acceptBlock(b1)).toMatchObject({ status: 'connected', height: 1 });
    const b2 = withFixedCoinbase(chain.params, at(b1, 1), t0 + 120);
    expect(blockTxids(b2)[0]).toEqual(blockTxids(b1)[0]);
    const r = await chain.acceptBlock(b2);
    expect(r).toMatchObject({ status: 'invalid', reason: 'bad-txns-BIP30' });
    expect(r.status === 'invalid' && r.error?.code).toBe('CHAIN_INVALID_BLOCK');
    expect(chain.tip().height).toBe(1);
    expect(chain.getCoin({ txid: blockTxids(b1)[0]!, index: 0 })).toMatchObject({ height: 1, value: 50n * COIN });
    expect(expectUtxoAgreement(store)).toBe(1);
  });

  it('allows the repeat once every output of the earlier transaction is spent', async () => {
    const { chain, store } = await openDevChain({ coinbaseMaturity: 1, bip34Height: null });
    const t0 = chain.params.genesis.header.time;
    const b1 = withFixedCoinbase(chain.params, chain.tip(), t0 + 60);
    expect((await chain.acceptBlock(b1)).status).toBe('connected');
    const cb = { txid: blockTxids(b1)[0]!, index: 0 };
    const spend = spendP2pkh(alice, cb, [{ value: 49n * COIN, script: bob.script }]);
    const b2 = mineOn(chain.params, at(b1, 1), { time: t0 + 120, payoutScript: bob.script, txs: [spend], fees: COIN });
    expect(await chain.acceptBlock(b2)).toMatchObject({ status: 'connected', height: 2 });
    expect(chain.getCoin(cb)).toBeUndefined();
    const b3 = withFixedCoinbase(chain.params, at(b2, 2), t0 + 180);
    expect(await chain.acceptBlock(b3)).toMatchObject({ status: 'connected', height: 3 });
    expect(chain.getCoin(cb)).toMatchObject({ height: 3, coinbase: true, value: 50n * COIN });
    expect(expectUtxoAgreement(store)).toBe(3);
  });

  it('exempts only the blocks the params list (height and hash): their coinbase overwrites the earlier coin', async () => {
    const dev = (await openDevChain({ coinbaseMaturity: 1, bip34Height: null })).chain.params;
    const t0 = dev.genesis.header.time;
    const b1 = withFixedCoinbase(dev, { hash: reverseHex(dev.genesisHash), height: 0 }, t0 + 60);
    const b2 = withFixedCoinbase(dev, at(b1, 1), t0 + 120);
    const id2 = reverseHex(blockHash(b2));
    const { chain, store } = await openDevChain({ coinbaseMaturity: 1, bip34Height: null });
    const exempt = { ...chain.params, bip30Exceptions: [{ height: 2, hash: id2 }] };
    expect(bip30Applies(exempt, 2, id2)).toBe(false);
    expect(bip30Applies(exempt, 3, id2)).toBe(true);
    expect(bip30Applies(exempt, 2, reverseHex(blockHash(b1)))).toBe(true);
    const store2 = new MemoryChainStore();
    const exempted = ChainState.open(store2, exempt, { now: () => 2_000_000_000 });
    expect((await exempted.acceptBlock(b1)).status).toBe('connected');
    expect(await exempted.acceptBlock(b2)).toMatchObject({ status: 'connected', height: 2 });
    expect(exempted.getCoin({ txid: blockTxids(b1)[0]!, index: 0 })).toMatchObject({ height: 2 });
    expect(expectUtxoAgreement(store2)).toBe(1);
    // the same blocks without the exception: the repeat is refused
    expect((await chain.acceptBlock(b1)).status).toBe('connected');
    expect(await chain.acceptBlock(b2)).toMatchObject({ status: 'invalid', reason: 'bad-txns-BIP30' });
    expect(expectUtxoAgreement(store)).toBe(1);
  });

  it('Bitcoin main-net params list the two historic exceptions', () => {
    expect(BITCOIN_MAIN.bip30Exceptions?.map((e) => e.height)).toEqual([91_842, 91_880]);
    expect(bip30Applies(BITCOIN_MAIN, 91_842, '00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec')).toBe(false);
    expect(bip30Applies(BITCOIN_MAIN, 91_880, '00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721')).toBe(false);
    expect(bip30Applies(BITCOIN_MAIN, 91_843, '00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec')).toBe(true);
    expect(bip30Applies(BITCOIN_MAIN, 91_842, '00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721')).toBe(true);
  });
});
