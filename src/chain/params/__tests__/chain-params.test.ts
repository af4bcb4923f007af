import { describe, expect, it } from 'vitest';
import { reverseHex, toHex } from '../../encoding/hex.js';
import { BITCOIN_MAIN } from '../bitcoin-main.js';
import { DEMIURGE_DEV, buildDemiurgeGenesis, demiurgeParams } from '../demiurge.js';
import { blockHash, serializeBlock } from '../../block/block.js';
import { checkProofOfWork } from '../../block/proof-of-work.js';
import { bitsToTarget, targetToBits } from '../../block/compact-target.js';
import { blockSubsidy } from '../subsidy.js';
import { COIN } from '../chain-params.js';

describe('chain parameters', () => {
  it('Bitcoin main net: genesis, limits and schedule', () => {
    expect(reverseHex(BITCOIN_MAIN.genesisHash)).toBe('000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f');
    expect(targetToBits(BITCOIN_MAIN.powLimit)).toBe(0x1d00ffff);
    expect(toHex(BITCOIN_MAIN.magic)).toBe('f9beb4d9');
    expect(serializeBlock(BITCOIN_MAIN.genesis)).toHaveLength(285);
    expect(blockSubsidy(840_000, BITCOIN_MAIN.initialSubsidy, BITCOIN_MAIN.halvingInterval)).toBe(312_500_000n);
    expect(BITCOIN_MAIN.coinbaseMaturity).toBe(100);
  });

  it('Demiurge dev: a deterministic genesis whose hash is frozen here', () => {
    expect(reverseHex(DEMIURGE_DEV.genesisHash)).toBe('038ff24064d4bb893715d30370bf20416b40038abe7661f82a0c22d927bf9d41');
    expect(reverseHex(DEMIURGE_DEV.genesis.header.merkleRoot)).toBe('4a9e601404042365bf2c0dfae1d507a7cef25174a7cfc28c58499ec414831250');
    expect(DEMIURGE_DEV.genesis.header).toMatchObject({ version: 1, time: 1_767_225_600, bits: 0x207fffff, nonce: 0 });
    // rebuilding gives byte-identical blocks
    expect(toHex(serializeBlock(buildDemiurgeGenesis(0x207fffff)))).toBe(toHex(serializeBlock(DEMIURGE_DEV.genesis)));
    expect(toHex(DEMIURGE_DEV.magic)).toBe('d36d7572');
    expect(DEMIURGE_DEV.powLimit).toBe(bitsToTarget(0x207fffff));
    expect(DEMIURGE_DEV).toMatchObject({ coinbaseMaturity: 100, retargetInterval: 144, targetSpacing: 60, noRetargeting: false, maxBlockSize: 1_000_000 });
    expect(DEMIURGE_DEV.initialSubsidy).toBe(50n * COIN);
  });

  it('a harder configured dev difficulty gets its own genesis that meets it', () => {
    const p = demiurgeParams({ powLimitBits: 0x2000ffff, name: 'demiurge-harder' });
    expect(p.genesis.header.bits).toBe(0x2000ffff);
    expect(checkProofOfWork(blockHash(p.genesis), 0x2000ffff, p.powLimit)).toEqual({ ok: true });
    expect(reverseHex(p.genesisHash)).not.toBe(reverseHex(DEMIURGE_DEV.genesisHash));
    expect(p.genesis.header.nonce).toBeGreaterThan(0);
  });
});
