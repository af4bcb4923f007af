import { describe, expect, it } from 'vitest';
import { blockTxids } from '../../block/block.js';
import { COIN } from '../../params/chain-params.js';
import { keyFrom, mineOn, openDevChain, spendP2pkh } from './chain-fixtures.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');

describe('BIP68 relative lock-times (sequence locks)', () => {
  it('a version-2 spend with a 5-block relative lock waits 5 blocks after its coin, a version-1 spend does not', async () => {
    const { chain } = await openDevChain({ coinbaseMaturity: 1 });
    const mine = async (txs: Parameters<typeof mineOn>[2]['txs'] = [], fees = 0n) =>
      chain.acceptBlock(mineOn(chain.params, chain.tip(), { time: chain.tip().time + 60, payoutScript: alice.script, txs, fees }));
    await mine();
    await mine();
    const coin = { txid: blockTxids(chain.getBlock(chain.hashAtHeight(1)!)!)[0]!, index: 0 };
    const locked = (version: number) =>
      spendP2pkh(alice, coin, [{ value: 49n * COIN, script: bob.script }], { version, inputs: [{ prevout: coin, scriptSig: new Uint8Array(0), sequence: 5 }] });
    // the coin is at height 1: the lock holds until height 1 + 5
    expect(await mine([locked(2)], COIN)).toMatchObject({ status: 'invalid', reason: 'bad-txns-nonfinal' });
    await mine();
    await mine();
    expect(chain.tip().height).toBe(4);
    expect(await mine([locked(2)], COIN)).toMatchObject({ status: 'invalid', reason: 'bad-txns-nonfinal' });
    // version 1 ignores sequence locks
    const v1 = await mine([locked(1)], COIN);
    expect(v1).toMatchObject({ status: 'connected', height: 5 });
  });

  it('the same lock is satisfied at height coin + 5', async () => {
    const { chain } = await openDevChain({ coinbaseMaturity: 1 });
    const mine = async (txs: Parameters<typeof mineOn>[2]['txs'] = [], fees = 0n) =>
      chain.acceptBlock(mineOn(chain.params, chain.tip(), { time: chain.tip().time + 60, payoutScript: alice.script, txs, fees }));
    for (let i = 0; i < 5; i++) await mine();
    const coin = { txid: blockTxids(chain.getBlock(chain.hashAtHeight(1)!)!)[0]!, index: 0 };
    const tx = spendP2pkh(alice, coin, [{ value: 49n * COIN, script: bob.script }], { version: 2, inputs: [{ prevout: coin, scriptSig: new Uint8Array(0), sequence: 5 }] });
    expect(chain.tip().height).toBe(5);
    expect(await mine([tx], COIN)).toMatchObject({ status: 'connected', height: 6 });
  });

  it('a time-based relative lock (512 s units) waits until the median time past passes coin time + 512 s', async () => {
    const { chain } = await openDevChain({ coinbaseMaturity: 1 });
    const mine = async (txs: Parameters<typeof mineOn>[2]['txs'] = [], fees = 0n) =>
      chain.acceptBlock(mineOn(chain.params, chain.tip(), { time: chain.tip().time + 60, payoutScript: alice.script, txs, fees }));
    await mine();
    const coin = { txid: blockTxids(chain.getBlock(chain.hashAtHeight(1)!)!)[0]!, index: 0 };
    // the lock counts from the median time past of the block before the coin's (the genesis block)
    const from = chain.params.genesis.header.time;
    const tx = spendP2pkh(alice, coin, [{ value: 49n * COIN, script: bob.script }], {
      version: 2,
      inputs: [{ prevout: coin, scriptSig: new Uint8Array(0), sequence: (1 << 22) | 1 }],
    });
    let refused = 0;
    while (chain.medianTimePast() <= from + 511) {
      expect(await mine([tx], COIN)).toMatchObject({ status: 'invalid', reason: 'bad-txns-nonfinal' });
      refused++;
      expect((await mine()).status).toBe('connected');
    }
    expect(refused).toBeGreaterThan(5);
    expect(await mine([tx], COIN)).toMatchObject({ status: 'connected' });
  });
});
