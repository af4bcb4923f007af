import { describe, expect, it } from 'vitest';
import type { KvReader } from '../../../storage/api.js';
import { COIN_ENTRY_OVERHEAD, CoinsCache, kvCoinSource } from '../coins-cache.js';
import { encodeCoin, outpointKey, type Coin } from '../coin.js';
import { OutpointMap, outpointHash } from '../outpoint-map.js';
import type { OutPoint } from '../../tx/transaction.js';

/** A KvReader over a Map that counts gets. */
function fakeKv(): { kv: KvReader; data: Map<string, Uint8Array>; gets: () => number } {
  const data = new Map<string, Uint8Array>();
  let gets = 0;
  const kv: KvReader = {
    get(key) {
      gets++;
      return data.get(Buffer.from(key as Uint8Array).toString('hex'));
    },
    range() {
      return [];
    },
  };
  return { kv, data, gets: () => gets };
}

const op = (n: number, index = 0): OutPoint => ({ txid: new Uint8Array(32).fill(n), index });
const coin = (value: bigint, script = Uint8Array.of(0x51)): Coin => ({ value, height: 7, coinbase: false, scriptPubKey: script });

function put(data: Map<string, Uint8Array>, p: OutPoint, c: Coin): void {
  data.set(Buffer.from(outpointKey(p)).toString('hex'), encodeCoin(c));
}

