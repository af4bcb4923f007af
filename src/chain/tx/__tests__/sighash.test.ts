import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { legacySighash, legacySighashPreimage, SIGHASH_ONE, SIGHASH_SINGLE } from '../sighash.js';
import { parseTransactionExact } from '../transaction.js';
import { fromHex, reverseHex, toHex } from '../../encoding/hex.js';

const cases = (JSON.parse(readFileSync(new URL('../../../../test/data/bitcoin/sighash.json', import.meta.url), 'utf8')) as unknown[][]).filter(
  (c) => c.length === 5,
) as [string, string, number, number, string][];

describe('legacy sighash (Bitcoin Core sighash.json)', () => {
  it('has the 500 cases', () => {
    expect(cases.length).toBe(500);
  });
  it('matches every case', () => {
    const failures: number[] = [];
    cases.forEach(([txHex, scriptHex, index, hashType, expected], n) => {
      const tx = parseTransactionExact(fromHex(txHex));
      const got = reverseHex(legacySighash(tx, index, fromHex(scriptHex), hashType));
      if (got !== expected) failures.push(n);
    });
    expect(failures).toEqual([]);
  });
  it('returns one for SIGHASH_SINGLE without a matching output and for an out-of-range input', () => {
    const tx = parseTransactionExact(fromHex(cases[0]![0]));
    expect(tx.inputs.length).toBe(3);
    const oneOutput = { ...tx, outputs: tx.outputs.slice(0, 1) };
    expect(toHex(legacySighash(oneOutput, 1, new Uint8Array(0), SIGHASH_SINGLE))).toBe(toHex(SIGHASH_ONE));
    expect(toHex(legacySighash(oneOutput, 0, new Uint8Array(0), SIGHASH_SINGLE))).not.toBe(toHex(SIGHASH_ONE));
    expect(toHex(legacySighash(tx, tx.inputs.length, new Uint8Array(0), 1))).toBe(toHex(SIGHASH_ONE));
  });

  it('leaves OP_CODESEPARATOR out of the script code', () => {
    const tx = parseTransactionExact(fromHex(cases[0]![0]));
    const withSeparators = fromHex('ab51ab52ab');
    const without = fromHex('5152');
    expect(toHex(legacySighash(tx, 0, withSeparators, 1))).toBe(toHex(legacySighash(tx, 0, without, 1)));
    expect(toHex(legacySighashPreimage(tx, 0, withSeparators, 1))).toContain('025152');
  });
});
