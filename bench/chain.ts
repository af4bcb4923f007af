/**
 * Chain benchmarks: UTXO point lookups per second through the engine's
 * key-value namespace (LMDB store), block connect rate for synthetic blocks
 * of 2,000 signed P2PKH transactions (full validation, signatures checked,
 * tables and UTXO set written in one transaction per block), and Forge
 * mining hashes per second on one core and on all cores. tinybench samples
 * (set-up such as a fresh store per sample untimed), wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { open as openLmdb } from 'lmdb';
import { openStore, type Store } from '../src/storage/index.js';
import { blockHash, blockTxids, type Block } from '../src/chain/block/block.js';
import { serializeBlockHeader } from '../src/chain/block/block-header.js';
import { hash160 } from '../src/chain/crypto/hash.js';
import { publicKeyOf, verifyDer } from '../src/chain/crypto/ecdsa.js';
import { concatBytes } from '../src/chain/encoding/hex.js';
import { assembleBlock, buildTemplate } from '../src/chain/mining/block-template.js';
import { mineBlock } from '../src/chain/mining/forge.js';
import { searchNonce, targetBytes } from '../src/chain/mining/nonce-search.js';
import { COIN } from '../src/chain/params/chain-params.js';
import { demiurgeParams } from '../src/chain/params/demiurge.js';
import { pushData } from '../src/chain/script/script-op.js';
import { ChainState } from '../src/chain/state/chain-state.js';
import { KV } from '../src/chain/state/chain-tables.js';
import { encodeCoin, outpointKey } from '../src/chain/state/coin.js';
import { COIN_ENTRY_OVERHEAD, CoinsCache, DEFAULT_COINS_CACHE_BYTES, kvCoinSource } from '../src/chain/state/coins-cache.js';
import { UtxoView } from '../src/chain/state/utxo-view.js';
import { p2pkhScript } from '../src/chain/state/script-type.js';
import { signInput } from '../src/chain/tx/sign-input.js';
import { SEQUENCE_FINAL, type OutPoint, type Transaction } from '../src/chain/tx/transaction.js';
import { bitsToTarget } from '../src/chain/block/compact-target.js';
import { legacySighash, SIGHASH_ALL } from '../src/chain/tx/sighash.js';
import { closeDefaultVerifyPool, sharedVerifyPool, VerifyPool, type VerifyItem } from '../src/chain/crypto/verify-pool.js';
import { SignatureCache } from '../src/chain/crypto/signature-cache.js';
import { defaultInputVerifier, SHARED_SIGNATURE_CACHE } from '../src/chain/state/input-verifier.js';
import type { ChainParams } from '../src/chain/params/chain-params.js';
import { measure, measureAll, QUICK, statsOf, type Stats, type Task } from './lib/harness.js';
import { fromStats, rate } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'chain';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pyralog-bench-chain-'));
}

/** A seeded xorshift32 generator (deterministic benches). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** tinybench stats of `fn`, which must find `count` entries (3 samples, 1 quick; each call is a whole batch). */
function lookups(count: number, fn: () => number): Promise<Stats> {
  return measure(() => {
    const found = fn();
    if (found !== count) throw new Error(`lookups found ${found} of ${count}`);
  }, { iterations: 3, time: 0 });
}

/**
 * UTXO point lookups on an LMDB store of 200k coins, random order, in one run:
 * the chain's validation path (UtxoView over the coins cache) cold (first
 * lookup of each coin, read-through) and warm (every coin cached), the same
 * path without a cache, the engine's kv get alone, and lmdb-js get directly.
 */
