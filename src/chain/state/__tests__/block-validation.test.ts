import { beforeAll, describe, expect, it } from 'vitest';
import { blockHash, blockTxids, type Block } from '../../block/block.js';
import { reverseHex } from '../../encoding/hex.js';
import { forgeBlocks } from '../../mining/forge-blocks.js';
import { COIN } from '../../params/chain-params.js';
import type { Transaction } from '../../tx/transaction.js';
import type { ChainState } from '../chain-state.js';
import type { ChainStore } from '../chain-store.js';
import { dumpUtxos, expectUtxoAgreement, keyFrom, mineOn, openDevChain, regrind, spendP2pkh } from './chain-fixtures.js';

const alice = keyFrom('alice');
const bob = keyFrom('bob');

describe('block validation rejects bad blocks and leaves the chain as it was', () => {
  let chain: ChainState;
  let store: ChainStore;
  let coinbaseOf: (h: number) => { txid: Uint8Array; index: number };
  let next: (opts?: { txs?: readonly Transaction[]; fees?: bigint; time?: number }) => Block;

  beforeAll(async () => {
    ({ chain, store } = await openDevChain({ coinbaseMaturity: 1 }));
    await forgeBlocks(chain, 5, { payoutScript: alice.script, threads: 1 });
    coinbaseOf = (h) => ({ txid: blockTxids(chain.getBlock(chain.hashAtHeight(h)!)!)[0]!, index: 0 });
    next = (opts = {}) =>
      mineOn(chain.params, chain.tip(), { time: opts.time ?? chain.medianTimePast() + 100, payoutScript: alice.script, txs: opts.txs ?? [], fees: opts.fees ?? 0n });
  });

  async function expectRejected(block: Block, reason: string): Promise<void> {
    const before = { tip: chain.tip(), utxos: dumpUtxos(store) };
    const r = await chain.acceptBlock(block);
    expect(r).toMatchObject({ status: 'invalid', reason });
    expect(chain.tip()).toEqual(before.tip);
    expect(dumpUtxos(store)).toEqual(before.utxos);
    expectUtxoAgreement(store);
  }

  it('spends more than its inputs', async () => {
    const tx = spendP2pkh(alice, coinbaseOf(1), [{ value: 51n * COIN, script: bob.script }]);
    await expectRejected(next({ txs: [tx] }), 'bad-txns-in-belowout');
  });

  it('spends a coin with another key (script verification fails)', async () => {
    const forged = spendP2pkh(bob, coinbaseOf(1), [{ value: 50n * COIN, script: bob.script }]);
    const tx: Transaction = { ...forged };
    await expectRejected(next({ txs: [tx] }), 'mandatory-script-verify-flag-failed');
  });

  it('spends a missing output, and the same output twice in one block', async () => {
    const missing = spendP2pkh(alice, { txid: new Uint8Array(32).fill(7), index: 0 }, [{ value: COIN, script: bob.script }]);
    await expectRejected(next({ txs: [missing] }), 'bad-txns-inputs-missingorspent');
    const a = spendP2pkh(alice, coinbaseOf(2), [{ value: 10n * COIN, script: bob.script }]);
    const b = spendP2pkh(alice, coinbaseOf(2), [{ value: 20n * COIN, script: bob.script }]);
    await expectRejected(next({ txs: [a, b], fees: 70n * COIN }), 'bad-txns-inputs-missingorspent');
  });

  it('has a duplicate input inside one transaction', async () => {
    const one = spendP2pkh(alice, coinbaseOf(3), [{ value: COIN, script: bob.script }]);
    const dup: Transaction = { ...one, inputs: [one.inputs[0]!, one.inputs[0]!] };
    await expectRejected(next({ txs: [dup] }), 'bad-txns-inputs-duplicate');
  });

  it('pays the miner more than subsidy plus fees', async () => {
    const b = next();
    const cb = b.txs[0]!;
    const greedy: Transaction = { ...cb, outputs: [{ value: 50n * COIN + 1n, scriptPubKey: alice.script }] };
    await expectRejected(regrind({ ...b, txs: [greedy] }), 'bad-cb-amount');
  });

  it('has a wrong Merkle root, or a duplicated-transaction Merkle mutation (CVE-2012-2459)', async () => {
    const b = next();
    await expectRejected(regrind({ ...b, header: { ...b.header, merkleRoot: new Uint8Array(32).fill(1) } }, { keepMerkle: true }), 'bad-txnmrklroot');
    const t1 = spendP2pkh(alice, coinbaseOf(4), [{ value: 49n * COIN, script: bob.script }]);
    const t2 = spendP2pkh(alice, coinbaseOf(5), [{ value: 49n * COIN, script: bob.script }]);
    const honest = next({ txs: [t1, t2], fees: 2n * COIN });
    const mutated = { ...honest, txs: [...honest.txs, t2] };
    expect(reverseHex(blockHash(mutated))).toBe(reverseHex(blockHash(honest)));
    await expectRejected(mutated, 'bad-txns-duplicate');
    // the honest block with the same hash is still accepted afterwards
    expect(await chain.acceptBlock(honest)).toMatchObject({ status: 'connected' });
  });

  it('carries the wrong bits, an old or a far-future time, or a wrong BIP34 height', async () => {
    const b = next();
    await expectRejected(regrind({ ...b, header: { ...b.header, bits: 0x1f7fffff } }), 'bad-diffbits');
    await expectRejected(next({ time: chain.medianTimePast() }), 'time-too-old');
    const future = next({ time: 2_000_000_000 + 3 * 3600 });
    await expectRejected(future, 'time-too-new');
    // not remembered as invalid: it is only early
    expect(await chain.acceptBlock(future)).toMatchObject({ status: 'invalid', reason: 'time-too-new' });
    const cb = b.txs[0]!;
    const sig = cb.inputs[0]!.scriptSig.slice();
    sig[0] = sig[0]! + 1; // OP_n of the height becomes OP_(n+1)
    const wrongHeight: Transaction = { ...cb, inputs: [{ ...cb.inputs[0]!, scriptSig: sig }] };
    await expectRejected(regrind({ ...b, txs: [wrongHeight] }), 'bad-cb-height');
  });

  it('holds more legacy signature operations than the block limit (20,000 per MB)', async () => {
    const tip = chain.tip();
    const checksigs = new Uint8Array(20_001).fill(0xac);
    const b = mineOn(chain.params, tip, { time: chain.medianTimePast() + 100, payoutScript: checksigs });
    await expectRejected(b, 'bad-blk-sigops');
    const ok = mineOn(chain.params, tip, { time: chain.medianTimePast() + 100, payoutScript: checksigs.subarray(0, 19_999) });
    expect(await chain.acceptBlock(ok)).toMatchObject({ status: 'connected' });
  });

  it('includes a transaction that is not final yet (lock time in the future)', async () => {
    const h = chain.tip().height + 1;
    // lock time only binds when some input is not final
    const tx = spendP2pkh(alice, coinbaseOf(3), [{ value: 49n * COIN, script: bob.script }], {
      locktime: h + 1,
      inputs: [{ prevout: coinbaseOf(3), scriptSig: new Uint8Array(0), sequence: 0xfffffffe }],
    });
    await expectRejected(next({ txs: [tx], fees: COIN }), 'bad-txns-nonfinal');
  });

  it('keeps a block with an unknown parent as an orphan and connects it when the parent arrives', async () => {
    const tip = chain.tip();
    const parent = mineOn(chain.params, tip, { time: chain.medianTimePast() + 100, payoutScript: bob.script });
    const child = mineOn(chain.params, { hash: reverseHex(blockHash(parent)), height: tip.height + 1 }, { time: chain.medianTimePast() + 200, payoutScript: bob.script });
    expect(await chain.acceptBlock(child)).toMatchObject({ status: 'orphan', missingParent: reverseHex(blockHash(parent)) });
    expect(chain.tip()).toEqual(tip);
    expect(await chain.acceptBlock(parent)).toMatchObject({ status: 'connected' });
    expect(chain.tip().hash).toBe(reverseHex(blockHash(child)));
    expect(await chain.acceptBlock(child)).toMatchObject({ status: 'duplicate' });
    expectUtxoAgreement(store);
  });
});
