import { describe, expect, it } from 'vitest';
import { nextRequiredBits, retargetBits, type RetargetRules } from '../retarget.js';
import { blockSubsidy } from '../subsidy.js';
import { medianTimePast } from '../median-time-past.js';
import { bitsToTarget } from '../../block/compact-target.js';

const MAIN: RetargetRules = { retargetInterval: 2016, targetSpacing: 600, powLimit: (1n << 224n) - 1n, noRetargeting: false };

describe('retarget', () => {
  it('reproduces main-net retarget at height 32256 (first difficulty change)', () => {
    // block 30240 time 1262152739, block 32255 time 1262153464 ... Bitcoin Core pow_tests: get_next_work
    expect(retargetBits(MAIN, 0x1d00ffff, 1262152739 - 1261130161)).toBe(0x1d00d86a);
  });

  it('clamps a very fast window to a 4x harder target (Core pow_tests get_next_work_lower_limit_actual)', () => {
    expect(retargetBits(MAIN, 0x1c05a3f4, 1279297671 - 1279008237)).toBe(0x1c0168fd);
  });

  it('clamps a very slow window to a 4x easier target (Core pow_tests get_next_work_upper_limit_actual)', () => {
    expect(retargetBits(MAIN, 0x1c387f6f, 1269211443 - 1263163443)).toBe(0x1d00e1fd);
  });

  it('never goes above the pow limit (Core pow_tests get_next_work_pow_limit)', () => {
    expect(retargetBits(MAIN, 0x1d00ffff, 1233061996 - 1231006505)).toBe(0x1d00ffff);
  });

  it('keeps the bits between retarget heights and uses the window start time', () => {
    const rules: RetargetRules = { retargetInterval: 10, targetSpacing: 60, powLimit: (1n << 255n) - 1n, noRetargeting: false };
    const times = new Map<number, number>([[0, 1000]]);
    expect(nextRequiredBits(rules, { height: 5, bits: 0x1f00ffff, time: 1300 }, (h) => times.get(h)!)).toBe(0x1f00ffff);
    // height 10: window from block 0 (t=1000) to block 9 (t=1300) = 300 s of intended 600 s: target halves
    const next = nextRequiredBits(rules, { height: 9, bits: 0x1f00ffff, time: 1300 }, (h) => times.get(h)!);
    expect(bitsToTarget(next)).toBe(bitsToTarget(0x1f00ffff) / 2n);
    // a window of 1 s clamps to 150 s: a quarter of the target
    const fast = nextRequiredBits(rules, { height: 9, bits: 0x1f00ffff, time: 1001 }, (h) => times.get(h)!);
    expect(bitsToTarget(fast)).toBe(bitsToTarget(0x1f00ffff) / 4n);
    expect(nextRequiredBits({ ...rules, noRetargeting: true }, { height: 9, bits: 0x1f00ffff, time: 1001 }, (h) => times.get(h)!)).toBe(0x1f00ffff);
  });
});

describe('subsidy', () => {
  it('halves every interval and reaches zero', () => {
    const coin = 100_000_000n;
    expect(blockSubsidy(0, 50n * coin, 210_000)).toBe(50n * coin);
    expect(blockSubsidy(209_999, 50n * coin, 210_000)).toBe(50n * coin);
    expect(blockSubsidy(210_000, 50n * coin, 210_000)).toBe(25n * coin);
    expect(blockSubsidy(630_000, 50n * coin, 210_000)).toBe(625_000_000n);
    expect(blockSubsidy(210_000 * 33, 50n * coin, 210_000)).toBe(0n);
    expect(blockSubsidy(210_000 * 64, 50n * coin, 210_000)).toBe(0n);
    let total = 0n;
    for (let era = 0; era < 64; era++) total += blockSubsidy(era * 210_000, 50n * coin, 210_000) * 210_000n;
    expect(total).toBe(2_099_999_997_690_000n);
  });
});

describe('median time past', () => {
  it('takes the median of the last 11 timestamps', () => {
    expect(medianTimePast([5])).toBe(5);
    expect(medianTimePast([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(6);
    expect(medianTimePast([100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(6);
    expect(medianTimePast([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBe(6);
    expect(medianTimePast([3, 1])).toBe(3);
  });
});
