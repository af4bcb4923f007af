import { describe, expect, it } from 'vitest';
import { assemble, disassemble } from '../assemble.js';
import { toHex } from '../../encoding/hex.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { OPCODE_BY_NAME, opcodeName, OP } from '../opcodes.js';
import { decodeScript, isMinimalPush, isPushOnly, pushData } from '../script-op.js';

describe('assembler (Bitcoin Core notation)', () => {
  it('assembles numbers, raw hex, strings and opcode names', () => {
    expect(toHex(assemble('0 1 16 -1 17 -2 1000'))).toBe('0051604f0111018202e803');
    expect(toHex(assemble('0x4c 0x01 0x07'))).toBe('4c0107');
    expect(toHex(assemble("'Az'"))).toBe('02417a');
    expect(toHex(assemble("''"))).toBe('00');
    expect(toHex(assemble('DUP OP_HASH160 NOP2 CHECKSEQUENCEVERIFY'))).toBe('76a9b1b2');
    expect(toHex(assemble('  1\t\n2  '))).toBe('5152');
  });

  it('rejects unknown tokens', () => {
    try {
      assemble('DUP FOO');
      expect.unreachable();
    } catch (e) {
      expect((e as PyralogError).code).toBe('SCRIPT_ASM_PARSE');
      expect((e as PyralogError).message).toContain('FOO');
    }
    expect(() => assemble('0x')).toThrow(/unknown script token/);
    expect(() => assemble('4294967296')).toThrow(/out of range/);
  });

  it('disassembles', () => {
    expect(disassemble(assemble('DUP HASH160 0x14 0x0000000000000000000000000000000000000000 EQUALVERIFY CHECKSIG'))).toBe(
      'OP_DUP OP_HASH160 [0000000000000000000000000000000000000000] OP_EQUALVERIFY OP_CHECKSIG',
    );
    expect(disassemble(Uint8Array.of(0x00, 0x4f, 0x51, 0x4c))).toBe('0 -1 1 [error]');
  });

  it('names every opcode both ways', () => {
    expect(OPCODE_BY_NAME.get('CHECKLOCKTIMEVERIFY')).toBe(0xb1);
    expect(OPCODE_BY_NAME.get('OP_NOP10')).toBe(0xb9);
    expect(OPCODE_BY_NAME.get('RESERVED')).toBe(0x50);
    expect(opcodeName(0xb2)).toBe('OP_CHECKSEQUENCEVERIFY');
    expect(opcodeName(0xc0)).toBe('OP_UNKNOWN');
  });

  it('decodes operations and checks pushes', () => {
    const ops = decodeScript(assemble("'abc' 0x4d 0x0100 0x07 ADD"))!;
    expect(ops.map((o) => o.op)).toEqual([3, OP.OP_PUSHDATA2, OP.OP_ADD]);
    expect(ops[1]!.data).toEqual(Uint8Array.of(7));
    expect(decodeScript(Uint8Array.of(0x4c))).toBeUndefined();
    expect(isPushOnly(assemble('1 0x01 0x02 RESERVED'))).toBe(true);
    expect(isPushOnly(assemble('1 NOP'))).toBe(false);
    expect(isMinimalPush(0x01, Uint8Array.of(5))).toBe(false);
    expect(isMinimalPush(0x01, Uint8Array.of(0x11))).toBe(true);
    expect(isMinimalPush(OP.OP_PUSHDATA1, new Uint8Array(75))).toBe(false);
    expect(toHex(pushData(new Uint8Array(256)).subarray(0, 3))).toBe('4d0001');
  });
});
