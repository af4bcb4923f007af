/**
 * Verifying a spend (Bitcoin Core's VerifyScript, legacy and P2SH): run the
 * scriptSig, then the scriptPubKey on the resulting stack, require a true top,
 * then for a P2SH output run the serialized redeem script on a copy of the
 * scriptSig's stack; SIGPUSHONLY and CLEANSTACK as flags ask. Optionally
 * metered by gas.
 */

import { SCRIPT_FLAGS, type ScriptFlags } from './flags.js';
import { GasMeter } from './gas.js';
import { evalScript } from './interpreter.js';
import { ScriptFailure, type ScriptResult } from './script-error.js';
import { castToBool } from './script-num.js';
import { isPayToScriptHash, isPushOnly } from './script-op.js';
import type { SignatureChecker } from './signature-checker.js';

export interface VerifyScriptOptions {
  /** Gas budget for the whole verification (scriptSig, scriptPubKey and redeem script); unmetered when absent. */
  readonly gasLimit?: number;
  /** Receives the gas used (also on failure) when `gasLimit` is set. */
  readonly onGasUsed?: (used: number) => void;
}

const OK: ScriptResult = { ok: true };

function run(scriptSig: Uint8Array, scriptPubKey: Uint8Array, checker: SignatureChecker, flags: ScriptFlags, meter: GasMeter | undefined): ScriptResult {
  if ((flags & SCRIPT_FLAGS.SIGPUSHONLY) !== 0 && !isPushOnly(scriptSig)) return { ok: false, error: 'SIG_PUSHONLY' };
  let stack: Uint8Array[] = [];
  evalScript(stack, scriptSig, flags, checker, meter);
  const p2sh = (flags & SCRIPT_FLAGS.P2SH) !== 0;
  const stackCopy = p2sh ? stack.slice() : [];
  evalScript(stack, scriptPubKey, flags, checker, meter);
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return { ok: false, error: 'EVAL_FALSE' };
  if (p2sh && isPayToScriptHash(scriptPubKey)) {
    if (!isPushOnly(scriptSig)) return { ok: false, error: 'SIG_PUSHONLY' };
    stack = stackCopy;
    // Non-empty: the scriptPubKey above succeeded on a stack derived from it.
    const redeemScript = stack.pop()!;
    evalScript(stack, redeemScript, flags, checker, meter);
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return { ok: false, error: 'EVAL_FALSE' };
  }
  if ((flags & SCRIPT_FLAGS.CLEANSTACK) !== 0 && stack.length !== 1) return { ok: false, error: 'CLEANSTACK' };
  return OK;
}

/** Verifies that `scriptSig` satisfies `scriptPubKey` under `flags`. */
export function verifyScript(
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  checker: SignatureChecker,
  flags: ScriptFlags,
  options: VerifyScriptOptions = {},
): ScriptResult {
  const meter = options.gasLimit === undefined ? undefined : new GasMeter(options.gasLimit);
  try {
    return run(scriptSig, scriptPubKey, checker, flags, meter);
  } catch (e) {
    if (e instanceof ScriptFailure) return { ok: false, error: e.error };
    throw e;
  } finally {
    if (meter !== undefined) options.onGasUsed?.(meter.used);
  }
}
