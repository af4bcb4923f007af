/**
 * The legacy (pre-segwit) signature hash of Bitcoin: which parts of a
 * transaction a signature commits to under SIGHASH_ALL / NONE / SINGLE, with
 * or without ANYONECANPAY, byte for byte as Bitcoin Core's
 * CTransactionSignatureSerializer — including the SIGHASH_SINGLE bug (the hash
 * is the number 1 when the input has no matching output) and the removal of
 * OP_CODESEPARATOR from the script code.
 */

import { ByteWriter } from '../encoding/byte-writer.js';
import { hash256 } from '../crypto/hash.js';
import { OP } from '../script/opcodes.js';
import type { Transaction } from './transaction.js';

export const SIGHASH_ALL = 1;
export const SIGHASH_NONE = 2;
export const SIGHASH_SINGLE = 3;
export const SIGHASH_ANYONECANPAY = 0x80;

/** The 32-byte "one" (1 as a little-endian uint256) returned by the SIGHASH_SINGLE bug. */
export const SIGHASH_ONE: Uint8Array = (() => {
  const one = new Uint8Array(32);
  one[0] = 1;
  return one;
})();

/**
 * Steps over one operation like Bitcoin Core's GetScriptOp: returns the new
 * offset, negated minus one when the operation is truncated (the offset is
 * then where the partial read stopped, which the serializer relies on).
 */
function stepOp(script: Uint8Array, pc: number): { ok: boolean; pc: number; op: number } {
  const end = script.length;
  if (pc >= end) return { ok: false, pc, op: OP.OP_INVALIDOPCODE };
  const op = script[pc++]!;
  if (op > OP.OP_PUSHDATA4) return { ok: true, pc, op };
  let size: number;
  if (op < OP.OP_PUSHDATA1) size = op;
  else if (op === OP.OP_PUSHDATA1) {
    if (end - pc < 1) return { ok: false, pc, op };
    size = script[pc++]!;
  } else if (op === OP.OP_PUSHDATA2) {
    if (end - pc < 2) return { ok: false, pc, op };
    size = script[pc]! | (script[pc + 1]! << 8);
    pc += 2;
  } else {
    if (end - pc < 4) return { ok: false, pc, op };
    size = (script[pc]! | (script[pc + 1]! << 8) | (script[pc + 2]! << 16)) + script[pc + 3]! * 0x1000000;
    pc += 4;
  }
  if (end - pc < size) return { ok: false, pc, op };
  return { ok: true, pc: pc + size, op };
}

/** Writes the script code with every OP_CODESEPARATOR left out (Core's SerializeScriptCode, quirks included). */
function writeScriptCode(w: ByteWriter, scriptCode: Uint8Array): void {
  let separators = 0;
  for (let pc = 0; ; ) {
    const s = stepOp(scriptCode, pc);
    if (!s.ok) break;
    if (s.op === OP.OP_CODESEPARATOR) separators++;
    pc = s.pc;
  }
  w.varint(scriptCode.length - separators);
  if (separators === 0) {
    // Fast path; also exact for a truncated script, where Core writes up to the failed read.
    let it = 0;
    for (;;) {
      const s = stepOp(scriptCode, it);
      it = s.pc;
      if (!s.ok) break;
    }
    w.bytes(scriptCode.subarray(0, it));
    return;
  }
  let begin = 0;
  let it = 0;
  for (;;) {
    const s = stepOp(scriptCode, it);
    it = s.pc;
    if (!s.ok) break;
    if (s.op === OP.OP_CODESEPARATOR) {
      w.bytes(scriptCode.subarray(begin, it - 1));
      begin = it;
    }
  }
  if (begin !== scriptCode.length) w.bytes(scriptCode.subarray(begin, it));
}

/** The bytes Bitcoin Core hashes for a legacy signature (without the final double SHA-256). */
export function legacySighashPreimage(tx: Transaction, inputIndex: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
  const anyoneCanPay = (hashType & SIGHASH_ANYONECANPAY) !== 0;
  const base = hashType & 0x1f;
  const hashSingle = base === SIGHASH_SINGLE;
  const hashNone = base === SIGHASH_NONE;
  const w = new ByteWriter(128 + scriptCode.length + tx.inputs.length * 41 + tx.outputs.length * 34);
  w.i32(tx.version);
  const inputCount = anyoneCanPay ? 1 : tx.inputs.length;
  w.varint(inputCount);
  for (let k = 0; k < inputCount; k++) {
    const i = anyoneCanPay ? inputIndex : k;
    const input = tx.inputs[i]!;
    w.bytes(input.prevout.txid).u32(input.prevout.index);
    if (i !== inputIndex) w.varint(0);
    else writeScriptCode(w, scriptCode);
    if (i !== inputIndex && (hashSingle || hashNone)) w.u32(0);
    else w.u32(input.sequence);
  }
  const outputCount = hashNone ? 0 : hashSingle ? inputIndex + 1 : tx.outputs.length;
  w.varint(outputCount);
  for (let i = 0; i < outputCount; i++) {
    if (hashSingle && i !== inputIndex) {
      w.i64(-1n).varint(0);
    } else {
      const out = tx.outputs[i]!;
      w.i64(out.value).varbytes(out.scriptPubKey);
    }
  }
  w.u32(tx.locktime);
  w.i32(hashType);
  return w.toBytes();
}

/**
 * Legacy signature hash (internal byte order) of input `inputIndex` signing
 * `scriptCode` with `hashType` (the full 32-bit value; only its low byte is
 * in a signature, but the whole value is hashed).
 */
export function legacySighash(tx: Transaction, inputIndex: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
  if (inputIndex >= tx.inputs.length) return SIGHASH_ONE;
  if ((hashType & 0x1f) === SIGHASH_SINGLE && inputIndex >= tx.outputs.length) return SIGHASH_ONE;
  return hash256(legacySighashPreimage(tx, inputIndex, scriptCode, hashType));
}
