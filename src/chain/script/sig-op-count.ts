/**
 * Signature-operation counting for the block sigop limit (Bitcoin Core's
 * GetSigOpCount / GetLegacySigOpCount / GetP2SHSigOpCount): CHECKSIG counts
 * 1, CHECKMULTISIG 20 — or, "accurately" in a redeem script, the key count
 * pushed just before it.
 */

import type { Transaction, TxOut } from '../tx/transaction.js';
import { isCoinbase } from '../tx/transaction.js';
import { OP } from './opcodes.js';
import { isPayToScriptHash, readScriptOp } from './script-op.js';

export const MAX_PUBKEYS_PER_MULTISIG_SIGOPS = 20;

/** Sigops of one script; `accurate` counts CHECKMULTISIG by its preceding OP_1..OP_16. */
export function countScriptSigOps(script: Uint8Array, accurate: boolean): number {
  let n = 0;
  let lastOp = OP.OP_INVALIDOPCODE as number;
  let pc = 0;
  while (pc < script.length) {
    const o = readScriptOp(script, pc);
    if (o === undefined) break;
    if (o.op === OP.OP_CHECKSIG || o.op === OP.OP_CHECKSIGVERIFY) n++;
    else if (o.op === OP.OP_CHECKMULTISIG || o.op === OP.OP_CHECKMULTISIGVERIFY) {
      n += accurate && lastOp >= OP.OP_1 && lastOp <= OP.OP_16 ? lastOp - OP.OP_1 + 1 : MAX_PUBKEYS_PER_MULTISIG_SIGOPS;
    }
    lastOp = o.op;
    pc = o.end;
  }
  return n;
}

/** Legacy sigops of a transaction: every scriptSig and scriptPubKey, counted inaccurately. */
export function legacySigOpCount(tx: Transaction): number {
  let n = 0;
  for (const input of tx.inputs) n += countScriptSigOps(input.scriptSig, false);
  for (const output of tx.outputs) n += countScriptSigOps(output.scriptPubKey, false);
  return n;
}

/** Sigops of the redeem script (the last push of a push-only scriptSig) spent from a P2SH output. */
export function p2shSigOpCountOfInput(scriptSig: Uint8Array, spent: Uint8Array): number {
  if (!isPayToScriptHash(spent)) return 0;
  let last: Uint8Array | undefined;
  let pc = 0;
  while (pc < scriptSig.length) {
    const o = readScriptOp(scriptSig, pc);
    if (o === undefined || o.op > OP.OP_16) return 0;
    last = o.data;
    pc = o.end;
  }
  return last === undefined ? 0 : countScriptSigOps(last, true);
}

/** P2SH sigops of a non-coinbase transaction; `spent[i]` is the output spent by input i. */
export function p2shSigOpCount(tx: Transaction, spent: readonly TxOut[]): number {
  if (isCoinbase(tx)) return 0;
  let n = 0;
  tx.inputs.forEach((input, i) => {
    const prev = spent[i];
    if (prev !== undefined) n += p2shSigOpCountOfInput(input.scriptSig, prev.scriptPubKey);
  });
  return n;
}
