import { afterAll, describe, expect, it } from 'vitest';
import { VerifyPool, verifyBatch, closeDefaultVerifyPool, type VerifyItem } from '../verify-pool.js';
import { publicKeyOf, signDer, verifyDer } from '../ecdsa.js';
import { sha256 } from '../hash.js';
import { SignatureCache } from '../signature-cache.js';
import { CURVE_ORDER, encodeDer, parseDerLax } from '../der-signature.js';

/** n - s for a 32-byte big-endian s. */
function negate(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  let borrow = 0;
  for (let i = 31; i >= 0; i--) {
    let d = CURVE_ORDER[i]! - x[i]! - borrow;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 256;
    out[i] = d;
  }
  return out;
}

function makeItems(n: number): { items: VerifyItem[]; expected: boolean[] } {
  const items: VerifyItem[] = [];
  const expected: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const key = sha256(Uint8Array.of(1, i & 255, i >> 8));
    const msg = sha256(Uint8Array.of(2, i & 255, i >> 8));
    const sig = signDer(msg, key);
    const kind = i % 5;
    if (kind === 1) items.push({ msg32: sha256(msg), pubkey: publicKeyOf(key), sig }); // wrong message
    else if (kind === 2) items.push({ msg32: msg, pubkey: Uint8Array.of(5, 1, 2), sig }); // bad key
    else if (kind === 3) items.push({ msg32: msg, pubkey: publicKeyOf(key, false), sig: sig.subarray(1) }); // not DER
    else items.push({ msg32: msg, pubkey: publicKeyOf(key, i % 2 === 0), sig });
    expected.push(kind === 0 || kind === 4);
  }
  return { items, expected };
}

describe('verify pool', () => {
  const pool = new VerifyPool(2);
  afterAll(async () => {
    await pool.close();
    await closeDefaultVerifyPool();
  });

  it('gives the same answers as verifying one by one, in order', async () => {
    const { items, expected } = makeItems(150);
    expect(items.map((it) => verifyDer(it.msg32, it.pubkey, it.sig))).toEqual(expected);
    expect(await pool.verifyBatch(items)).toEqual(expected);
    expect(await verifyBatch(items.slice(0, 10))).toEqual(expected.slice(0, 10));
    expect(await verifyBatch(items)).toEqual(expected);
  });

  it('treats high-S signatures, hybrid keys and lax DER as verifyDer does', async () => {
    const made = makeItems(60);
    const valid = made.items.filter((_, i) => made.expected[i]);
    const variants: VerifyItem[] = valid.flatMap((it) => {
      const compact = parseDerLax(it.sig) as Uint8Array;
      const highS = encodeDer(Uint8Array.from([...compact.subarray(0, 32), ...negate(compact.subarray(32))]));
      const full = it.pubkey.length === 65 ? it.pubkey : undefined;
      const hybrid = full === undefined ? it.pubkey : Uint8Array.from([(full[64]! & 1) === 1 ? 7 : 6, ...full.subarray(1)]);
      const padded = Uint8Array.from([0x30, 0x80 + 1, it.sig[1]!, ...it.sig.subarray(2)]);
      return [
        { ...it, sig: highS },
        { ...it, pubkey: hybrid },
        { ...it, sig: padded },
      ];
    });
    const expected = variants.map((v) => verifyDer(v.msg32, v.pubkey, v.sig));
    // consensus accepts all three: high S (normalised), hybrid keys with the right parity, long-form DER lengths
    expect(expected.every(Boolean)).toBe(true);
    variants.push({ ...variants[1]!, pubkey: Uint8Array.from([variants[1]!.pubkey[0]! ^ 1, ...variants[1]!.pubkey.subarray(1)]) });
    expected.push(false);
    expect(await pool.verifyBatch(variants)).toEqual(expected);
  });

  it('handles concurrent batches and the empty batch', async () => {
    const a = makeItems(80);
    const b = makeItems(40);
    const [ra, rb, re] = await Promise.all([pool.verifyBatch(a.items), pool.verifyBatch(b.items), pool.verifyBatch([])]);
    expect(ra).toEqual(a.expected);
    expect(rb).toEqual(b.expected);
    expect(re).toEqual([]);
  });

  it('streams: chunks go out while items are still added (across awaits), verdicts come back in add order', async () => {
    const { items, expected } = makeItems(400);
    const stream = pool.stream();
    const positions: number[] = [];
    for (let i = 0; i < items.length; i++) {
      positions.push(stream.add(items[i]!));
      if (i % 97 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    expect(positions).toEqual(items.map((_, i) => i));
    const verdicts = await stream.finish();
    expect(verdicts).toEqual(expected);
    expect(() => stream.add(items[0]!)).toThrow(/finished/);
    // a stream too small for the workers is verified on this thread, with the same answers
    const small = pool.stream();
    for (const it of items.slice(0, 7)) small.add(it);
    expect(await small.finish()).toEqual(expected.slice(0, 7));
    expect(await pool.stream().finish()).toEqual([]);
  });

  it('lets the calling thread verify the chunks the workers have no room for, with the same verdicts', async () => {
    const { items, expected } = makeItems(150);
    const many = Array.from({ length: 40 }, () => items).flat();
    const stream = pool.stream();
    for (const it of many) stream.add(it);
    const verdicts = await stream.finish();
    expect(verdicts).toEqual(Array.from({ length: 40 }, () => expected).flat());
    // 6,000 added in one go (3,600 worth checking): the 2 workers take at most 1,024 each before replying, the rest starts here
    expect(stream.inlineCount).toBeGreaterThan(0);
    expect(stream.inlineCount).toBeLessThan(many.length);
  });
});

describe('signature cache', () => {
  it('is bounded and evicts the oldest entry first', () => {
    const cache = new SignatureCache(2);
    const k = (i: number): string => SignatureCache.key(Uint8Array.of(i), Uint8Array.of(2), Uint8Array.of(3));
    cache.add(k(1));
    cache.add(k(2));
    cache.add(k(3));
    expect(cache.size).toBe(2);
    expect(cache.has(k(1))).toBe(false);
    expect(cache.has(k(2))).toBe(true);
    expect(cache.has(k(3))).toBe(true);
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
    // lengths are part of the key: moving a byte across the boundary changes it
    expect(SignatureCache.key(Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of())).not.toBe(
      SignatureCache.key(Uint8Array.of(1), Uint8Array.of(2, 3), Uint8Array.of()),
    );
  });
});