async function utxoLookups(): Promise<BenchResult[]> {
  const dir = tempDir();
  const store = openStore(dir);
  try {
    const N = QUICK ? 20_000 : 200_000;
    const LOOKUPS = QUICK ? 30_000 : 300_000;
    const outpoints: OutPoint[] = [];
    const keys: Uint8Array[] = [];
    const script = p2pkhScript(new Uint8Array(20).fill(0x42));
    for (let i = 0; i < N; i++) {
      const txid = new Uint8Array(createHash('sha256').update(`tx${i >> 2}`).digest());
      outpoints.push({ txid, index: i & 3 });
      keys.push(outpointKey(outpoints[i]!));
    }
    for (let start = 0; start < N; start += 50_000) {
      store.write((txn) => {
        const kv = txn.kv(KV.utxo);
        for (let i = start; i < Math.min(N, start + 50_000); i++) kv.put(keys[i]!, encodeCoin({ value: BigInt(i), height: i >> 4, coinbase: false, scriptPubKey: script }));
      });
    }
    const next = rng(12345);
    // cold: a random permutation, each coin looked up once; warm: random picks with repeats
    const perm = Array.from({ length: N }, (_, i) => i);
    for (let i = N - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const picks = Array.from({ length: LOOKUPS }, () => next() % N);

    // 1. the chain's path with the coins cache (sized so all 200k coins fit; the 64 MiB default holds ~190k of them)
    const CACHE_BYTES = 2 * DEFAULT_COINS_CACHE_BYTES;
    let heapPerCoin = 0;
    let hitRate = 0;
    let cache = new CoinsCache(CACHE_BYTES);
    let view: UtxoView | undefined;
    let snap0: ReturnType<typeof store.snapshot> | undefined;
    let first = true;
    const cold = await measure(
      {
        beforeEach: () => {
          cache = new CoinsCache(CACHE_BYTES);
          snap0?.close();
          snap0 = store.snapshot();
          view = new UtxoView(cache.source(snap0.kv(KV.utxo)));
          global.gc?.();
        },
        fn: () => {
          const heap0 = process.memoryUsage().heapUsed;
          let found = 0;
          for (const i of perm) if (view!.get(outpoints[i]!) !== undefined) found++;
          if (found !== N) throw new Error(`found ${found} of ${N}`);
          if (first) heapPerCoin = (process.memoryUsage().heapUsed - heap0) / cache.size;
          first = false;
        },
      },
      { iterations: 3, time: 0 },
    );
    const hits0 = cache.hits;
    const misses0 = cache.misses;
    const warm = await lookups(LOOKUPS, () => {
      let found = 0;
      for (const i of picks) if (view!.get(outpoints[i]!) !== undefined) found++;
      return found;
    });
    hitRate = (cache.hits - hits0) / (cache.hits - hits0 + cache.misses - misses0);
    snap0?.close();
    // 2. the same path with no cache (decode included)
    const snap = store.snapshot();
    const plainView = new UtxoView(kvCoinSource(snap.kv(KV.utxo)));
    const uncachedView = await lookups(LOOKUPS, () => {
      let found = 0;
      for (const i of picks) if (plainView.get(outpoints[i]!) !== undefined) found++;
      return found;
    });
    // 3. the engine kv get alone (no decode)
    const kv = snap.kv(KV.utxo);
    const engineKv = await lookups(LOOKUPS, () => {
      let found = 0;
      for (const i of picks) if (kv.get(keys[i]!) !== undefined) found++;
      return found;
    });
    snap.close();
    // 4. lmdb-js get directly (same keys with the namespace prefix, same value size, implicit read txn)
    const rawDir = tempDir();
    const env = openLmdb({ path: rawDir, keyEncoding: 'binary', encoding: 'binary' });
    const prefix = Buffer.from('chain.utxo\0');
    const rawKeys = keys.map((k) => Buffer.concat([prefix, k]));
    const value = Buffer.from(encodeCoin({ value: 1n, height: 1, coinbase: false, scriptPubKey: script }));
    env.transactionSync(() => {
      for (const k of rawKeys) env.putSync(k, value);
    });
    const raw = await lookups(LOOKUPS, () => {
      let found = 0;
      for (const i of picks) if (env.get(rawKeys[i]!) !== undefined) found++;
      return found;
    });
    void env.close();
    rmSync(rawDir, { recursive: true, force: true });
    const name = `utxo point lookups, LMDB, ${N / 1000}k coins, random order`;
    const perLookup = rate('lookups/s', LOOKUPS);
    const vsRaw = { name: 'lmdb-js get directly', stats: raw };
    return [
      fromStats(SUITE, `${name}: chain path + coins cache, WARM`, warm, perLookup, {
        compare: vsRaw,
        note: `goal >= 500k/s; UtxoView.get as validation calls it; cache of ${CACHE_BYTES >> 20} MiB, every coin already cached (hit rate ${(hitRate * 100).toFixed(1)}%); ${LOOKUPS / 1000}k random picks`,
      }),
      fromStats(SUITE, `${name}: chain path + coins cache, COLD`, cold, rate('lookups/s', N), {
        compare: { name: 'chain path, no cache', stats: uncachedView, unit: perLookup },
        note: `first lookup of each coin (all misses: LMDB read + decode + insert); ${global.gc === undefined ? 'run with --expose-gc to measure heap bytes per cached coin' : `~${Math.round(heapPerCoin)} heap bytes per cached coin`} (estimate used: ${COIN_ENTRY_OVERHEAD + script.length})`,
      }),
      fromStats(SUITE, `${name}: engine kv get (Snapshot.kv), no decode`, engineKv, perLookup, { compare: vsRaw, note: 'the uncached storage path alone' }),
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function grind(block: Block): Block {
  const header = serializeBlockHeader(block.header);
  const r = searchNonce(header, targetBytes(bitsToTarget(block.header.bits)), 0, 0xffffffff);
  return { header: { ...block.header, nonce: r.nonce ?? 0 }, txs: block.txs };
}

interface ConnectFixture {
  readonly params: ChainParams;
  readonly setup: readonly Block[];
  readonly measured: readonly Block[];
  /** The ECDSA checks of the measured blocks (one per input). */
  readonly items: readonly VerifyItem[];
}

/** Setup blocks (coins to spend) and BLOCKS measured blocks of `txs` one-input signed P2PKH spends. */
function connectFixture(txsPerBlock: number, blocks: number): ConnectFixture {
  const params = demiurgeParams({ coinbaseMaturity: 1, noRetargeting: true, name: 'bench' });
  const priv = new Uint8Array(createHash('sha256').update('bench key').digest());
  const pub = publicKeyOf(priv, true);
  const script = p2pkhScript(hash160(pub));
  let time = params.genesis.header.time;
  let parent = { hash: params.genesisHash, height: 0 };
  const nextBlock = (txs: readonly Transaction[], fees: bigint): Block => {
    time += 60;
    const t = buildTemplate({ params, height: parent.height + 1, prevHash: parent.hash, bits: params.genesis.header.bits, time, payoutScript: script, txs, fees });
    const block = grind(assembleBlock(t, 0n, 0));
    parent = { hash: blockHash(block), height: parent.height + 1 };
    return block;
  };
  const items: VerifyItem[] = [];
  const sign = (tx: Transaction, record: boolean): Transaction => {
    const sig = signInput(tx, 0, script, priv, SIGHASH_ALL);
    if (record) items.push({ msg32: legacySighash(tx, 0, script, SIGHASH_ALL), pubkey: pub, sig: sig.subarray(0, sig.length - 1) });
    return { ...tx, inputs: [{ ...tx.inputs[0]!, scriptSig: concatBytes([pushData(sig), pushData(pub)]) }] };
  };
  const setup: Block[] = [];
  for (let i = 0; i < blocks; i++) setup.push(nextBlock([], 0n));
  // fan-out: each coinbase into txsPerBlock outputs, in one block
  const each = (50n * COIN) / BigInt(txsPerBlock) - 1000n;
  const fanouts = setup.map((b) =>
    sign(
      {
        version: 1,
        inputs: [{ prevout: { txid: blockTxids(b)[0]!, index: 0 }, scriptSig: new Uint8Array(0), sequence: SEQUENCE_FINAL }],
        outputs: Array.from({ length: txsPerBlock }, () => ({ value: each, scriptPubKey: script })),
        locktime: 0,
      },
      false,
    ),
  );
  setup.push(nextBlock(fanouts, (50n * COIN - each * BigInt(txsPerBlock)) * BigInt(blocks)));
  const fanIds = blockTxids(setup[setup.length - 1]!).slice(1);
  const measured: Block[] = [];
  for (let k = 0; k < blocks; k++) {
    const txs = Array.from({ length: txsPerBlock }, (_, i) =>
      sign({ version: 1, inputs: [{ prevout: { txid: fanIds[k]!, index: i }, scriptSig: new Uint8Array(0), sequence: SEQUENCE_FINAL }], outputs: [{ value: each - 500n, scriptPubKey: script }], locktime: 0 }, true),
    );
    measured.push(nextBlock(txs, 500n * BigInt(txsPerBlock)));
  }
  return { params, setup, measured, items };
}

/** A tinybench task connecting the fixture's measured blocks; set-up (fresh LMDB store, setup blocks) is untimed. */
function connectTask(f: ConnectFixture, mode: 'sequential' | 'pool'): Task {
  let dir = '';
  let store: Store | undefined;
  let chain: ChainState | undefined;
  return {
    beforeEach: async () => {
      dir = tempDir();
      store = openStore(dir);
      SHARED_SIGNATURE_CACHE.clear();
      chain = ChainState.open(store, f.params, mode === 'sequential' ? { verifyInput: defaultInputVerifier(new SignatureCache(200_000)) } : {});
      for (const b of f.setup) {
        const r = await chain.acceptBlock(b);
        if (r.status !== 'connected') throw new Error(`setup block: ${r.status === 'invalid' ? r.reason : r.status}`);
      }
    },
    fn: async () => {
      for (const b of f.measured) {
        const r = await chain!.acceptBlock(b);
        if (r.status !== 'connected') throw new Error(`measured block: ${r.status === 'invalid' ? r.reason : r.status}`);
      }
    },
    afterEach: () => {
      store?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Connect rate of blocks with 2,000 signed P2PKH spends each, with scripts verified inline
 * (sequential) and with ECDSA streamed to the worker pool, on fresh stores with a cold
 * signature cache; then ECDSA checks/s of the same signatures on this thread alone and with
 * pools of 1 and 2 workers (the calling thread verifies beside them once their queues are full).
 */
async function connectRate(): Promise<BenchResult[]> {
  const TXS = QUICK ? 200 : 2000;
  const BLOCKS = QUICK ? 1 : 3;
  const f = connectFixture(TXS, BLOCKS);
  const opts = { iterations: 3, time: 0 };
  const m = await measureAll({ pool: connectTask(f, 'pool'), sequential: connectTask(f, 'sequential') }, opts);
  const perTx = rate('tx/s', TXS * BLOCKS);

  // ECDSA alone over the measured blocks' signatures: this thread, then pools of 1 and 2 (warmed first).
  const items = f.items;
  const inline = await measure(() => {
    for (const it of items) if (!verifyDer(it.msg32, it.pubkey, it.sig)) throw new Error('bad signature');
  }, opts);
  const pools: Stats[] = [];
  for (const size of [1, 2]) {
    const pool = new VerifyPool(size);
    await pool.verifyBatch(items.slice(0, 600));
    pools.push(await measure(async () => {
      const v = await pool.verifyBatch(items);
      if (v.some((ok) => !ok)) throw new Error('bad signature');
    }, opts));
    await pool.close();
  }
  const perVerify = rate('verify/s', items.length);
  const load = `load average ${loadavg()[0]!.toFixed(1)}`;
  return [
    fromStats(SUITE, `block connect, ${TXS} P2PKH txs/block, ECDSA streamed to the pool (${sharedVerifyPool().size} worker(s) + main thread, LMDB)`, m['pool']!, perTx, {
      compare: { name: 'scripts verified inline (sequential)', stats: m['sequential']! },
      note: `${BLOCKS} blocks per sample, fresh store each; cold signature cache; ${load}`,
    }),
    fromStats(SUITE, `ECDSA checks on 2 cores: calling thread + 1 worker (same ${items.length} signatures)`, pools[0]!, perVerify, {
      compare: { name: '1 core inline', stats: inline },
      note: `calling thread + 2 workers: ${Math.round(perVerify.of(pools[1]!.median))}/s; ${load}`,
    }),
  ];
}

/** Hashes per second of the inner loop on this thread, and of the worker pool on all cores. */
async function miningRate(): Promise<BenchResult[]> {
  const header = new Uint8Array(80);
  header[0] = 1;
  const impossible = targetBytes(0n);
  const HASHES = QUICK ? 30_000 : 300_000;
  const NAIVE = QUICK ? 10_000 : 100_000;
  let hashes = HASHES;
  const m = await measureAll(
    {
      midstate: () => {
        hashes = searchNonce(header, impossible, 0, HASHES - 1).hashes;
      },
      naive: () => {
        const view = new DataView(header.buffer);
        for (let n = 0; n < NAIVE; n++) {
          view.setUint32(76, n, true);
          createHash('sha256').update(createHash('sha256').update(header).digest()).digest();
        }
      },
    },
    { iterations: 3, time: 0 },
  );
  const params = demiurgeParams();
  const threads = availableParallelism();
  const t = buildTemplate({ params, height: 1, prevHash: params.genesisHash, bits: 0x1c00ffff, time: 1_800_000_000, payoutScript: new Uint8Array([0x51]), txs: [], fees: 0n });
  const stop = new AbortController();
  const t0 = performance.now();
  setTimeout(() => stop.abort(), QUICK ? 500 : 3000);
  const r = await mineBlock(t, { threads, inlineHashes: 0, signal: stop.signal });
  const ms = performance.now() - t0;
  return [
    fromStats(SUITE, 'mining, one core (midstate double SHA-256, JS)', m['midstate']!, rate('hashes/s', hashes), {
      compare: { name: 'node:crypto createHash x2 per header', stats: m['naive']!, unit: rate('hashes/s', NAIVE) },
    }),
    fromStats(SUITE, `mining, ${threads} worker threads`, statsOf([ms], 0), rate('hashes/s', r.hashes), { note: `${Math.round(r.hashes / (ms / 1000) / threads)} hashes/s per thread; one timed run incl. worker start-up` }),
  ];
}

/** Runs every section, or those named (utxo, connect, mining). */
export async function run(sections: readonly string[] = ['utxo', 'connect', 'mining']): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  if (sections.includes('utxo')) results.push(...(await utxoLookups()));
  if (sections.includes('connect')) results.push(...(await connectRate()));
  if (sections.includes('mining')) results.push(...(await miningRate()));
  await closeDefaultVerifyPool();
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run(process.argv.length > 2 ? process.argv.slice(2) : undefined)));
}
