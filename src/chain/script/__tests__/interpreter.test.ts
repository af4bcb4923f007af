import { describe, expect, it } from 'vitest';
import { assemble } from '../assemble.js';
import { SCRIPT_FLAGS, parseScriptFlags, scriptFlagNames } from '../flags.js';
import { NULL_CHECKER, type SignatureChecker } from '../signature-checker.js';
import { verifyScript } from '../verify-script.js';
import { resultName } from './script-corpus.js';
import { PyralogError } from '../../../errors/pyralog-error.js';

/** A checker that accepts every signature and records the script code it was given. */
function recordingChecker(): SignatureChecker & { codes: string[] } {
  const codes: string[] = [];
  return {
    codes,
    checkSignature: (_sig, _pub, code) => {
      codes.push(Buffer.from(code).toString('hex'));
      return true;
    },
    checkLockTime: () => true,
    checkSequence: () => true,
  };
}

const run = (sig: string, pub: string, flags: number, checker: SignatureChecker = NULL_CHECKER): string =>
  resultName(verifyScript(assemble(sig), assemble(pub), checker, flags));

describe('interpreter details', () => {
  it('hands CHECKSIG the script code after the last executed CODESEPARATOR, minus the signature', () => {
    const checker = recordingChecker();
    expect(run('0x01 0xaa', "0x01 0xaa DROP CODESEPARATOR 1 0x01 0xaa 'k' CHECKSIG", 0, checker)).toBe('OK');
    // after the separator: OP_1, push aa (deleted: it equals the signature push), push 'k', CHECKSIG
    expect(checker.codes).toEqual(['51016bac']);
  });

  it('CONST_SCRIPTCODE rejects CODESEPARATOR (even unexecuted) and signatures found in the script code', () => {
    expect(run('', '0 IF CODESEPARATOR ENDIF 1', SCRIPT_FLAGS.CONST_SCRIPTCODE)).toBe('OP_CODESEPARATOR');
    expect(run('', '0 IF CODESEPARATOR ENDIF 1', 0)).toBe('OK');
    const checker = recordingChecker();
    expect(run('0x01 0xaa', "0x01 0xaa DROP 'k' CHECKSIG", SCRIPT_FLAGS.CONST_SCRIPTCODE, checker)).toBe('SIG_FINDANDDELETE');
  });

  it('disabled opcodes fail even in unexecuted branches; reserved ones only when executed', () => {
    expect(run('', '0 IF CAT ENDIF 1', 0)).toBe('DISABLED_OPCODE');
    expect(run('', '0 IF RESERVED VER ENDIF 1', 0)).toBe('OK');
    expect(run('', '1 IF RESERVED ENDIF 1', 0)).toBe('BAD_OPCODE');
    expect(run('', '0 IF VERIF ENDIF 1', 0)).toBe('BAD_OPCODE');
  });

  it('counts operations: 201 allowed, 202 not; multisig keys count too', () => {
    const nops = (n: number): string => Array.from({ length: n }, () => 'NOP').join(' ');
    expect(run('', `1 ${nops(200)}`, 0)).toBe('OK');
    expect(run('', `1 ${nops(201)}`, 0)).toBe('OK');
    expect(run('', `1 ${nops(202)}`, 0)).toBe('OP_COUNT');
    // CHECKMULTISIG with 20 keys adds 20 to the count
    const keys = Array.from({ length: 20 }, () => '0').join(' ');
    expect(run('', `0 0 ${keys} 20 CHECKMULTISIG ${nops(180)}`, 0)).toBe('OK');
    expect(run('', `0 0 ${keys} 20 CHECKMULTISIG ${nops(181)}`, 0)).toBe('OP_COUNT');
  });

  it('limits the stack plus alt stack to 1000 items', () => {
    const pushes = (n: number): string => Array.from({ length: n }, () => '1').join(' ');
    expect(run('', `${pushes(999)} TOALTSTACK 1`, 0)).toBe('OK');
    expect(run('', `${pushes(1000)} TOALTSTACK 1`, 0)).toBe('STACK_SIZE');
  });

  it('CLTV and CSV read 5-byte operands and reject negative ones', () => {
    const flags = SCRIPT_FLAGS.CHECKLOCKTIMEVERIFY | SCRIPT_FLAGS.CHECKSEQUENCEVERIFY;
    const yes = recordingChecker();
    expect(run('', '0x05 0xffffffff00 CHECKLOCKTIMEVERIFY', flags, yes)).toBe('OK');
    expect(run('', '0x06 0xffffffff0000 CHECKLOCKTIMEVERIFY', flags, yes)).toBe('SCRIPTNUM');
    expect(run('', '-1 CHECKLOCKTIMEVERIFY', flags, yes)).toBe('NEGATIVE_LOCKTIME');
    expect(run('', '-1 CHECKSEQUENCEVERIFY', flags, yes)).toBe('NEGATIVE_LOCKTIME');
    // bit 31 set: CSV is a NOP even with a checker that would refuse
    expect(run('', '0x05 0x0000008000 CHECKSEQUENCEVERIFY', flags, NULL_CHECKER)).toBe('OK');
    expect(run('', '0x04 0x00004000 CHECKSEQUENCEVERIFY', flags, NULL_CHECKER)).toBe('UNSATISFIED_LOCKTIME');
  });

  it('parses and prints flag sets', () => {
    const f = parseScriptFlags('P2SH, STRICTENC,NONE');
    expect(scriptFlagNames(f)).toEqual(['P2SH', 'STRICTENC']);
    expect(parseScriptFlags('')).toBe(0);
    expect(() => parseScriptFlags('P2SH,BOGUS')).toThrow(PyralogError);
  });
});
