import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BITCOIN_MAIN } from '../../params/bitcoin-main.js';
import { COIN } from '../../params/chain-params.js';
import { fromReverseHex } from '../../encoding/hex.js';
import { ChainState } from '../chain-state.js';
import { importBlocks } from '../import-blocks.js';
import { defaultInputVerifier } from '../input-verifier.js';
import { txidHex } from '../../tx/transaction.js';
import { BLOCKS_TABLE, INPUTS_TABLE, TRANSACTIONS_TABLE } from '../chain-tables.js';
import { expectUtxoAgreement } from './chain-fixtures.js';
import { MemoryChainStore } from './memory-chain-store.js';

const dataDir = fileURLToPath(new URL('../../../../test/data/bitcoin/', import.meta.url));

describe('importing real main-network blocks 0..255', () => {
  it('connects all 255 blocks with main-net rules, verifying the signatures of the first spends', async () => {
    const store = new MemoryChainStore();
    const chain = ChainState.open(store, BITCOIN_MAIN);
    const summary = await importBlocks(chain, new Uint8Array(readFileSync(dataDir + 'blocks1-256.bz2')));
    expect(summary.blocks).toBe(255);
    expect(summary.byStatus.connected).toBe(255);
    expect(summary.rejected).toEqual([]);
    expect(chain.tip().height).toBe(255);
    expect(chain.hashAtHeight(170)).toBe('00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee');
    // Satoshi's 50 BTC of block 9 were split: 10 to Hal Finney, 40 back as change, which block 181 spends again
    const first = fromReverseHex('f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16');
    expect(chain.getCoin({ txid: first, index: 0 })).toMatchObject({ value: 10n * COIN, height: 170, coinbase: false });
    expect(chain.getCoin({ txid: fromReverseHex('0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9'), index: 0 })).toBeUndefined();
    const snap = store.snapshot();
    expect(snap.get(TRANSACTIONS_TABLE.name, ['f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16'])).toMatchObject({ height: 170n, fee: 0n });
    expect(snap.get(INPUTS_TABLE.name, ['f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16', 0n])?.['value']).toBe(50n * COIN);
    expect(snap.stats(BLOCKS_TABLE.name).rowCount).toBe(256);
    // 255 coinbases minus block 9's, plus the outputs of the 7 spends still unspent
    const utxos = expectUtxoAgreement(store);
    expect(utxos).toBeGreaterThan(250);
    expect(chain.tip().work).toBe(256n * 0x100010001n);
  });

  it('runs script verification on every spending input (and a failing script rejects block 170)', async () => {
    const seen: string[] = [];
    const counting = defaultInputVerifier();
    const chain = ChainState.open(new MemoryChainStore(), BITCOIN_MAIN, {
      verifyInput: (tx, i, coin, flags) => {
        seen.push(`${txidHex(tx)}:${i}`);
        return counting(tx, i, coin, flags);
      },
    });
    const all = new Uint8Array(readFileSync(dataDir + 'blocks1-256.bz2'));
    await importBlocks(chain, all);
    expect(seen[0]).toBe('f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16:0');
    expect(seen.length).toBeGreaterThanOrEqual(7);

    const refusing = ChainState.open(new MemoryChainStore(), BITCOIN_MAIN, { verifyInput: () => 'EVAL_FALSE' });
    const summary = await importBlocks(refusing, all);
    expect(refusing.tip().height).toBe(169);
    expect(summary.rejected[0]).toEqual({ hash: '00000000d1145790a8694403d4063f323d499e655c83426834d4ce2f8dd4a2ee', reason: 'mandatory-script-verify-flag-failed' });
  });
});
