import { describe, expect, it } from 'vitest';
import { blockTxids } from '../../block/block.js';
import { forgeBlocks } from '../../mining/forge-blocks.js';
import { COIN } from '../../params/chain-params.js';
import { demiurgeParams } from '../../params/demiurge.js';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { DEFAULT_GAS_LIMIT } from '../../script/gas.js';
import { keyFrom, mineOn, openDevChain, spendP2pkh } from './chain-fixtures.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');

/** Mines 2 blocks paying alice, then offers a block spending block 1's coinbase with a P2PKH signature. */
async function spendOnChainWithGas(scriptGasLimit: number | null) {
  const { chain } = await openDevChain({ coinbaseMaturity: 1, scriptGasLimit });
  await forgeBlocks(chain, 2, { payoutScript: alice.script, threads: 1 });
  const coinbase = { txid: blockTxids(chain.getBlock(chain.hashAtHeight(1)!)!)[0]!, index: 0 };
  const spend = spendP2pkh(alice, coinbase, [{ value: 49n * COIN, script: bob.script }]);
  const block = mineOn(chain.params, chain.tip(), { time: chain.medianTimePast() + 100, payoutScript: alice.script, txs: [spend], fees: COIN });
  return chain.acceptBlock(block);
}

describe('the per-script gas budget is a consensus rule of the Demiurge chain', () => {
  it('is on by default for Demiurge and off for Bitcoin main-net data', () => {
    expect(demiurgeParams().scriptGasLimit).toBe(DEFAULT_GAS_LIMIT);
    expect(BITCOIN_MAIN.scriptGasLimit).toBeNull();
  });

  it('accepts a P2PKH spend within the default budget, and rejects it when the budget is below a CHECKSIG', async () => {
    expect(await spendOnChainWithGas(DEFAULT_GAS_LIMIT)).toMatchObject({ status: 'connected' });
    const starved = await spendOnChainWithGas(1000);
    expect(starved).toMatchObject({ status: 'invalid', reason: 'mandatory-script-verify-flag-failed' });
    expect(JSON.stringify(starved)).toContain('GAS_EXHAUSTED');
  });
});
