/**
 * The Demiurge gas meter: every operation the interpreter visits costs gas
 * from a per-verification budget, signature checks most of all, hashing by
 * the bytes hashed. Running out fails the script with GAS_EXHAUSTED. The
 * meter only ever aborts: a script that stays within its budget gives exactly
 * the result it gives without a meter.
 */

import { OP } from './opcodes.js';
import { ScriptFailure } from './script-error.js';

/** Costs, in gas units. */
export const GAS = {
  /** Any operation visited, executed or not. */
  BASE: 1,
  /** Per started 32 bytes of a push. */
  PUSH_PER_WORD: 1,
  /** Stack manipulation, comparison, arithmetic. */
  SIMPLE: 2,
  /** A hash opcode, plus HASH_PER_BLOCK per started 64-byte block of input. */
  HASH: 20,
  HASH_PER_BLOCK: 4,
  /** Each call of the signature checker (one ECDSA verification). */
  SIGNATURE_CHECK: 1500,
  /** Each public key CHECKMULTISIG declares, checked or not. */
  MULTISIG_PER_KEY: 10,
} as const;

/** A generous default budget: about 60 signature checks. */
export const DEFAULT_GAS_LIMIT = 100_000;

export class GasMeter {
  private remainingGas: number;
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
    this.remainingGas = limit;
  }

  get used(): number {
    return this.limit - this.remainingGas;
  }

  get remaining(): number {
    return this.remainingGas;
  }

  /** Spends `amount`; fails the script with GAS_EXHAUSTED when the budget is overdrawn. */
  charge(amount: number): void {
    this.remainingGas -= amount;
    if (this.remainingGas < 0) throw new ScriptFailure('GAS_EXHAUSTED');
  }
}

/** The flat cost of visiting opcode `op` (signature checks and hashing add their own charges). */
export function opcodeGas(op: number, pushLength: number): number {
  if (op <= OP.OP_PUSHDATA4) return GAS.BASE + GAS.PUSH_PER_WORD * Math.ceil(pushLength / 32);
  if (op >= OP.OP_RIPEMD160 && op <= OP.OP_HASH256) return GAS.BASE + GAS.HASH;
  if (op >= OP.OP_1NEGATE && op <= OP.OP_16) return GAS.BASE;
  return GAS.BASE + GAS.SIMPLE;
}

/** The extra cost of hashing `length` bytes. */
export function hashGas(length: number): number {
  return GAS.HASH_PER_BLOCK * Math.max(1, Math.ceil(length / 64));
}
