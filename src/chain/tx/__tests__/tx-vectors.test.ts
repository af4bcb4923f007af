import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assemble } from '../../script/assemble.js';
import { LEGACY_FLAGS, SCRIPT_FLAGS, parseScriptFlags, type ScriptFlags } from '../../script/flags.js';
import { isWitnessProgram } from '../../script/script-op.js';
import { verifyTransactionScripts } from '../../script/verify-transaction-scripts.js';
import { checkTransaction } from '../check-transaction.js';
import { hasWitness, parseTransactionExact, serializeTransaction, type Transaction, type TxOut } from '../transaction.js';
import { fromHex, reverseHex, toHex } from '../../encoding/hex.js';

interface Vector {
  readonly prevouts: Map<string, TxOut>;
  readonly tx: Transaction;
  readonly flagsText: string;
}

function load(name: string): Vector[] {
  const raw = JSON.parse(readFileSync(new URL(`../../../../test/data/bitcoin/${name}`, import.meta.url), 'utf8')) as unknown[][];
  return raw
    .filter((c) => Array.isArray(c[0]))
    .map((c) => {
      const prevouts = new Map<string, TxOut>();
      for (const p of c[0] as [string, number, string, number?][]) {
        const index = p[1] === -1 ? 0xffffffff : p[1];
        prevouts.set(`${p[0]}:${index}`, { value: BigInt(p[3] ?? 0), scriptPubKey: assemble(p[2]) });
      }
      return { prevouts, tx: parseTransactionExact(fromHex(c[1] as string)), flagsText: c[2] as string };
    });
}

function spentOutputs(v: Vector): TxOut[] | undefined {
  const out: TxOut[] = [];
  for (const input of v.tx.inputs) {
    const p = v.prevouts.get(`${reverseHex(input.prevout.txid)}:${input.prevout.index}`);
    if (p === undefined) return undefined;
    out.push(p);
  }
  return out;
}

function scriptsValid(v: Vector, flags: ScriptFlags): boolean {
  const spent = spentOutputs(v);
  return spent !== undefined && verifyTransactionScripts(v.tx, spent, flags).ok;
}

const SEGWIT_FLAGS = /WITNESS|TAPROOT/;

/** Segwit cases, out of scope: a witness, segwit flags, or a witness program among the spent outputs. */
function isSegwitCase(v: Vector): boolean {
  if (hasWitness(v.tx) || SEGWIT_FLAGS.test(v.flagsText)) return true;
  for (const out of v.prevouts.values()) if (isWitnessProgram(out.scriptPubKey)) return true;
  return false;
}
/** The flags of a name list this interpreter implements, one by one. */
function legacyFlagBits(text: string): number[] {
  const bits: number[] = [];
  for (const name of text.split(',')) {
    const bit = parseScriptFlags(name);
    if ((bit & LEGACY_FLAGS) !== 0) bits.push(bit);
  }
  return bits;
}

/** Bitcoin Core's TrimFlags: CLEANSTACK only makes sense with P2SH (Core also ties it to WITNESS). */
function trimFlags(flags: number): number {
  return (flags & SCRIPT_FLAGS.P2SH) === 0 ? flags & ~SCRIPT_FLAGS.CLEANSTACK : flags;
}

/** Every flag this interpreter implements, one bit each. */
const EACH_LEGACY_FLAG: number[] = Array.from({ length: 31 }, (_, i) => 1 << i).filter((b) => (LEGACY_FLAGS & b) !== 0);

describe('Bitcoin Core tx_valid.json', () => {
  const all = load('tx_valid.json');
  const cases = all.filter((v) => !isSegwitCase(v));

  it('verifies every input of every non-segwit case with all flags but the excluded ones', () => {
    const failures: string[] = [];
    cases.forEach((v, n) => {
      const flags = LEGACY_FLAGS & ~parseScriptFlags(v.flagsText);
      const check = checkTransaction(v.tx);
      const spent = spentOutputs(v);
      const r = spent === undefined ? { ok: false, error: 'MISSING_PREVOUT' } : verifyTransactionScripts(v.tx, spent, flags);
      if (!check.ok || !r.ok) failures.push(`#${n} ${v.flagsText} ${JSON.stringify(check)} ${JSON.stringify(r)} ${toHex(serializeTransaction(v.tx)).slice(0, 120)}`);
    });
    expect(failures).toEqual([]);
    expect([all.length, cases.length]).toEqual([121, 92]);
  });

  it('removing any one flag never invalidates a valid case', () => {
    const failures: string[] = [];
    for (const v of cases) {
      const flags = LEGACY_FLAGS & ~parseScriptFlags(v.flagsText);
      for (const bit of EACH_LEGACY_FLAG) if (!scriptsValid(v, trimFlags(flags & ~bit))) failures.push(`${v.flagsText} minus ${bit}`);
    }
    expect(failures).toEqual([]);
  });

  it('excluded flags are necessary: putting back any one makes the case fail', () => {
    const failures: string[] = [];
    for (const v of cases) {
      const excluded = parseScriptFlags(v.flagsText);
      for (const bit of legacyFlagBits(v.flagsText)) {
        if (scriptsValid(v, LEGACY_FLAGS & ~(excluded & ~bit))) failures.push(`${v.flagsText} minus ${bit}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('Bitcoin Core tx_invalid.json', () => {
  const all = load('tx_invalid.json');
  const cases = all.filter((v) => !isSegwitCase(v));

  it('every BADTX case fails CheckTransaction; every other case passes it and fails a script check', () => {
    const failures: number[] = [];
    let badtx = 0;
    cases.forEach((v, n) => {
      const check = checkTransaction(v.tx);
      if (v.flagsText === 'BADTX') {
        badtx++;
        if (check.ok) failures.push(n);
        return;
      }
      if (!check.ok) failures.push(n);
      else if (scriptsValid(v, parseScriptFlags(v.flagsText))) failures.push(n);
    });
    expect(failures).toEqual([]);
    expect(badtx).toBe(9);
    expect([all.length, cases.length]).toEqual([93, 78]);
  });

  it('adding any one flag never validates an invalid case', () => {
    const failures: string[] = [];
    for (const v of cases) {
      if (v.flagsText === 'BADTX') continue;
      const flags = parseScriptFlags(v.flagsText);
      for (const bit of EACH_LEGACY_FLAG) if (scriptsValid(v, flags | bit)) failures.push(`${v.flagsText} plus ${bit}`);
    }
    expect(failures).toEqual([]);
  });

  it('flags are minimal: removing any one listed flag makes the case valid', () => {
    const failures: string[] = [];
    for (const v of cases) {
      if (v.flagsText === 'BADTX' || !checkTransaction(v.tx).ok) continue;
      const flags = parseScriptFlags(v.flagsText);
      for (const bit of legacyFlagBits(v.flagsText)) {
        if (!scriptsValid(v, flags & ~bit)) failures.push(`${v.flagsText} minus ${bit}: ${reverseHex(v.tx.inputs[0]!.prevout.txid)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
