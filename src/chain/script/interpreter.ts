/**
 * The script interpreter (Bitcoin Core's EvalScript for legacy/P2SH scripts):
 * runs one script on a given stack, opcode by opcode, with the consensus
 * limits (10,000-byte script, 520-byte push, 201 operations, 1,000 stack
 * items) and the flag-controlled policy rules. Fails by throwing
 * ScriptFailure, which `verifyScript` turns into a result.
 */

import { bytesEqual } from '../../util/bytes.js';
import { hash160, hash256, ripemd160, sha1, sha256 } from '../crypto/hash.js';
import { SCRIPT_FLAGS, type ScriptFlags } from './flags.js';
import { hashGas, opcodeGas, type GasMeter } from './gas.js';
import { OP, isDisabledOpcode } from './opcodes.js';
import { fail } from './script-error.js';
import { FALSE, TRUE, ScriptNumError, castToBool, decodeScriptNum, encodeScriptNum } from './script-num.js';
import { isMinimalPush, readScriptOp } from './script-op.js';
import type { SignatureChecker } from './signature-checker.js';
import { opCheckMultisig, opCheckSig, type SignatureOpContext } from './signature-ops.js';

export const MAX_SCRIPT_SIZE = 10_000;
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
export const MAX_OPS_PER_SCRIPT = 201;
export const MAX_STACK_SIZE = 1000;
/** Sequence bit 31: relative lock time disabled. */
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000;

/** Encoded -1, (OP_RESERVED's slot, unused), 1..16: pushed by OP_1NEGATE..OP_16 without allocating. */
const SMALL_INTS: readonly Uint8Array[] = Array.from({ length: 18 }, (_, i) => encodeScriptNum(i - 1));

