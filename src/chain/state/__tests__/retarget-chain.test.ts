import { describe, expect, it } from 'vitest';
import { bitsToTarget } from '../../block/compact-target.js';
import { retargetBits } from '../../params/retarget.js';
import { keyFrom, mineOn, openDevChain } from './chain-fixtures.js';

const miner = keyFrom('miner');

describe('difficulty retargeting on a chain', () => {
  it('requires the retargeted bits at the interval boundary (4x clamp) and the same bits in between', async () => {
    const { chain } = await openDevChain({ noRetargeting: false, retargetInterval: 10, targetSpacing: 60, powLimitBits: 0x2000ffff, name: 'retarget-test' });
    const genesisBits = chain.params.genesis.header.bits;
    // nine blocks 6 s apart: the window (blocks 0..9) took 54 s of the intended 600, clamped to 150
    for (let i = 0; i < 9; i++) {
      const b = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 6, payoutScript: miner.script });
      expect((await chain.acceptBlock(b)).status).toBe('connected');
    }
    expect(chain.tip().height).toBe(9);
    const expected = retargetBits(chain.params, genesisBits, 150);
    expect(chain.nextBits()).toBe(expected);
    expect(bitsToTarget(expected)).toBe(bitsToTarget(genesisBits) / 4n);
    const stale = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 6, payoutScript: miner.script });
    expect(await chain.acceptBlock(stale)).toMatchObject({ status: 'invalid', reason: 'bad-diffbits' });
    const good = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 6, payoutScript: miner.script, bits: expected });
    expect(await chain.acceptBlock(good)).toMatchObject({ status: 'connected', height: 10 });
    // block 11 keeps the new bits; the old ones are refused
    expect(chain.nextBits()).toBe(expected);
    const wrong = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 6, payoutScript: miner.script });
    expect(await chain.acceptBlock(wrong)).toMatchObject({ status: 'invalid', reason: 'bad-diffbits' });
    // each block at the harder target carries 4x the work
    const before = chain.tip().work;
    const next = mineOn(chain.params, chain.tip(), { time: chain.tip().time + 6, payoutScript: miner.script, bits: expected });
    await chain.acceptBlock(next);
    expect(chain.tip().work - before).toBe((1n << 256n) / (bitsToTarget(expected) + 1n));
  });
});
