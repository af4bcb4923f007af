/**
 * Difficulty retargeting: every `retargetInterval` blocks the target is scaled
 * by (actual time of the last interval) / (intended time), with the actual
 * time clamped to [intended/4, intended*4] and the result capped at the
 * proof-of-work limit. Between retarget heights the bits stay the same. This
 * is Bitcoin's rule, including its off-by-one: the window spans
 * `retargetInterval - 1` block intervals.
 */
import { bitsToTarget, targetToBits } from '../block/compact-target.js';

export interface RetargetRules {
  readonly retargetInterval: number;
  /** Intended seconds between blocks. */
  readonly targetSpacing: number;
  readonly powLimit: bigint;
  /** Never retarget (regtest-like dev chains). */
  readonly noRetargeting: boolean;
}

/** The intended duration of one retarget window, in seconds. */
export function targetTimespan(rules: RetargetRules): number {
  return rules.retargetInterval * rules.targetSpacing;
}

/** The new target after a window that took `actualTimespan` seconds, starting from `lastBits`. */
export function retargetBits(rules: RetargetRules, lastBits: number, actualTimespan: number): number {
  const timespan = targetTimespan(rules);
  const clamped = Math.min(Math.max(actualTimespan, Math.floor(timespan / 4)), timespan * 4);
  let target = (bitsToTarget(lastBits) * BigInt(clamped)) / BigInt(timespan);
  if (target > rules.powLimit) target = rules.powLimit;
  return targetToBits(target);
}

/**
 * The bits required of the block at `prevHeight + 1`. `timeAt(height)` gives
 * the timestamp of an ancestor of the new block on its own branch.
 */
export function nextRequiredBits(
  rules: RetargetRules,
  prev: { readonly height: number; readonly bits: number; readonly time: number },
  timeAt: (height: number) => number,
): number {
  const height = prev.height + 1;
  if (rules.noRetargeting || height % rules.retargetInterval !== 0) return prev.bits;
  const firstHeight = height - rules.retargetInterval;
  const actual = prev.time - timeAt(firstHeight);
  return retargetBits(rules, prev.bits, actual);
}
