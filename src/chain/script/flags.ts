/**
 * Script verification flags as a bit set, with Bitcoin Core's names. Flags of
 * segwit/taproot (WITNESS, TAPROOT, MINIMALIF, …) are recognised by name so
 * test vectors parse, but have no effect on legacy and P2SH scripts.
 * CLEANSTACK is applied whenever set (Bitcoin Core only allows it together
 * with P2SH and WITNESS; callers should set it with P2SH).
 */

import { PyralogError } from '../../errors/pyralog-error.js';

export const SCRIPT_FLAGS = {
  NONE: 0,
  P2SH: 1 << 0,
  STRICTENC: 1 << 1,
  DERSIG: 1 << 2,
  LOW_S: 1 << 3,
  NULLDUMMY: 1 << 4,
  SIGPUSHONLY: 1 << 5,
  MINIMALDATA: 1 << 6,
  DISCOURAGE_UPGRADABLE_NOPS: 1 << 7,
  CLEANSTACK: 1 << 8,
  CHECKLOCKTIMEVERIFY: 1 << 9,
  CHECKSEQUENCEVERIFY: 1 << 10,
  WITNESS: 1 << 11,
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 1 << 12,
  MINIMALIF: 1 << 13,
  NULLFAIL: 1 << 14,
  WITNESS_PUBKEYTYPE: 1 << 15,
  CONST_SCRIPTCODE: 1 << 16,
  TAPROOT: 1 << 17,
  DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: 1 << 18,
  DISCOURAGE_OP_SUCCESS: 1 << 19,
  DISCOURAGE_UPGRADABLE_PUBKEYTYPE: 1 << 20,
} as const;

export type ScriptFlagName = Exclude<keyof typeof SCRIPT_FLAGS, 'NONE'>;

/** A bit set of SCRIPT_FLAGS values. */
export type ScriptFlags = number;

/** The flags that matter to legacy and P2SH scripts (what this interpreter implements). */
export const LEGACY_FLAGS: ScriptFlags =
  SCRIPT_FLAGS.P2SH |
  SCRIPT_FLAGS.STRICTENC |
  SCRIPT_FLAGS.DERSIG |
  SCRIPT_FLAGS.LOW_S |
  SCRIPT_FLAGS.NULLDUMMY |
  SCRIPT_FLAGS.SIGPUSHONLY |
  SCRIPT_FLAGS.MINIMALDATA |
  SCRIPT_FLAGS.DISCOURAGE_UPGRADABLE_NOPS |
  SCRIPT_FLAGS.CLEANSTACK |
  SCRIPT_FLAGS.CHECKLOCKTIMEVERIFY |
  SCRIPT_FLAGS.CHECKSEQUENCEVERIFY |
  SCRIPT_FLAGS.NULLFAIL |
  SCRIPT_FLAGS.CONST_SCRIPTCODE;

/** Consensus flags of a chain with all legacy soft forks active (BIP16, 66, 65, 112, 147 nulldummy). */
export const CONSENSUS_FLAGS: ScriptFlags =
  SCRIPT_FLAGS.P2SH | SCRIPT_FLAGS.DERSIG | SCRIPT_FLAGS.CHECKLOCKTIMEVERIFY | SCRIPT_FLAGS.CHECKSEQUENCEVERIFY | SCRIPT_FLAGS.NULLDUMMY;

/** Standardness (mempool policy) flags: consensus plus the malleability and upgrade-safety rules. */
export const STANDARD_FLAGS: ScriptFlags = LEGACY_FLAGS;

/** Parses `"P2SH,STRICTENC"` (empty string or NONE → 0); throws SCRIPT_FLAG_UNKNOWN. */
export function parseScriptFlags(text: string): ScriptFlags {
  let flags = 0;
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '' || name === 'NONE') continue;
    const bit = (SCRIPT_FLAGS as Record<string, number>)[name];
    if (bit === undefined) throw new PyralogError('SCRIPT_FLAG_UNKNOWN', `unknown script flag '${name}'`, { phase: 'chain' });
    flags |= bit;
  }
  return flags;
}

/** The names of the flags set in `flags`, in definition order. */
export function scriptFlagNames(flags: ScriptFlags): ScriptFlagName[] {
  const out: ScriptFlagName[] = [];
  for (const [name, bit] of Object.entries(SCRIPT_FLAGS)) {
    if (bit !== 0 && (flags & bit) !== 0) out.push(name as ScriptFlagName);
  }
  return out;
}
