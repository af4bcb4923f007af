/**
 * The script errors of the interpreter, named as in Bitcoin Core's
 * script_error.h (minus the SCRIPT_ERR_ prefix) so test vectors compare
 * directly, plus GAS_EXHAUSTED for the Demiurge gas meter.
 */

export type ScriptError =
  | 'UNKNOWN_ERROR'
  | 'EVAL_FALSE'
  | 'OP_RETURN'
  | 'SCRIPT_SIZE'
  | 'PUSH_SIZE'
  | 'OP_COUNT'
  | 'STACK_SIZE'
  | 'SIG_COUNT'
  | 'PUBKEY_COUNT'
  | 'VERIFY'
  | 'EQUALVERIFY'
  | 'CHECKMULTISIGVERIFY'
  | 'CHECKSIGVERIFY'
  | 'NUMEQUALVERIFY'
  | 'BAD_OPCODE'
  | 'DISABLED_OPCODE'
  | 'INVALID_STACK_OPERATION'
  | 'INVALID_ALTSTACK_OPERATION'
  | 'UNBALANCED_CONDITIONAL'
  | 'NEGATIVE_LOCKTIME'
  | 'UNSATISFIED_LOCKTIME'
  | 'SIG_HASHTYPE'
  | 'SIG_DER'
  | 'MINIMALDATA'
  | 'SIG_PUSHONLY'
  | 'SIG_HIGH_S'
  | 'SIG_NULLDUMMY'
  | 'PUBKEYTYPE'
  | 'CLEANSTACK'
  | 'NULLFAIL'
  | 'DISCOURAGE_UPGRADABLE_NOPS'
  | 'SCRIPTNUM'
  | 'SIG_FINDANDDELETE'
  | 'OP_CODESEPARATOR'
  | 'GAS_EXHAUSTED';

export type ScriptResult = { readonly ok: true } | { readonly ok: false; readonly error: ScriptError };

/** Thrown inside the interpreter to unwind to `verifyScript`; never escapes it. */
export class ScriptFailure extends Error {
  override readonly name = 'ScriptFailure';
  readonly error: ScriptError;
  constructor(error: ScriptError) {
    super(error);
    this.error = error;
  }
}

/** Aborts the running script with `error`. */
export function fail(error: ScriptError): never {
  throw new ScriptFailure(error);
}