/** Runs `script` on `stack` (mutated in place). Throws ScriptFailure on failure. */
export function evalScript(stack: Uint8Array[], script: Uint8Array, flags: ScriptFlags, checker: SignatureChecker, meter?: GasMeter): void {
  if (script.length > MAX_SCRIPT_SIZE) fail('SCRIPT_SIZE');
  const requireMinimal = (flags & SCRIPT_FLAGS.MINIMALDATA) !== 0;
  const altstack: Uint8Array[] = [];
  /** Condition stack of IF/ELSE branches; `falseCount` counts entries that are false. */
  const vfExec: boolean[] = [];
  let falseCount = 0;
  let opCount = 0;
  let codeHashBegin = 0;
  let pc = 0;

  const num = (item: Uint8Array, maxSize = 4): number => {
    try {
      return decodeScriptNum(item, requireMinimal, maxSize);
    } catch (e) {
      if (e instanceof ScriptNumError) fail('SCRIPTNUM');
      throw e;
    }
  };
  const need = (n: number): void => {
    if (stack.length < n) fail('INVALID_STACK_OPERATION');
  };
  const top = (i: number): Uint8Array => stack[stack.length + i]!;
  const pop = (): Uint8Array => stack.pop()!;

  const sigCtx: SignatureOpContext = {
    stack,
    flags,
    checker,
    meter,
    num,
    scriptCode: () => script.subarray(codeHashBegin),
    addOps: (n) => {
      opCount += n;
      if (opCount > MAX_OPS_PER_SCRIPT) fail('OP_COUNT');
    },
  };

  while (pc < script.length) {
    const exec = falseCount === 0;
    const o = readScriptOp(script, pc);
    if (o === undefined) fail('BAD_OPCODE');
    const op = o.op;
    const data = o.data;
    pc = o.end;
    if (meter !== undefined) meter.charge(opcodeGas(op, data === undefined ? 0 : data.length));
    if (data !== undefined && data.length > MAX_SCRIPT_ELEMENT_SIZE) fail('PUSH_SIZE');
    if (op > OP.OP_16 && ++opCount > MAX_OPS_PER_SCRIPT) fail('OP_COUNT');
    if (isDisabledOpcode(op)) fail('DISABLED_OPCODE');
    if (op === OP.OP_CODESEPARATOR && (flags & SCRIPT_FLAGS.CONST_SCRIPTCODE) !== 0) fail('OP_CODESEPARATOR');

    if (exec && data !== undefined) {
      if (requireMinimal && !isMinimalPush(op, data)) fail('MINIMALDATA');
      stack.push(data);
    } else if (exec || (op >= OP.OP_IF && op <= OP.OP_ENDIF)) {
      switch (op) {
        case OP.OP_1NEGATE:
        case OP.OP_1:
        case OP.OP_2:
        case OP.OP_3:
        case OP.OP_4:
        case OP.OP_5:
        case OP.OP_6:
        case OP.OP_7:
        case OP.OP_8:
        case OP.OP_9:
        case OP.OP_10:
        case OP.OP_11:
        case OP.OP_12:
        case OP.OP_13:
        case OP.OP_14:
        case OP.OP_15:
        case OP.OP_16:
          stack.push(SMALL_INTS[op - OP.OP_1NEGATE]!);
          break;
        case OP.OP_NOP:
          break;
        case OP.OP_CHECKLOCKTIMEVERIFY: {
          // Not enabled: a plain NOP (current Bitcoin Core; no longer DISCOURAGE_UPGRADABLE_NOPS).
          if ((flags & SCRIPT_FLAGS.CHECKLOCKTIMEVERIFY) === 0) break;
          need(1);
          const lockTime = num(top(-1), 5);
          if (lockTime < 0) fail('NEGATIVE_LOCKTIME');
          if (!checker.checkLockTime(lockTime)) fail('UNSATISFIED_LOCKTIME');
          break;
        }
        case OP.OP_CHECKSEQUENCEVERIFY: {
          // Not enabled: a plain NOP (current Bitcoin Core; no longer DISCOURAGE_UPGRADABLE_NOPS).
          if ((flags & SCRIPT_FLAGS.CHECKSEQUENCEVERIFY) === 0) break;
          need(1);
          const sequence = num(top(-1), 5);
          if (sequence < 0) fail('NEGATIVE_LOCKTIME');
          // Bit 31 set: the operand disables the check (room for future soft forks).
          if (Math.floor(sequence / SEQUENCE_LOCKTIME_DISABLE_FLAG) % 2 === 1) break;
          if (!checker.checkSequence(sequence)) fail('UNSATISFIED_LOCKTIME');
          break;
        }
        case OP.OP_NOP1:
        case OP.OP_NOP4:
        case OP.OP_NOP5:
        case OP.OP_NOP6:
        case OP.OP_NOP7:
        case OP.OP_NOP8:
        case OP.OP_NOP9:
        case OP.OP_NOP10:
          if ((flags & SCRIPT_FLAGS.DISCOURAGE_UPGRADABLE_NOPS) !== 0) fail('DISCOURAGE_UPGRADABLE_NOPS');
          break;
        case OP.OP_IF:
        case OP.OP_NOTIF: {
          let value = false;
          if (exec) {
            // Bitcoin Core names this UNBALANCED_CONDITIONAL; the vectors we test against (btcd's copy) say
            // INVALID_STACK_OPERATION. Either way the script fails; we follow the vectors.
            need(1);
            value = castToBool(pop());
            if (op === OP.OP_NOTIF) value = !value;
          }
          vfExec.push(value);
          if (!value) falseCount++;
          break;
        }
        case OP.OP_ELSE: {
          if (vfExec.length === 0) fail('UNBALANCED_CONDITIONAL');
          const last = vfExec.length - 1;
          const v = vfExec[last]!;
          vfExec[last] = !v;
          falseCount += v ? 1 : -1;
          break;
        }
        case OP.OP_ENDIF:
          if (vfExec.length === 0) fail('UNBALANCED_CONDITIONAL');
          if (!vfExec.pop()) falseCount--;
          break;
        case OP.OP_VERIFY:
          need(1);
          if (!castToBool(top(-1))) fail('VERIFY');
          pop();
          break;
        case OP.OP_RETURN:
          fail('OP_RETURN');
        // stack operations
        case OP.OP_TOALTSTACK:
          need(1);
          altstack.push(pop());
          break;
        case OP.OP_FROMALTSTACK:
          if (altstack.length < 1) fail('INVALID_ALTSTACK_OPERATION');
          stack.push(altstack.pop()!);
          break;
        case OP.OP_2DROP:
          need(2);
          pop();
          pop();
          break;
        case OP.OP_2DUP:
          need(2);
          stack.push(top(-2), top(-1));
          break;
        case OP.OP_3DUP:
          need(3);
          stack.push(top(-3), top(-2), top(-1));
          break;
        case OP.OP_2OVER:
          need(4);
          stack.push(top(-4), top(-3));
          break;
        case OP.OP_2ROT: {
          need(6);
          const moved = stack.splice(stack.length - 6, 2);
          stack.push(...moved);
          break;
        }
        case OP.OP_2SWAP: {
          need(4);
          const moved = stack.splice(stack.length - 4, 2);
          stack.push(...moved);
          break;
        }
        case OP.OP_IFDUP:
          need(1);
          if (castToBool(top(-1))) stack.push(top(-1));
          break;
        case OP.OP_DEPTH:
          stack.push(encodeScriptNum(stack.length));
          break;
        case OP.OP_DROP:
          need(1);
          pop();
          break;
        case OP.OP_DUP:
          need(1);
          stack.push(top(-1));
          break;
        case OP.OP_NIP:
          need(2);
          stack.splice(stack.length - 2, 1);
          break;
        case OP.OP_OVER:
          need(2);
          stack.push(top(-2));
          break;
        case OP.OP_PICK:
        case OP.OP_ROLL: {
          need(2);
          const n = num(top(-1));
          pop();
          if (n < 0 || n >= stack.length) fail('INVALID_STACK_OPERATION');
          const item = top(-n - 1);
          if (op === OP.OP_ROLL) stack.splice(stack.length - n - 1, 1);
          stack.push(item);
          break;
        }
        case OP.OP_ROT: {
          need(3);
          const moved = stack.splice(stack.length - 3, 1);
          stack.push(moved[0]!);
          break;
        }
        case OP.OP_SWAP: {
          need(2);
          const a = pop();
          const b = pop();
          stack.push(a, b);
          break;
        }
        case OP.OP_TUCK:
          need(2);
          stack.splice(stack.length - 2, 0, top(-1));
          break;
        case OP.OP_SIZE:
          need(1);
          stack.push(encodeScriptNum(top(-1).length));
          break;
        case OP.OP_EQUAL:
        case OP.OP_EQUALVERIFY: {
          need(2);
          const equal = bytesEqual(pop(), pop());
          if (op === OP.OP_EQUALVERIFY) {
            if (!equal) fail('EQUALVERIFY');
          } else stack.push(equal ? TRUE : FALSE);
          break;
        }
        // numeric
        case OP.OP_1ADD:
        case OP.OP_1SUB:
        case OP.OP_NEGATE:
        case OP.OP_ABS:
        case OP.OP_NOT:
        case OP.OP_0NOTEQUAL: {
          need(1);
          let n = num(top(-1));
          if (op === OP.OP_1ADD) n += 1;
          else if (op === OP.OP_1SUB) n -= 1;
          else if (op === OP.OP_NEGATE) n = -n;
          else if (op === OP.OP_ABS) n = Math.abs(n);
          else if (op === OP.OP_NOT) n = n === 0 ? 1 : 0;
          else n = n !== 0 ? 1 : 0;
          pop();
          stack.push(encodeScriptNum(n));
          break;
        }
        case OP.OP_ADD:
        case OP.OP_SUB:
        case OP.OP_BOOLAND:
        case OP.OP_BOOLOR:
        case OP.OP_NUMEQUAL:
        case OP.OP_NUMEQUALVERIFY:
        case OP.OP_NUMNOTEQUAL:
        case OP.OP_LESSTHAN:
        case OP.OP_GREATERTHAN:
        case OP.OP_LESSTHANOREQUAL:
        case OP.OP_GREATERTHANOREQUAL:
        case OP.OP_MIN:
        case OP.OP_MAX: {
          need(2);
          const a = num(top(-2));
          const b = num(top(-1));
          let n: number;
          switch (op) {
            case OP.OP_ADD: n = a + b; break;
            case OP.OP_SUB: n = a - b; break;
            case OP.OP_BOOLAND: n = a !== 0 && b !== 0 ? 1 : 0; break;
            case OP.OP_BOOLOR: n = a !== 0 || b !== 0 ? 1 : 0; break;
            case OP.OP_NUMEQUAL:
            case OP.OP_NUMEQUALVERIFY: n = a === b ? 1 : 0; break;
            case OP.OP_NUMNOTEQUAL: n = a !== b ? 1 : 0; break;
            case OP.OP_LESSTHAN: n = a < b ? 1 : 0; break;
            case OP.OP_GREATERTHAN: n = a > b ? 1 : 0; break;
            case OP.OP_LESSTHANOREQUAL: n = a <= b ? 1 : 0; break;
            case OP.OP_GREATERTHANOREQUAL: n = a >= b ? 1 : 0; break;
            case OP.OP_MIN: n = Math.min(a, b); break;
            default: n = Math.max(a, b); break;
          }
          pop();
          pop();
          if (op === OP.OP_NUMEQUALVERIFY) {
            if (n === 0) fail('NUMEQUALVERIFY');
          } else stack.push(encodeScriptNum(n));
          break;
        }
        case OP.OP_WITHIN: {
          need(3);
          const x = num(top(-3));
          const min = num(top(-2));
          const max = num(top(-1));
          stack.length -= 3;
          stack.push(min <= x && x < max ? TRUE : FALSE);
          break;
        }
        // crypto
        case OP.OP_RIPEMD160:
        case OP.OP_SHA1:
        case OP.OP_SHA256:
        case OP.OP_HASH160:
        case OP.OP_HASH256: {
          need(1);
          const item = pop();
          if (meter !== undefined) meter.charge(hashGas(item.length));
          const h =
            op === OP.OP_RIPEMD160 ? ripemd160(item)
            : op === OP.OP_SHA1 ? sha1(item)
            : op === OP.OP_SHA256 ? sha256(item)
            : op === OP.OP_HASH160 ? hash160(item)
            : hash256(item);
          stack.push(h);
          break;
        }
        case OP.OP_CODESEPARATOR:
          codeHashBegin = pc;
          break;
        case OP.OP_CHECKSIG:
        case OP.OP_CHECKSIGVERIFY:
          opCheckSig(sigCtx, op === OP.OP_CHECKSIGVERIFY);
          break;
        case OP.OP_CHECKMULTISIG:
        case OP.OP_CHECKMULTISIGVERIFY:
          opCheckMultisig(sigCtx, op === OP.OP_CHECKMULTISIGVERIFY);
          break;
        default:
          fail('BAD_OPCODE');
      }
    }
    if (stack.length + altstack.length > MAX_STACK_SIZE) fail('STACK_SIZE');
  }
  if (vfExec.length !== 0) fail('UNBALANCED_CONDITIONAL');
}
