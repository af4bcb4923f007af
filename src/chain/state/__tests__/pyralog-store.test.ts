import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../storage/index.js';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { COIN } from '../../params/chain-params.js';
import { blockHash, blockTxids } from '../../block/block.js';
import { reverseHex } from '../../encoding/hex.js';
import { forgeBlocks, forgeNextBlock } from '../../mining/forge-blocks.js';
import { ChainState } from '../chain-state.js';
import { importBlocks } from '../import-blocks.js';
import { BLOCKS_TABLE, OUTPUTS_TABLE, TRANSACTIONS_TABLE, UTXOS_TABLE } from '../chain-tables.js';
import { dumpUtxos, expectUtxoAgreement, keyFrom, mineOn, openDevChain, spendP2pkh } from './chain-fixtures.js';

const dataDir = fileURLToPath(new URL('../../../../test/data/bitcoin/', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the chain on the real Pyralog store', () => {
  it('imports main-net blocks 0..255 into an LMDB store, and a reopened store resumes at the tip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pyralog-chain-'));
    dirs.push(dir);
    const store = openStore(dir);
    const chain = ChainState.open(store, BITCOIN_MAIN);
    const summary = await importBlocks(chain, new Uint8Array(readFileSync(dataDir + 'blocks1-256.bz2')));
    expect(summary.byStatus.connected).toBe(255);
    const utxos = expectUtxoAgreement(store);
    const snap = store.snapshot();
    expect(snap.stats(BLOCKS_TABLE.name).rowCount).toBe(256);
    expect(snap.stats(UTXOS_TABLE.name).rowCount).toBe(utxos);
    // total coinbase value per 50 blocks, from scans of the transactions and outputs tables
    const coinbaseHeight = new Map<string, number>();
    for (const batch of snap.scan(TRANSACTIONS_TABLE.name, { columns: ['txid', 'height', 'is_coinbase'] })) {
      for (let i = 0; i < batch.numRows; i++) {
        if (batch.getChild('is_coinbase')!.get(i) === true) coinbaseHeight.set(batch.getChild('txid')!.get(i) as string, Number(batch.getChild('height')!.get(i)));
      }
    }
    const per50 = new Map<number, bigint>();
    for (const batch of snap.scan(OUTPUTS_TABLE.name, { columns: ['txid', 'value'] })) {
      for (let i = 0; i < batch.numRows; i++) {
        const h = coinbaseHeight.get(batch.getChild('txid')!.get(i) as string);
        if (h !== undefined) per50.set(Math.floor(h / 50), (per50.get(Math.floor(h / 50)) ?? 0n) + (batch.getChild('value')!.get(i) as bigint));
      }
    }
    expect([...per50.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 2500n * COIN],
      [1, 2500n * COIN],
      [2, 2500n * COIN],
      [3, 2500n * COIN],
      [4, 2500n * COIN],
      [5, 300n * COIN],
    ]);
    snap.close();
    store.close();

    const again = openStore(dir);
    const reopened = ChainState.open(again, BITCOIN_MAIN);
    expect(reopened.tip()).toEqual(chain.tip());
    expect(reopened.hashAtHeight(170)).toBe('00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee');
    expect(expectUtxoAgreement(again)).toBe(utxos);
    again.close();
  });

  it('mines, spends and reorganises on an in-memory Pyralog store, kv and tables agreeing after each step', async () => {
    const alice = keyFrom('alice');
    const bob = keyFrom('bob');
    const storeA = openStore(':memory:');
    const a = await openDevChain({ coinbaseMaturity: 1 }, {}, storeA);
    const b = await openDevChain({ coinbaseMaturity: 1 }, {}, openStore(':memory:'));
    const common = await forgeBlocks(a.chain, 3, { payoutScript: alice.script, threads: 1 });
    expect(expectUtxoAgreement(storeA)).toBe(3);
    for (let h = 1; h <= 3; h++) await b.chain.acceptBlock(a.chain.getBlock(a.chain.hashAtHeight(h)!)!);
    const coin = { txid: blockTxids(a.chain.getBlock(a.chain.hashAtHeight(1)!)!)[0]!, index: 0 };
    const spend = spendP2pkh(alice, coin, [{ value: 40n * COIN, script: bob.script }]);
    await forgeNextBlock(a.chain, { payoutScript: alice.script, txs: [spend], threads: 1 });
    expect(a.chain.getCoin(coin)).toBeUndefined();
    expect(expectUtxoAgreement(storeA)).toBe(4);
    expect(common).toHaveLength(3);

    const side1 = mineOn(b.chain.params, b.chain.tip(), { time: b.chain.tip().time + 60, payoutScript: bob.script });
    await b.chain.acceptBlock(side1);
    const side2 = mineOn(b.chain.params, b.chain.tip(), { time: b.chain.tip().time + 60, payoutScript: bob.script });
    await b.chain.acceptBlock(side2);
    expect(await a.chain.acceptBlock(side1)).toMatchObject({ status: 'side' });
    expect(expectUtxoAgreement(storeA)).toBe(4);
    expect(await a.chain.acceptBlock(side2)).toMatchObject({ status: 'reorg', height: 5 });
    expect(a.chain.getCoin(coin)?.value).toBe(50n * COIN);
    expect(dumpUtxos(storeA)).toEqual(dumpUtxos(b.store));
    expect(expectUtxoAgreement(storeA)).toBe(5);
  });

  it('after a reorg on disk, a reopened store knows both branches and can switch back using stored side blocks', async () => {
    const alice = keyFrom('alice');
    const bob = keyFrom('bob');
    const dir = mkdtempSync(join(tmpdir(), 'pyralog-chain-'));
    dirs.push(dir);
    let store = openStore(dir);
    let a = await openDevChain({ coinbaseMaturity: 1 }, {}, store);
    await forgeBlocks(a.chain, 2, { payoutScript: alice.script, threads: 1 });
    const fork = a.chain.tip();
    const mainBlocks = [];
    for (let i = 0; i < 2; i++) {
      const blk = mineOn(a.chain.params, a.chain.tip(), { time: a.chain.tip().time + 60, payoutScript: alice.script });
      await a.chain.acceptBlock(blk);
      mainBlocks.push(blk);
    }
    // a side branch from the fork, three blocks long: the third reorganises
    const side = [];
    let parent = { hash: fork.hash, height: fork.height };
    for (let i = 0; i < 3; i++) {
      const blk = mineOn(a.chain.params, parent, { time: fork.time + 30 * (i + 1), payoutScript: bob.script });
      side.push(blk);
      parent = { hash: reverseHex(blockHash(blk)), height: parent.height + 1 };
    }
    expect((await a.chain.acceptBlock(side[0]!)).status).toBe('side');
    expect((await a.chain.acceptBlock(side[1]!)).status).toBe('side');
    expect((await a.chain.acceptBlock(side[2]!)).status).toBe('reorg');
    const utxos = dumpUtxos(store);
    store.close();

    store = openStore(dir);
    a = await openDevChain({ coinbaseMaturity: 1 }, {}, store);
    expect(a.chain.tip().hash).toBe(reverseHex(blockHash(side[2]!)));
    expect(a.chain.knownBlocks()).toBe(1 + 2 + 2 + 3);
    expect(a.chain.getBlockInfo(reverseHex(blockHash(mainBlocks[1]!)))).toMatchObject({ mainChain: false, height: 4 });
    expect(dumpUtxos(store)).toEqual(utxos);
    // extend the old branch twice: its stored blocks are reconnected
    let oldTip = { hash: reverseHex(blockHash(mainBlocks[1]!)), height: 4 };
    const r1 = await a.chain.acceptBlock(mineOn(a.chain.params, oldTip, { time: fork.time + 500, payoutScript: alice.script }));
    expect(r1.status).toBe('side');
    oldTip = { hash: r1.hash, height: 5 };
    const r2 = await a.chain.acceptBlock(mineOn(a.chain.params, oldTip, { time: fork.time + 560, payoutScript: alice.script }));
    expect(r2).toMatchObject({ status: 'reorg', height: 6 });
    if (r2.status === 'reorg') expect(r2.disconnected).toHaveLength(3);
    expectUtxoAgreement(store);
    store.close();
  });

  it('an interrupted connect on LMDB (a throw inside the write) leaves tip, UTXO set and tables as they were, also after reopening', async () => {
    const alice = keyFrom('alice');
    const dir = mkdtempSync(join(tmpdir(), 'pyralog-chain-'));
    dirs.push(dir);
    let failNext = false;
    let store = openStore(dir);
    const a = await openDevChain({ coinbaseMaturity: 1 }, { beforeCommit: () => { if (failNext) throw new Error('power cut'); } }, store);
    await forgeBlocks(a.chain, 3, { payoutScript: alice.script, threads: 1 });
    const tip = a.chain.tip();
    const utxos = dumpUtxos(store);
    const rows = (s: ReturnType<typeof openStore>) => {
      const snap = s.snapshot();
      try {
        return [BLOCKS_TABLE, TRANSACTIONS_TABLE, OUTPUTS_TABLE, UTXOS_TABLE].map((t) => snap.stats(t.name).rowCount);
      } finally {
        snap.close();
      }
    };
    const rowsBefore = rows(store);
    const spend = spendP2pkh(alice, { txid: blockTxids(a.chain.getBlock(a.chain.hashAtHeight(1)!)!)[0]!, index: 0 }, [{ value: 49n * COIN, script: alice.script }]);
    const next = mineOn(a.chain.params, tip, { time: tip.time + 60, payoutScript: alice.script, txs: [spend], fees: COIN });
    failNext = true;
    await expect(a.chain.acceptBlock(next)).rejects.toThrow('power cut');
    expect(a.chain.tip()).toEqual(tip);
    expect(dumpUtxos(store)).toEqual(utxos);
    expect(rows(store)).toEqual(rowsBefore);
    store.close();
    store = openStore(dir);
    const reopened = await openDevChain({ coinbaseMaturity: 1 }, {}, store);
    expect(reopened.chain.tip()).toEqual(tip);
    expect(dumpUtxos(store)).toEqual(utxos);
    expect(rows(store)).toEqual(rowsBefore);
    expect(await reopened.chain.acceptBlock(next)).toMatchObject({ status: 'connected', height: 4 });
    expect(expectUtxoAgreement(store)).toBe(utxos.length - 1 + 2);
    store.close();
  });
});
