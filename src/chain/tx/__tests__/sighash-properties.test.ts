import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { legacySighash, SIGHASH_ALL, SIGHASH_ANYONECANPAY, SIGHASH_NONE, SIGHASH_SINGLE } from '../sighash.js';
import type { Transaction } from '../transaction.js';
import { toHex } from '../../encoding/hex.js';

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const txArb = fc.record({
  version: fc.integer({ min: 1, max: 2 }),
  inputs: fc.array(
    fc.record({
      prevout: fc.record({ txid: bytes(32), index: fc.integer({ min: 0, max: 5 }) }),
      scriptSig: fc.uint8Array({ maxLength: 10 }),
      sequence: fc.integer({ min: 0, max: 0xffffffff }),
    }),
    { minLength: 2, maxLength: 4 },
  ),
  outputs: fc.array(fc.record({ value: fc.bigInt({ min: 0n, max: 10n ** 12n }), scriptPubKey: fc.uint8Array({ maxLength: 10 }) }), {
    minLength: 2,
    maxLength: 4,
  }),
  locktime: fc.integer({ min: 0, max: 0xffffffff }),
});

const h = (tx: Transaction, i: number, type: number): string => toHex(legacySighash(tx, i, Uint8Array.of(0x51), type));
const withOutputValue = (tx: Transaction, k: number): Transaction => ({
  ...tx,
  outputs: tx.outputs.map((o, j) => (j === k ? { ...o, value: o.value + 1n } : o)),
});
const withSequence = (tx: Transaction, k: number): Transaction => ({
  ...tx,
  inputs: tx.inputs.map((inp, j) => (j === k ? { ...inp, sequence: (inp.sequence + 1) >>> 0 } : inp)),
});
const withScriptSig = (tx: Transaction, k: number): Transaction => ({
  ...tx,
  inputs: tx.inputs.map((inp, j) => (j === k ? { ...inp, scriptSig: Uint8Array.of(1, 2, 3, ...inp.scriptSig) } : inp)),
});

describe('legacy sighash commitments', () => {
  it('ALL commits to every output and every sequence; no hash commits to scriptSigs', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const base = h(tx, 0, SIGHASH_ALL);
        for (let k = 0; k < tx.outputs.length; k++) expect(h(withOutputValue(tx, k), 0, SIGHASH_ALL)).not.toBe(base);
        for (let k = 0; k < tx.inputs.length; k++) {
          expect(h(withSequence(tx, k), 0, SIGHASH_ALL)).not.toBe(base);
          expect(h(withScriptSig(tx, k), 0, SIGHASH_ALL)).toBe(base);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('NONE ignores outputs and other sequences; SINGLE commits only to its own output', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const none = h(tx, 0, SIGHASH_NONE);
        expect(h(withOutputValue(tx, 0), 0, SIGHASH_NONE)).toBe(none);
        expect(h(withSequence(tx, 1), 0, SIGHASH_NONE)).toBe(none);
        expect(h(withSequence(tx, 0), 0, SIGHASH_NONE)).not.toBe(none);
        const single = h(tx, 1, SIGHASH_SINGLE);
        expect(h(withOutputValue(tx, 1), 1, SIGHASH_SINGLE)).not.toBe(single);
        expect(h(withOutputValue(tx, 0), 1, SIGHASH_SINGLE)).toBe(single);
        expect(h({ ...tx, outputs: [...tx.outputs, tx.outputs[0]!] }, 1, SIGHASH_SINGLE)).toBe(single);
      }),
      { numRuns: 100 },
    );
  });

  it('ANYONECANPAY ignores the other inputs entirely', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const acp = h(tx, 0, SIGHASH_ALL | SIGHASH_ANYONECANPAY);
        const moreInputs = { ...tx, inputs: [...tx.inputs, tx.inputs[1]!] };
        expect(h(moreInputs, 0, SIGHASH_ALL | SIGHASH_ANYONECANPAY)).toBe(acp);
        expect(h(withSequence(tx, 1), 0, SIGHASH_ALL | SIGHASH_ANYONECANPAY)).toBe(acp);
        expect(h(moreInputs, 0, SIGHASH_ALL)).not.toBe(h(tx, 0, SIGHASH_ALL));
      }),
      { numRuns: 100 },
    );
  });
});
