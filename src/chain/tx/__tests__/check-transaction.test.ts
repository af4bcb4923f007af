import { describe, expect, it } from 'vitest';
import { MAX_MONEY, assertTransactionValid, checkTransaction } from '../check-transaction.js';
import type { Transaction } from '../transaction.js';
import { PyralogError } from '../../../errors/pyralog-error.js';

const txidA = new Uint8Array(32).fill(1);
const base: Transaction = {
  version: 1,
  inputs: [{ prevout: { txid: txidA, index: 0 }, scriptSig: Uint8Array.of(0x51), sequence: 0xffffffff }],
  outputs: [{ value: 1000n, scriptPubKey: Uint8Array.of(0x51) }],
  locktime: 0,
};
const coinbase = (n: number): Transaction => ({
  ...base,
  inputs: [{ prevout: { txid: new Uint8Array(32), index: 0xffffffff }, scriptSig: new Uint8Array(n), sequence: 0xffffffff }],
});

describe('checkTransaction', () => {
  it('accepts a well-formed transaction and coinbase', () => {
    expect(checkTransaction(base)).toEqual({ ok: true });
    expect(checkTransaction(coinbase(2))).toEqual({ ok: true });
    expect(checkTransaction(coinbase(100))).toEqual({ ok: true });
    expect(checkTransaction({ ...base, outputs: [{ value: MAX_MONEY, scriptPubKey: new Uint8Array(0) }] })).toEqual({ ok: true });
  });

  it('reports each rule with Bitcoin Core reject reasons', () => {
    const reason = (tx: Transaction): string | undefined => {
      const r = checkTransaction(tx);
      return r.ok ? undefined : r.reason;
    };
    expect(reason({ ...base, inputs: [] })).toBe('bad-txns-vin-empty');
    expect(reason({ ...base, outputs: [] })).toBe('bad-txns-vout-empty');
    expect(reason({ ...base, outputs: [{ value: -1n, scriptPubKey: new Uint8Array(0) }] })).toBe('bad-txns-vout-negative');
    expect(reason({ ...base, outputs: [{ value: MAX_MONEY + 1n, scriptPubKey: new Uint8Array(0) }] })).toBe('bad-txns-vout-toolarge');
    expect(
      reason({
        ...base,
        outputs: [
          { value: MAX_MONEY, scriptPubKey: new Uint8Array(0) },
          { value: 1n, scriptPubKey: new Uint8Array(0) },
        ],
      }),
    ).toBe('bad-txns-txouttotal-toolarge');
    expect(reason({ ...base, inputs: [base.inputs[0]!, base.inputs[0]!] })).toBe('bad-txns-inputs-duplicate');
    expect(reason({ ...base, inputs: [base.inputs[0]!, { ...base.inputs[0]!, prevout: { txid: txidA, index: 1 } }] })).toBeUndefined();
    expect(reason(coinbase(1))).toBe('bad-cb-length');
    expect(reason(coinbase(101))).toBe('bad-cb-length');
    const nullPrevout = { ...base.inputs[0]!, prevout: { txid: new Uint8Array(32), index: 0xffffffff } };
    expect(reason({ ...base, inputs: [base.inputs[0]!, nullPrevout] })).toBe('bad-txns-prevout-null');
    expect(reason({ ...base, outputs: [{ value: 1n, scriptPubKey: new Uint8Array(200) }] }, )).toBeUndefined();
    expect(checkTransaction({ ...base, outputs: [{ value: 1n, scriptPubKey: new Uint8Array(200) }] }, { maxSize: 150 })).toEqual({
      ok: false,
      reason: 'bad-txns-oversize',
    });
    expect(checkTransaction({ ...base, outputs: [{ value: 101n, scriptPubKey: new Uint8Array(0) }] }, { maxMoney: 100n })).toEqual({
      ok: false,
      reason: 'bad-txns-vout-toolarge',
    });
  });

  it('assertTransactionValid throws TX_INVALID with the reason', () => {
    try {
      assertTransactionValid({ ...base, inputs: [] });
      expect.unreachable();
    } catch (e) {
      expect((e as PyralogError).code).toBe('TX_INVALID');
      expect((e as PyralogError).details).toEqual({ reason: 'bad-txns-vin-empty' });
    }
  });
});
