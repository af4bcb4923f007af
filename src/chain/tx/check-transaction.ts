/**
 * Context-free transaction checks (Bitcoin Core's CheckTransaction): rules a
 * transaction must meet whatever chain it is in — inputs and outputs present,
 * size within a block, output values in range and not overflowing, no input
 * spent twice, coinbase scriptSig 2..100 bytes, no null prevout outside a
 * coinbase. Reasons are Bitcoin Core's reject strings.
 */

import { PyralogError } from '../../errors/pyralog-error.js';
import { reverseHex } from '../encoding/hex.js';
import { isCoinbase, isNullOutPoint, serializeTransaction, type Transaction } from './transaction.js';

/** 21 million coins of 10^8 satoshis. */
export const MAX_MONEY = 21_000_000n * 100_000_000n;
/** Largest legacy serialization that fits in a block (MAX_BLOCK_WEIGHT / WITNESS_SCALE_FACTOR). */
export const MAX_TX_SIZE = 1_000_000;

export type TxRejectReason =
  | 'bad-txns-vin-empty'
  | 'bad-txns-vout-empty'
  | 'bad-txns-oversize'
  | 'bad-txns-vout-negative'
  | 'bad-txns-vout-toolarge'
  | 'bad-txns-txouttotal-toolarge'
  | 'bad-txns-inputs-duplicate'
  | 'bad-cb-length'
  | 'bad-txns-prevout-null';

export type TxCheckResult = { readonly ok: true } | { readonly ok: false; readonly reason: TxRejectReason };

export interface CheckTransactionOptions {
  /** Largest amount of money (default MAX_MONEY). */
  readonly maxMoney?: bigint;
  /** Largest legacy serialization in bytes (default MAX_TX_SIZE). */
  readonly maxSize?: number;
}

/** Runs the context-free checks; the first failed rule is reported. */
export function checkTransaction(tx: Transaction, options: CheckTransactionOptions = {}): TxCheckResult {
  const maxMoney = options.maxMoney ?? MAX_MONEY;
  const maxSize = options.maxSize ?? MAX_TX_SIZE;
  if (tx.inputs.length === 0) return { ok: false, reason: 'bad-txns-vin-empty' };
  if (tx.outputs.length === 0) return { ok: false, reason: 'bad-txns-vout-empty' };
  if (serializeTransaction(tx).length > maxSize) return { ok: false, reason: 'bad-txns-oversize' };
  let total = 0n;
  for (const out of tx.outputs) {
    if (out.value < 0n) return { ok: false, reason: 'bad-txns-vout-negative' };
    if (out.value > maxMoney) return { ok: false, reason: 'bad-txns-vout-toolarge' };
    total += out.value;
    if (total > maxMoney) return { ok: false, reason: 'bad-txns-txouttotal-toolarge' };
  }
  const seen = new Set<string>();
  for (const input of tx.inputs) {
    const key = `${reverseHex(input.prevout.txid)}:${input.prevout.index}`;
    if (seen.has(key)) return { ok: false, reason: 'bad-txns-inputs-duplicate' };
    seen.add(key);
  }
  if (isCoinbase(tx)) {
    const n = tx.inputs[0]!.scriptSig.length;
    if (n < 2 || n > 100) return { ok: false, reason: 'bad-cb-length' };
  } else {
    for (const input of tx.inputs) if (isNullOutPoint(input.prevout)) return { ok: false, reason: 'bad-txns-prevout-null' };
  }
  return { ok: true };
}

/** `checkTransaction`, throwing PyralogError TX_INVALID (details.reason = the reject string) on failure. */
export function assertTransactionValid(tx: Transaction, options: CheckTransactionOptions = {}): void {
  const r = checkTransaction(tx, options);
  if (!r.ok) {
    throw new PyralogError('TX_INVALID', `transaction fails context-free checks: ${r.reason}`, {
      phase: 'chain',
      details: { reason: r.reason },
    });
  }
}
