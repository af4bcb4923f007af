/**
 * Bitcoin's transaction format: the data types (OutPoint, TxIn, TxOut,
 * Transaction), parsing and serialization of the wire format, the txid and the
 * coinbase test.
 *
 * Parsing accepts both the legacy format and the segwit (BIP144) format, as
 * Bitcoin Core does when reading blocks: a segwit-marked transaction is parsed,
 * its witness stacks are kept in the optional `witness` field, and its txid is
 * computed over the legacy serialization (witness stripped), so Merkle roots of
 * real blocks come out right. `serializeTransaction` always writes the legacy
 * format; `serializeTransactionWithWitness` writes the BIP144 form when a
 * witness is present. Scripts of segwit inputs are not verified by this chain.
 */

import { PyralogError } from '../../errors/pyralog-error.js';
import { ByteReader } from '../encoding/byte-reader.js';
import { ByteWriter } from '../encoding/byte-writer.js';
import { reverseHex } from '../encoding/hex.js';
import { hash256 } from '../crypto/hash.js';

export interface OutPoint {
  /** 32 bytes, internal (little-endian) order. */
  readonly txid: Uint8Array;
  readonly index: number;
}

export interface TxIn {
  readonly prevout: OutPoint;
  readonly scriptSig: Uint8Array;
  readonly sequence: number;
}

export interface TxOut {
  /** Satoshis (signed 64-bit on the wire; negative values parse, CheckTransaction rejects them). */
  readonly value: bigint;
  readonly scriptPubKey: Uint8Array;
}

export interface Transaction {
  /** Signed 32-bit. */
  readonly version: number;
  readonly inputs: readonly TxIn[];
  readonly outputs: readonly TxOut[];
  /** Unsigned 32-bit. */
  readonly locktime: number;
  /** Per-input witness stacks, present only for a transaction parsed from the segwit format. */
  readonly witness?: readonly (readonly Uint8Array[])[];
}

/** The index of a coinbase input's null prevout. */
export const NULL_INDEX = 0xffffffff;
/** The final sequence number (no relative locktime, no locktime opt-in). */
export const SEQUENCE_FINAL = 0xffffffff;

function parseError(message: string): PyralogError {
  return new PyralogError('TX_PARSE', message, { phase: 'chain' });
}

function readInputs(r: ByteReader, count: number): TxIn[] {
  const inputs: TxIn[] = [];
  for (let i = 0; i < count; i++) {
    const txid = r.bytesCopy(32);
    const index = r.u32();
    const scriptSig = r.varbytes();
    const sequence = r.u32();
    inputs.push({ prevout: { txid, index }, scriptSig, sequence });
  }
  return inputs;
}

function readOutputs(r: ByteReader, count: number): TxOut[] {
  const outputs: TxOut[] = [];
  for (let i = 0; i < count; i++) {
    const value = r.i64();
    const scriptPubKey = r.varbytes();
    outputs.push({ value, scriptPubKey });
  }
  return outputs;
}

/**
 * Parses one transaction starting at `offset`; `size` is the number of bytes it
 * occupied (including any witness data). Throws TX_PARSE / ENCODING_* errors.
 */
export function parseTransaction(bytes: Uint8Array, offset = 0): { tx: Transaction; size: number } {
  const r = new ByteReader(bytes, offset);
  const version = r.i32();
  let inputCount = r.varint();
  let flags = 0;
  let inputs: TxIn[];
  let outputs: TxOut[];
  if (inputCount === 0) {
    // Either an input-less legacy transaction or the BIP144 marker (0x00) followed by flags.
    flags = r.u8();
    if (flags !== 0) {
      inputCount = r.varint();
      inputs = readInputs(r, inputCount);
      outputs = readOutputs(r, r.varint());
    } else {
      inputs = [];
      outputs = readOutputs(r, 0);
    }
  } else {
    inputs = readInputs(r, inputCount);
    outputs = readOutputs(r, r.varint());
  }
  let witness: Uint8Array[][] | undefined;
  if ((flags & 1) !== 0) {
    flags &= ~1;
    witness = [];
    let any = false;
    for (let i = 0; i < inputs.length; i++) {
      const n = r.varint();
      const stack: Uint8Array[] = [];
      for (let j = 0; j < n; j++) stack.push(r.varbytes());
      if (n > 0) any = true;
      witness.push(stack);
    }
    if (!any) throw parseError('superfluous witness record');
  }
  if (flags !== 0) throw parseError(`unknown transaction optional data (flags ${flags})`);
  const locktime = r.u32();
  const tx: Transaction = witness === undefined ? { version, inputs, outputs, locktime } : { version, inputs, outputs, locktime, witness };
  return { tx, size: r.offset - offset };
}

/** Parses a whole byte array as exactly one transaction (trailing bytes are an error). */
export function parseTransactionExact(bytes: Uint8Array): Transaction {
  const { tx, size } = parseTransaction(bytes, 0);
  if (size !== bytes.length) throw parseError(`${bytes.length - size} trailing byte(s) after transaction`);
  return tx;
}

function writeBody(w: ByteWriter, tx: Transaction, withWitness: boolean): void {
  w.i32(tx.version);
  if (withWitness) w.u8(0).u8(1);
  w.varint(tx.inputs.length);
  for (const input of tx.inputs) {
    w.bytes(input.prevout.txid).u32(input.prevout.index).varbytes(input.scriptSig).u32(input.sequence);
  }
  w.varint(tx.outputs.length);
  for (const output of tx.outputs) w.i64(output.value).varbytes(output.scriptPubKey);
  if (withWitness) {
    for (let i = 0; i < tx.inputs.length; i++) {
      const stack = tx.witness?.[i] ?? [];
      w.varint(stack.length);
      for (const item of stack) w.varbytes(item);
    }
  }
  w.u32(tx.locktime);
}

/** The legacy serialization (no witness): what the txid and legacy sighash commit to. */
export function serializeTransaction(tx: Transaction): Uint8Array {
  const w = new ByteWriter(64 + tx.inputs.length * 150 + tx.outputs.length * 40);
  writeBody(w, tx, false);
  return w.toBytes();
}

/** True when the transaction carries a non-empty witness. */
export function hasWitness(tx: Transaction): boolean {
  return tx.witness !== undefined && tx.witness.some((s) => s.length > 0);
}

/** The BIP144 serialization when a witness is present, else the legacy one. */
export function serializeTransactionWithWitness(tx: Transaction): Uint8Array {
  if (!hasWitness(tx)) return serializeTransaction(tx);
  const w = new ByteWriter(64 + tx.inputs.length * 250 + tx.outputs.length * 40);
  writeBody(w, tx, true);
  return w.toBytes();
}

/** Double SHA-256 of the legacy serialization, internal byte order. */
export function txid(tx: Transaction): Uint8Array {
  return hash256(serializeTransaction(tx));
}

/** The txid as usually displayed (byte-reversed hex). */
export function txidHex(tx: Transaction): string {
  return reverseHex(txid(tx));
}

/** True for a prevout that is all-zero txid with index 0xffffffff. */
export function isNullOutPoint(p: OutPoint): boolean {
  if (p.index !== NULL_INDEX) return false;
  for (let i = 0; i < p.txid.length; i++) if (p.txid[i] !== 0) return false;
  return true;
}

/** A coinbase has exactly one input, spending the null outpoint. */
export function isCoinbase(tx: Transaction): boolean {
  return tx.inputs.length === 1 && isNullOutPoint(tx.inputs[0]!.prevout);
}
