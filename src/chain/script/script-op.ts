/**
 * Reading a script as a sequence of operations (Bitcoin Core's GetOp): an
 * opcode plus, for pushes, the pushed bytes. Also the structural predicates
 * built on it: push-only, P2SH pattern, and minimal-push checks.
 */

import { OP } from './opcodes.js';

export interface ScriptOp {
  readonly op: number;
  /** The pushed bytes for push opcodes (0x00..0x4e), else undefined. */
  readonly data: Uint8Array | undefined;
  /** Offset just after this operation. */
  readonly end: number;
}

/**
 * Reads the operation at `pc`; undefined when the script ends inside a push
 * (a truncated PUSHDATA), which the interpreter reports as BAD_OPCODE.
 */
export function readScriptOp(script: Uint8Array, pc: number): ScriptOp | undefined {
  if (pc >= script.length) return undefined;
  const op = script[pc++]!;
  if (op > OP.OP_PUSHDATA4) return { op, data: undefined, end: pc };
  let size: number;
  if (op < OP.OP_PUSHDATA1) size = op;
  else if (op === OP.OP_PUSHDATA1) {
    if (pc + 1 > script.length) return undefined;
    size = script[pc]!;
    pc += 1;
  } else if (op === OP.OP_PUSHDATA2) {
    if (pc + 2 > script.length) return undefined;
    size = script[pc]! | (script[pc + 1]! << 8);
    pc += 2;
  } else {
    if (pc + 4 > script.length) return undefined;
    size = (script[pc]! | (script[pc + 1]! << 8) | (script[pc + 2]! << 16)) + script[pc + 3]! * 0x1000000;
    pc += 4;
  }
  if (pc + size > script.length) return undefined;
  return { op, data: script.subarray(pc, pc + size), end: pc + size };
}

/** All operations of a script, or undefined if it is malformed (truncated push). */
export function decodeScript(script: Uint8Array): ScriptOp[] | undefined {
  const ops: ScriptOp[] = [];
  let pc = 0;
  while (pc < script.length) {
    const o = readScriptOp(script, pc);
    if (o === undefined) return undefined;
    ops.push(o);
    pc = o.end;
  }
  return ops;
}

/** True when every operation is a push (OP_RESERVED counts as a push here, as in Bitcoin Core). */
export function isPushOnly(script: Uint8Array): boolean {
  let pc = 0;
  while (pc < script.length) {
    const o = readScriptOp(script, pc);
    if (o === undefined) return false;
    if (o.op > OP.OP_16) return false;
    pc = o.end;
  }
  return true;
}

/** The P2SH pattern: HASH160 <20 bytes> EQUAL, exactly 23 bytes. */
export function isPayToScriptHash(script: Uint8Array): boolean {
  return script.length === 23 && script[0] === OP.OP_HASH160 && script[1] === 0x14 && script[22] === OP.OP_EQUAL;
}

/** MINIMALDATA: was `data` pushed with the smallest possible opcode? */
export function isMinimalPush(op: number, data: Uint8Array): boolean {
  const n = data.length;
  if (n === 0) return op === OP.OP_0;
  if (n === 1 && data[0]! >= 1 && data[0]! <= 16) return false; // should have been OP_1..OP_16
  if (n === 1 && data[0] === 0x81) return false; // should have been OP_1NEGATE
  if (n <= 75) return op === n;
  if (n <= 255) return op === OP.OP_PUSHDATA1;
  if (n <= 65535) return op === OP.OP_PUSHDATA2;
  return true;
}

/** The canonical push of `data` (smallest push opcode, without the small-integer shortcut). */
export function pushData(data: Uint8Array): Uint8Array {
  const n = data.length;
  let header: number[];
  if (n < OP.OP_PUSHDATA1) header = [n];
  else if (n <= 0xff) header = [OP.OP_PUSHDATA1, n];
  else if (n <= 0xffff) header = [OP.OP_PUSHDATA2, n & 0xff, n >> 8];
  else header = [OP.OP_PUSHDATA4, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

/** BIP141 witness program: a version opcode (OP_0, OP_1..OP_16) then one direct push of 2..40 bytes. */
export function isWitnessProgram(script: Uint8Array): boolean {
  if (script.length < 4 || script.length > 42) return false;
  const v = script[0]!;
  if (v !== OP.OP_0 && (v < OP.OP_1 || v > OP.OP_16)) return false;
  return script[1]! + 2 === script.length;
}
