import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../crypto/ecdsa.js';
import { sha256 } from '../../crypto/hash.js';
import { SignatureCache } from '../../crypto/signature-cache.js';
import { signInput } from '../../tx/sign-input.js';
import { SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from '../../tx/sighash.js';
import type { Transaction, TxOut } from '../../tx/transaction.js';
import { CONSENSUS_FLAGS, STANDARD_FLAGS, SCRIPT_FLAGS } from '../flags.js';
import { OP } from '../opcodes.js';
import { legacySigOpCount, p2shSigOpCount, countScriptSigOps } from '../sig-op-count.js';
import { pushData } from '../script-op.js';
import {
  multisigScript,
  multisigScriptSig,
  p2pkhScriptForKey,
  p2pkhScriptSig,
  p2pkScript,
  p2shScript,
  p2shScriptSig,
  pushInt,
  p2pkhHashOf,
  p2shHashOf,
} from '../standard-scripts.js';
import { verifyTransactionScripts } from '../verify-transaction-scripts.js';

const keys = [1, 2, 3, 4].map((i) => sha256(Uint8Array.of(0xde, i)));
const pubs = keys.map((k) => publicKeyOf(k));
const multisig = multisigScript(2, [pubs[0]!, pubs[1]!, pubs[2]!]);
const cltv = Uint8Array.from([...pushInt(500), OP.OP_CHECKLOCKTIMEVERIFY, OP.OP_DROP, ...p2pkScript(pubs[3]!)]);
const csv = Uint8Array.from([...pushInt(10), OP.OP_CHECKSEQUENCEVERIFY, OP.OP_DROP, ...p2pkScript(pubs[3]!)]);

const spent: TxOut[] = [
  { value: 50_000n, scriptPubKey: p2pkhScriptForKey(pubs[0]!) },
  { value: 60_000n, scriptPubKey: p2pkScript(pubs[1]!) },
  { value: 70_000n, scriptPubKey: p2shScript(multisig) },
  { value: 80_000n, scriptPubKey: p2shScript(cltv) },
  { value: 90_000n, scriptPubKey: p2shScript(csv) },
];

function unsigned(locktime = 600, csvSequence = 12): Transaction {
  return {
    version: 2,
    inputs: spent.map((_, i) => ({
      prevout: { txid: sha256(Uint8Array.of(9, i)), index: i },
      scriptSig: new Uint8Array(0),
      sequence: i === 4 ? csvSequence : 0xfffffffe,
    })),
    outputs: [
      { value: 200_000n, scriptPubKey: p2pkhScriptForKey(pubs[2]!) },
      { value: 140_000n, scriptPubKey: p2pkhScriptForKey(pubs[3]!) },
    ],
    locktime,
  };
}

function signAll(tx: Transaction, hashType = SIGHASH_ALL): Transaction {
  const scriptSigs = [
    p2pkhScriptSig(signInput(tx, 0, spent[0]!.scriptPubKey, keys[0]!, hashType), pubs[0]!),
    pushData(signInput(tx, 1, spent[1]!.scriptPubKey, keys[1]!, hashType)),
    p2shScriptSig(multisigScriptSig([signInput(tx, 2, multisig, keys[0]!, hashType), signInput(tx, 2, multisig, keys[2]!, hashType)]), multisig),
    p2shScriptSig(pushData(signInput(tx, 3, cltv, keys[3]!, hashType)), cltv),
    p2shScriptSig(pushData(signInput(tx, 4, csv, keys[3]!, hashType)), csv),
  ];
  return { ...tx, inputs: tx.inputs.map((input, i) => ({ ...input, scriptSig: scriptSigs[i]! })) };
}

describe('signing and verifying whole transactions', () => {
  it('verifies P2PKH, P2PK, P2SH multisig, CLTV and CSV inputs under standard flags', () => {
    const tx = signAll(unsigned());
    expect(verifyTransactionScripts(tx, spent, STANDARD_FLAGS)).toEqual({ ok: true });
  });

  it('a changed output breaks every SIGHASH_ALL signature (NULLFAIL under policy, EVAL_FALSE under consensus)', () => {
    const tx = signAll(unsigned());
    const tampered = { ...tx, outputs: [{ ...tx.outputs[0]!, value: 199_999n }, tx.outputs[1]!] };
    expect(verifyTransactionScripts(tampered, spent, STANDARD_FLAGS)).toEqual({ ok: false, inputIndex: 0, error: 'NULLFAIL' });
    expect(verifyTransactionScripts(tampered, spent, CONSENSUS_FLAGS)).toEqual({ ok: false, inputIndex: 0, error: 'EVAL_FALSE' });
  });

  it('SIGHASH_NONE|ANYONECANPAY signatures survive changed outputs; SIGHASH_SINGLE protects only its output', () => {
    const none = signAll(unsigned(), SIGHASH_NONE | SIGHASH_ANYONECANPAY);
    const changed = { ...none, outputs: [{ value: 1n, scriptPubKey: Uint8Array.of(OP.OP_RETURN) }] };
    expect(verifyTransactionScripts(changed, spent, STANDARD_FLAGS)).toEqual({ ok: true });
    const single = signAll(unsigned(), SIGHASH_SINGLE);
    const second = { ...single, outputs: [single.outputs[0]!, { ...single.outputs[1]!, value: 1n }] };
    const r = verifyTransactionScripts(second, spent, CONSENSUS_FLAGS);
    // input 0 signs output 0 only; input 1 signs output 1, which changed
    expect(r).toEqual({ ok: false, inputIndex: 1, error: 'EVAL_FALSE' });
  });

  it('enforces lock times: CLTV against nLockTime, CSV against the input sequence', () => {
    const early = signAll(unsigned(400));
    expect(verifyTransactionScripts(early, spent, STANDARD_FLAGS)).toEqual({ ok: false, inputIndex: 3, error: 'UNSATISFIED_LOCKTIME' });
    const soon = signAll(unsigned(600, 9));
    expect(verifyTransactionScripts(soon, spent, STANDARD_FLAGS)).toEqual({ ok: false, inputIndex: 4, error: 'UNSATISFIED_LOCKTIME' });
    // without the soft-fork flags the opcodes are NOPs
    const flags = STANDARD_FLAGS & ~(SCRIPT_FLAGS.CHECKLOCKTIMEVERIFY | SCRIPT_FLAGS.CHECKSEQUENCEVERIFY | SCRIPT_FLAGS.DISCOURAGE_UPGRADABLE_NOPS);
    expect(verifyTransactionScripts(early, spent, flags)).toEqual({ ok: true });
    expect(verifyTransactionScripts(soon, spent, flags)).toEqual({ ok: true });
  });

  it('the signature cache answers the second verification without ECDSA', () => {
    const tx = signAll(unsigned());
    const cache = new SignatureCache();
    expect(verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { sigCache: cache }).ok).toBe(true);
    // 6 valid signatures; the 2-of-3 multisig also tries its second signature against the unused key: a miss, not stored
    expect([cache.size, cache.hits, cache.misses]).toEqual([6, 0, 7]);
    expect(verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { sigCache: cache }).ok).toBe(true);
    expect([cache.size, cache.hits, cache.misses]).toEqual([6, 6, 8]);
  });

  it('a per-input gas limit fails the multisig input when too small', () => {
    const tx = signAll(unsigned());
    expect(verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { gasLimit: 2_000 })).toEqual({ ok: false, inputIndex: 2, error: 'GAS_EXHAUSTED' });
    expect(verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { gasLimit: 5_000 })).toEqual({ ok: true });
  });

  it('counts signature operations', () => {
    const tx = signAll(unsigned());
    // scriptSigs are push-only (the redeem scripts inside pushes do not count); each P2PKH output counts 1
    expect(legacySigOpCount(tx)).toBe(2);
    expect(countScriptSigOps(tx.outputs[0]!.scriptPubKey, false)).toBe(1);
    expect(p2shSigOpCount(tx, spent)).toBe(3 + 1 + 1);
    expect(countScriptSigOps(multisig, false)).toBe(20);
    expect(p2pkhHashOf(spent[0]!.scriptPubKey)?.length).toBe(20);
    expect(p2shHashOf(spent[2]!.scriptPubKey)?.length).toBe(20);
    expect(p2shHashOf(spent[0]!.scriptPubKey)).toBeUndefined();
  });
});
