/**
 * The signature opcodes of the interpreter: CHECKSIG(VERIFY) and
 * CHECKMULTISIG(VERIFY), with Bitcoin Core's order of checks — FindAndDelete
 * of the signatures from the script code, encoding rules per flags, NULLFAIL,
 * the multisig key/signature walk and its extra "dummy" pop (NULLDUMMY).
 */

import { SCRIPT_FLAGS, type ScriptFlags } from './flags.js';
import { findAndDelete } from './find-and-delete.js';
import { GAS, type GasMeter } from './gas.js';
import { fail } from './script-error.js';
import { FALSE, TRUE } from './script-num.js';
import { pushData } from './script-op.js';
import type { SignatureChecker } from './signature-checker.js';
import { pubkeyEncodingError, signatureEncodingError } from './signature-encoding.js';

export const MAX_PUBKEYS_PER_MULTISIG = 20;

/** What the signature opcodes need from the running interpreter. */
export interface SignatureOpContext {
  readonly stack: Uint8Array[];
  readonly flags: ScriptFlags;
  readonly checker: SignatureChecker;
  readonly meter: GasMeter | undefined;
  /** Decodes a 4-byte script number under the current flags (SCRIPTNUM on failure). */
  readonly num: (item: Uint8Array) => number;
  /** The script from just after the last executed CODESEPARATOR to the end. */
  readonly scriptCode: () => Uint8Array;
  /** Adds to the operation count (OP_COUNT when over the limit). */
  readonly addOps: (n: number) => void;
}

function need(ctx: SignatureOpContext, n: number): void {
  if (ctx.stack.length < n) fail('INVALID_STACK_OPERATION');
}

function top(ctx: SignatureOpContext, i: number): Uint8Array {
  return ctx.stack[ctx.stack.length + i]!;
}

/** The script code with the signatures' own pushes removed (an error under CONST_SCRIPTCODE). */
function scriptCodeWithout(ctx: SignatureOpContext, sigs: readonly Uint8Array[]): Uint8Array {
  let code = ctx.scriptCode();
  for (const sig of sigs) {
    const r = findAndDelete(code, pushData(sig));
    if (r.found > 0 && (ctx.flags & SCRIPT_FLAGS.CONST_SCRIPTCODE) !== 0) fail('SIG_FINDANDDELETE');
    code = r.script;
  }
  return code;
}

/** Encoding checks, then one (metered) call of the checker. */
function checkSig(ctx: SignatureOpContext, sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array): boolean {
  const sigError = signatureEncodingError(sig, ctx.flags);
  if (sigError !== undefined) fail(sigError);
  const keyError = pubkeyEncodingError(pubkey, ctx.flags);
  if (keyError !== undefined) fail(keyError);
  if (ctx.meter !== undefined) ctx.meter.charge(GAS.SIGNATURE_CHECK);
  return ctx.checker.checkSignature(sig, pubkey, scriptCode);
}

/** (sig pubkey -- bool), or -- for the VERIFY form. */
export function opCheckSig(ctx: SignatureOpContext, verify: boolean): void {
  need(ctx, 2);
  const sig = top(ctx, -2);
  const pubkey = top(ctx, -1);
  const ok = checkSig(ctx, sig, pubkey, scriptCodeWithout(ctx, [sig]));
  if (!ok && (ctx.flags & SCRIPT_FLAGS.NULLFAIL) !== 0 && sig.length > 0) fail('NULLFAIL');
  ctx.stack.length -= 2;
  if (verify) {
    if (!ok) fail('CHECKSIGVERIFY');
  } else ctx.stack.push(ok ? TRUE : FALSE);
}

/** (dummy sig… m pubkey… n -- bool), or -- for the VERIFY form. */
export function opCheckMultisig(ctx: SignatureOpContext, verify: boolean): void {
  const { stack, flags } = ctx;
  let i = 1;
  need(ctx, i);
  let keys = ctx.num(top(ctx, -i));
  if (keys < 0 || keys > MAX_PUBKEYS_PER_MULTISIG) fail('PUBKEY_COUNT');
  ctx.addOps(keys);
  if (ctx.meter !== undefined) ctx.meter.charge(GAS.MULTISIG_PER_KEY * keys);
  let ikey = ++i;
  // Items from the top that are keys (and counts): signatures below them are subject to NULLFAIL.
  let ikey2 = keys + 2;
  i += keys;
  need(ctx, i);
  let sigs = ctx.num(top(ctx, -i));
  if (sigs < 0 || sigs > keys) fail('SIG_COUNT');
  let isig = ++i;
  i += sigs;
  need(ctx, i);
  const sigItems: Uint8Array[] = [];
  for (let k = 0; k < sigs; k++) sigItems.push(top(ctx, -isig - k));
  const scriptCode = scriptCodeWithout(ctx, sigItems);
  let success = true;
  while (success && sigs > 0) {
    if (checkSig(ctx, top(ctx, -isig), top(ctx, -ikey), scriptCode)) {
      isig++;
      sigs--;
    }
    ikey++;
    keys--;
    // More signatures left than keys: they cannot all match any more.
    if (sigs > keys) success = false;
  }
  while (i-- > 1) {
    if (!success && (flags & SCRIPT_FLAGS.NULLFAIL) !== 0 && ikey2 === 0 && top(ctx, -1).length > 0) fail('NULLFAIL');
    if (ikey2 > 0) ikey2--;
    stack.pop();
  }
  // The off-by-one bug: one extra item is consumed; NULLDUMMY requires it to be empty.
  need(ctx, 1);
  if ((flags & SCRIPT_FLAGS.NULLDUMMY) !== 0 && top(ctx, -1).length > 0) fail('SIG_NULLDUMMY');
  stack.pop();
  if (verify) {
    if (!success) fail('CHECKMULTISIGVERIFY');
  } else stack.push(success ? TRUE : FALSE);
}
