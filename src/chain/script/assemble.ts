/**
 * Bitcoin Core's script notation (as in script_tests.json and tx_valid.json)
 * to bytes and back. Tokens are separated by whitespace:
 *   - a decimal integer (range ±0xffffffff) is pushed as a script number
 *     (`-1`, `0`, `1`..`16` become OP_1NEGATE, OP_0, OP_1..OP_16);
 *   - `0x<hex>` inserts the raw bytes as they are (no push opcode added);
 *   - `'text'` pushes the text's bytes;
 *   - an opcode name, with or without the `OP_` prefix (`DUP`, `OP_HASH160`).
 */

import { PyralogError } from '../../errors/pyralog-error.js';
import { fromHex, toHex } from '../encoding/hex.js';
import { OP, OPCODE_BY_NAME, opcodeName } from './opcodes.js';
import { encodeScriptNum } from './script-num.js';
import { pushData, readScriptOp } from './script-op.js';

const DECIMAL = /^-?[0-9]+$/;
const HEX = /^0x([0-9a-fA-F]{2})+$/;

function scriptNumberBytes(n: number): number[] {
  if (n === -1 || (n >= 1 && n <= 16)) return [n + OP.OP_1 - 1];
  if (n === 0) return [OP.OP_0];
  return Array.from(pushData(encodeScriptNum(n)));
}

/** Assembles Bitcoin Core's notation into script bytes; throws SCRIPT_ASM_PARSE with the bad token. */
export function assemble(text: string): Uint8Array {
  const out: number[] = [];
  for (const token of text.split(/[ \t\n]+/)) {
    if (token === '') continue;
    if (DECIMAL.test(token)) {
      const n = Number(token);
      if (n > 0xffffffff || n < -0xffffffff) {
        throw new PyralogError('SCRIPT_ASM_PARSE', `script number out of range: ${token}`, { phase: 'chain' });
      }
      out.push(...scriptNumberBytes(n));
    } else if (HEX.test(token)) {
      out.push(...fromHex(token.slice(2)));
    } else if (token.length >= 2 && token.startsWith("'") && token.endsWith("'")) {
      out.push(...pushData(new TextEncoder().encode(token.slice(1, -1))));
    } else {
      const op = OPCODE_BY_NAME.get(token);
      if (op === undefined) {
        throw new PyralogError('SCRIPT_ASM_PARSE', `unknown script token '${token}'`, { phase: 'chain' });
      }
      out.push(op);
    }
  }
  return Uint8Array.from(out);
}

/** A readable rendering: pushes as hex (`[ab12]`), small integers as numbers, other opcodes by name. */
export function disassemble(script: Uint8Array): string {
  const parts: string[] = [];
  let pc = 0;
  while (pc < script.length) {
    const o = readScriptOp(script, pc);
    if (o === undefined) {
      parts.push('[error]');
      break;
    }
    if (o.data !== undefined && o.op !== OP.OP_0) parts.push(`[${toHex(o.data)}]`);
    else parts.push(opcodeName(o.op));
    pc = o.end;
  }
  return parts.join(' ');
}
