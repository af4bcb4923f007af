import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseTransaction, parseTransactionExact, serializeTransaction, serializeTransactionWithWitness, txid, txidHex, isCoinbase, hasWitness, type Transaction } from '../transaction.js';
import { fromHex, toHex, reverseHex } from '../../encoding/hex.js';
import { hash256 } from '../../crypto/hash.js';
import { ByteReader } from '../../encoding/byte-reader.js';
import { concatBytes } from '../../encoding/hex.js';
import { PyralogError } from '../../../errors/pyralog-error.js';

const DATA = new URL('../../../../test/data/bitcoin/', import.meta.url);

/** Merkle root over txids (internal order), Bitcoin's rule: duplicate the last of an odd level. */
function merkleRoot(ids: Uint8Array[]): Uint8Array {
  let level = ids;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const a = level[i]!;
      const b = level[i + 1] ?? a;
      next.push(hash256(concatBytes([a, b])));
    }
    level = next;
  }
  return level[0]!;
}

function parseBlockTxs(raw: Uint8Array): { merkle: Uint8Array; txs: Transaction[]; sizes: number } {
  const merkle = raw.subarray(36, 68);
  const r = new ByteReader(raw, 80);
  const n = r.varint();
  const txs: Transaction[] = [];
  let at = r.offset;
  for (let i = 0; i < n; i++) {
    const { tx, size } = parseTransaction(raw, at);
    txs.push(tx);
    at += size;
  }
  return { merkle, txs, sizes: at };
}

describe('transaction format', () => {
  it('parses and re-serializes a known transaction and gets its txid', () => {
    const hex =
      '0100000001b14bdcbc3e01bdaad36cc08e81e69c82e1060bc14e518db2b49aa43ad90ba26000000000490047304402203f16c6f40162ab686621ef3000b04e75418a0c0cb2d8aebeac894ae360ac1e780220ddc15ecdfc3507ac48e1681a33eb60996631bf6bf5bc0a0682c4db743ce7ca2b01ffffffff0140420f00000000001976a914660d4ef3a743e3e696ad990364e555c271ad504b88ac00000000';
    const tx = parseTransactionExact(fromHex(hex));
    expect(tx.version).toBe(1);
    expect(tx.inputs.length).toBe(1);
    expect(tx.inputs[0]!.prevout.index).toBe(0);
    expect(reverseHex(tx.inputs[0]!.prevout.txid)).toBe('60a20bd93aa49ab4b28d514ec10b06e1829ce6818ec06cd3aabd013ebcdc4bb1');
    expect(tx.inputs[0]!.sequence).toBe(0xffffffff);
    expect(tx.outputs[0]!.value).toBe(1000000n);
    expect(tx.locktime).toBe(0);
    expect(toHex(serializeTransaction(tx))).toBe(hex);
    expect(txidHex(tx)).toBe('23b397edccd3740a74adb603c9756370fafcde9bcc4483eb271ecad09a94dd63');
    expect(isCoinbase(tx)).toBe(false);
  });

  it('reports trailing bytes and truncation', () => {
    const hex = '01000000000000000000';
    const tx = parseTransactionExact(fromHex(hex));
    expect(tx.inputs.length).toBe(0);
    expect(tx.outputs.length).toBe(0);
    expect(() => parseTransactionExact(fromHex(hex + '00'))).toThrow(/trailing/);
    try {
      parseTransaction(fromHex('0100000001'));
      expect.unreachable();
    } catch (e) {
      expect((e as PyralogError).code).toBe('ENCODING_TRUNCATED');
    }
  });

  it('every transaction of block 300,025 round-trips and the Merkle root matches', () => {
    const raw = new Uint8Array(readFileSync(new URL('block300025.raw', DATA)));
    const { merkle, txs, sizes } = parseBlockTxs(raw);
    expect(sizes).toBe(raw.length);
    expect(isCoinbase(txs[0]!)).toBe(true);
    expect(txs.slice(1).every((t) => !isCoinbase(t))).toBe(true);
    expect(toHex(merkleRoot(txs.map(txid)))).toBe(toHex(merkle));
  });

  it('parses segwit transactions of block 482,683, strips the witness for the txid', () => {
    const raw = new Uint8Array(readFileSync(new URL('block482683.raw', DATA)));
    const { merkle, txs, sizes } = parseBlockTxs(raw);
    expect(sizes).toBe(raw.length);
    const segwit = txs.filter(hasWitness);
    expect(segwit.length).toBeGreaterThan(0);
    expect(toHex(merkleRoot(txs.map(txid)))).toBe(toHex(merkle));
    // re-serializing with witness gives back the exact bytes of the block
    const again = concatBytes(txs.map(serializeTransactionWithWitness));
    const r = new ByteReader(raw, 80);
    r.varint();
    expect(toHex(again)).toBe(toHex(raw.subarray(r.offset)));
  });

  it('re-serializes every transaction of the Bitcoin Core vectors byte for byte', () => {
    const hexes: string[] = [];
    for (const name of ['tx_valid.json', 'tx_invalid.json']) {
      const rows = JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as unknown[][];
      for (const r of rows) if (Array.isArray(r[0])) hexes.push(r[1] as string);
    }
    const sighashRows = JSON.parse(readFileSync(new URL('sighash.json', DATA), 'utf8')) as unknown[][];
    for (const r of sighashRows) if (r.length === 5) hexes.push(r[0] as string);
    let segwit = 0;
    for (const hex of hexes) {
      const tx = parseTransactionExact(fromHex(hex));
      if (hasWitness(tx)) segwit++;
      expect(toHex(serializeTransactionWithWitness(tx))).toBe(hex);
    }
    expect(hexes.length).toBe(121 + 93 + 500);
    expect(segwit).toBeGreaterThan(10);
  });

  it('round-trips random transactions', () => {
    const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
    const input = fc.record({
      prevout: fc.record({ txid: bytes(32), index: fc.integer({ min: 0, max: 0xffffffff }) }),
      scriptSig: fc.uint8Array({ maxLength: 300 }),
      sequence: fc.integer({ min: 0, max: 0xffffffff }),
    });
    const output = fc.record({ value: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), scriptPubKey: fc.uint8Array({ maxLength: 300 }) });
    const tx = fc.record({
      version: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
      inputs: fc.array(input, { minLength: 1, maxLength: 5 }),
      outputs: fc.array(output, { maxLength: 5 }),
      locktime: fc.integer({ min: 0, max: 0xffffffff }),
    });
    fc.assert(
      fc.property(tx, (t) => {
        const bytesOut = serializeTransaction(t);
        const back = parseTransactionExact(bytesOut);
        expect(back).toEqual(t);
        expect(toHex(txid(back))).toBe(toHex(hash256(bytesOut)));
      }),
      { numRuns: 200 },
    );
  });
});
