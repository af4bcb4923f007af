import { describe, expect, it } from 'vitest';
import { edn } from './eval-helpers.js';

// Numbers in ordinary code compare by the system's one value order
// (src/types/value-order.ts), as they do in queries: int64 against float64
// exactly (no rounding past 2^53), NaN equal to itself and above every number.
describe('number comparison in code', () => {
  it('compares int64 with float64 exactly past 2^53', async () => {
    expect(await edn('[(> 9007199254740993 9007199254740992.0) (== 9007199254740993 9007199254740992.0) (compare 9007199254740993 9007199254740992.0) (< 9007199254740992.0 9007199254740993)]')).toBe('[true false 1 true]');
    expect(await edn('(sort [9007199254740993 9007199254740992.0 -1 9007199254740991])')).toBe('(-1 9007199254740991 9007199254740992.0 9007199254740993)');
    expect(await edn('[(max 9007199254740993 9007199254740992.0) (min 9007199254740993 9007199254740992.0)]')).toBe('[9007199254740993 9007199254740992.0]');
  });

  it('puts NaN above every number and equal only to itself', async () => {
    const nan = '(/ 0.0 0.0)';
    expect(await edn(`(let [nan ${nan}] [(== nan 1) (== nan nan) (< 1 nan) (< nan 1) (<= nan 1) (>= 1 nan) (> nan ##Inf)])`.replace('##Inf', '(/ 1.0 0.0)'))).toBe('[false true true false false false true]');
    expect(await edn(`(let [nan ${nan}] [(compare nan 1) (compare 1 nan) (sort [nan 1 -1.5]) (max 1 nan) (min 1 nan)])`)).toBe('[1 -1 (-1.5 1 ##NaN) ##NaN 1]');
  });

  it('NaN is neither zero, positive nor negative', async () => {
    expect(await edn('(let [nan (/ 0.0 0.0)] [(zero? nan) (pos? nan) (neg? nan) (zero? -0.0) (pos? 1e-300) (neg? -1)])')).toBe('[false false false true true true]');
  });
});