describe('CoinsCache', () => {
  it('OutpointMap keeps outpoints apart even when they share a bucket', () => {
    const m = new OutpointMap<number>();
    const a = op(1, 0);
    expect(m.set(a, 1)).toBeUndefined();
    expect(m.set({ txid: new Uint8Array(32).fill(1), index: 0 }, 2)).toBe(1);
    expect(m.size).toBe(1);
    m.set(op(1, 1), 3);
    m.set(op(2, 0), 4);
    expect([m.get(op(1, 0)), m.get(op(1, 1)), m.get(op(2, 0)), m.get(op(3, 0))]).toEqual([2, 3, 4, undefined]);
    expect(outpointHash(a.txid, 0)).toBe(outpointHash(new Uint8Array(32).fill(1), 0));
    expect(m.delete(op(1, 1))).toBe(3);
    expect(m.delete(op(1, 1))).toBeUndefined();
    expect([...m.entries()].map(([p, v]) => [p.txid[0], p.index, v])).toEqual([[1, 0, 2], [2, 0, 4]]);
    expect(m.shiftOldest().map((e) => e.value)).toEqual([2]);
    expect(m.size).toBe(1);
    // two outpoints in one bucket (found by the birthday bound on the 30-bit hash): both kept, each deletable
    const seen = new Map<number, OutPoint>();
    let pair: [OutPoint, OutPoint] | undefined;
    for (let i = 0; pair === undefined && i < 1_000_000; i++) {
      const p = { txid: new Uint8Array(32), index: i };
      new DataView(p.txid.buffer).setUint32(0, Math.imul(i, 0x9e3779b1) >>> 0);
      const h = outpointHash(p.txid, p.index);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, p];
      else seen.set(h, p);
    }
    expect(pair).toBeDefined();
    const [x, y] = pair!;
    const chained = new OutpointMap<string>();
    chained.set(x, 'x');
    chained.set(y, 'y');
    expect([chained.size, chained.get(x), chained.get(y)]).toEqual([2, 'x', 'y']);
    expect(chained.delete(x)).toBe('x');
    expect([chained.size, chained.get(x), chained.get(y)]).toEqual([1, undefined, 'y']);
    chained.set(x, 'x2');
    expect(chained.shiftOldest().map((e) => e.value).sort()).toEqual(['x2', 'y']);
    expect(chained.size).toBe(0);
    // many random outpoints: every one found with its own value
    const many = new OutpointMap<number>();
    const ops = Array.from({ length: 5000 }, (_, i) => ({ txid: Uint8Array.from({ length: 32 }, (_, k) => (i * 31 + k * 17 + ((i * k) >> 3)) & 0xff), index: i % 7 }));
    ops.forEach((p, i) => many.set(p, i));
    const distinct = new Set(ops.map((p) => Buffer.from(p.txid).toString('hex') + p.index)).size;
    expect(many.size).toBe(distinct);
    ops.forEach((p) => expect(ops[many.get(p)!]!.index).toBe(p.index));
  });

  it('outpointHash: a 30-bit integer that uses every bit, and depends on the first 12 txid bytes and the index', () => {
    const seed = (Math.random() * 2 ** 32) >>> 0;
    let state = seed;
    const next = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
    const randomOp = (): OutPoint => ({ txid: Uint8Array.from({ length: 32 }, () => next() & 0xff), index: next() });
    let set = 0;
    let clear = 0;
    const top = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const p = randomOp();
      const h = outpointHash(p.txid, p.index);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 30, `seed ${seed}: hash ${h}`).toBe(true);
      set |= h;
      clear |= ~h & 0x3fffffff;
      top.add(h >>> 24);
    }
    expect([set, clear, top.size], `seed ${seed}`).toEqual([0x3fffffff, 0x3fffffff, 64]); // every bit both ways; every top-6-bit bucket
    for (const edge of [0, 0xffffffff]) {
      const h = outpointHash(new Uint8Array(32).fill(edge & 0xff), edge);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 30).toBe(true);
    }
    // flipping one bit of txid bytes 0..11 or of the index changes the hash (almost) always
    for (let byte = 0; byte <= 12; byte++) {
      let changed = 0;
      for (let t = 0; t < 64; t++) {
        const p = randomOp();
        const bit = 1 << (next() & 7);
        const q = byte === 12 ? { txid: p.txid, index: (p.index ^ (bit << (8 * (next() & 3)))) >>> 0 } : { txid: p.txid.slice(), index: p.index };
        if (byte < 12) q.txid[byte]! ^= bit;
        if (outpointHash(p.txid, p.index) !== outpointHash(q.txid, q.index)) changed++;
      }
      expect(changed, `seed ${seed}, byte ${byte}`).toBeGreaterThanOrEqual(62);
    }
  });

  it('reads through on a miss, then answers from memory; missing coins are not kept', () => {
    const { kv, data, gets } = fakeKv();
    put(data, op(1), coin(5n));
    const cache = new CoinsCache();
    const src = cache.source(kv);
    expect(src.fetch(op(1))).toEqual(coin(5n));
    expect(src.fetch(op(1))).toEqual(coin(5n));
    expect(gets()).toBe(1);
    expect(src.fetch(op(2))).toBeUndefined();
    expect(src.fetch(op(2))).toBeUndefined();
    expect(gets()).toBe(3);
    expect([cache.hits, cache.misses, cache.size]).toEqual([1, 3, 1]);
    expect(kvCoinSource(kv).fetch(op(1))).toEqual(coin(5n));
  });

  it('applies committed changes: puts replace, deletes remove, and views of larger buffers are copied', () => {
    const { kv, gets } = fakeKv();
    const cache = new CoinsCache();
    const big = new Uint8Array(1000).fill(0x76);
    cache.apply([
      { key: outpointKey(op(1)), coin: coin(1n, big.subarray(10, 35)) },
      { key: outpointKey(op(2)), coin: coin(2n) },
    ]);
    const c1 = cache.peek(op(1))!;
    expect(c1.value).toBe(1n);
    expect(c1.scriptPubKey.buffer.byteLength).toBe(25);
    expect(cache.bytes).toBe(2 * COIN_ENTRY_OVERHEAD + 25 + 1);
    cache.apply([{ key: outpointKey(op(2)), coin: null }]);
    expect(cache.peek(op(2))).toBeUndefined();
    expect(cache.bytes).toBe(COIN_ENTRY_OVERHEAD + 25);
    expect(cache.source(kv).fetch(op(1))?.value).toBe(1n);
    expect(gets()).toBe(0);
  });

  it('stays under its byte bound by evicting the oldest coins first; 0 bytes keeps nothing', () => {
    const per = COIN_ENTRY_OVERHEAD + 1;
    const cache = new CoinsCache(per * 3);
    for (let i = 1; i <= 5; i++) cache.apply([{ key: outpointKey(op(i)), coin: coin(BigInt(i)) }]);
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBe(per * 3);
    expect([...cache.entries()].map(([, c]) => c.value)).toEqual([3n, 4n, 5n]);
    const none = new CoinsCache(0);
    const { kv, data } = fakeKv();
    put(data, op(1), coin(9n));
    expect(none.source(kv).fetch(op(1))?.value).toBe(9n);
    none.apply([{ key: outpointKey(op(2)), coin: coin(2n) }]);
    expect(none.size).toBe(0);
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });
});
