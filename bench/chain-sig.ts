/**
 * Benchmarks of the chain's signature path: ECDSA verifications per second on
 * one core with tiny-secp256k1 (libsecp256k1 in WebAssembly) against
 * node:crypto (OpenSSL), the worker pool on 1 and 2 workers, legacy sighash
 * computations per second, and whole P2PKH input verification with a cold
 * and a warm signature cache, and whole-input verification with the
 * speculative parallel verifier against sequential. tinybench samples, wall time.
 */

import { createSign, generateKeyPairSync, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { publicKeyOf, signDer, verifyDer } from '../src/chain/crypto/ecdsa.js';
import { sha256 } from '../src/chain/crypto/hash.js';
import { SignatureCache } from '../src/chain/crypto/signature-cache.js';
import { VerifyPool, type VerifyItem } from '../src/chain/crypto/verify-pool.js';
import { STANDARD_FLAGS } from '../src/chain/script/flags.js';
import { p2pkhScriptForKey, p2pkhScriptSig } from '../src/chain/script/standard-scripts.js';
import { verifyTransactionScripts } from '../src/chain/script/verify-transaction-scripts.js';
import { inputJobs, verifyInputsParallel, verifyInputsSequential } from '../src/chain/script/verify-inputs-parallel.js';
import { legacySighash } from '../src/chain/tx/sighash.js';
import { signInput } from '../src/chain/tx/sign-input.js';
import type { Transaction, TxOut } from '../src/chain/tx/transaction.js';
import { measure, measureAll, QUICK, type Stats } from './lib/harness.js';
import { fromStats, rate } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'chain-sig';

/** tinybench stats of `fn` (3 samples, or 1 quick; no time floor: each call is a whole batch). */
function timed(fn: () => unknown): Promise<Stats> {
  return measure(fn, { iterations: 3, time: 0 });
}

function makeItems(n: number): VerifyItem[] {
  const items: VerifyItem[] = [];
  for (let i = 0; i < n; i++) {
    const key = sha256(Uint8Array.of(1, i & 255, i >> 8));
    const msg = sha256(Uint8Array.of(2, i & 255, i >> 8));
    items.push({ msg32: msg, pubkey: publicKeyOf(key), sig: signDer(msg, key) });
  }
  return items;
}

/** A transaction spending `n` P2PKH outputs to two outputs, fully signed. */
function makeP2pkhTx(n: number): { tx: Transaction; spent: TxOut[] } {
  const keys = Array.from({ length: n }, (_, i) => sha256(Uint8Array.of(3, i)));
  const spent = keys.map((k) => ({ value: 10_000n, scriptPubKey: p2pkhScriptForKey(publicKeyOf(k)) }));
  const unsigned: Transaction = {
    version: 1,
    inputs: keys.map((_, i) => ({ prevout: { txid: sha256(Uint8Array.of(4, i)), index: i }, scriptSig: new Uint8Array(0), sequence: 0xffffffff })),
    outputs: [
      { value: 5_000n * BigInt(n), scriptPubKey: spent[0]!.scriptPubKey },
      { value: 4_000n * BigInt(n), scriptPubKey: spent[0]!.scriptPubKey },
    ],
    locktime: 0,
  };
  const scriptSigs = keys.map((k, i) => p2pkhScriptSig(signInput(unsigned, i, spent[i]!.scriptPubKey, k), publicKeyOf(k)));
  return { tx: { ...unsigned, inputs: unsigned.inputs.map((inp, i) => ({ ...inp, scriptSig: scriptSigs[i]! })) }, spent };
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const N = QUICK ? 200 : 2000;
  const items = makeItems(N);
  const perVerify = rate('verify/s', N);

  // One core: tiny-secp256k1 (includes lax DER parsing) vs node:crypto (OpenSSL, prebuilt key object).
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const nodeItems: { msg: Uint8Array; sig: Buffer; key: KeyObject }[] = items.map((it) => {
    const s = createSign('sha256');
    s.update(it.msg32);
    return { msg: it.msg32, sig: s.sign(privateKey), key: publicKey };
  });
  const one = await measureAll(
    {
      tiny: () => {
        for (const it of items) if (!verifyDer(it.msg32, it.pubkey, it.sig)) throw new Error('bad signature');
      },
      node: () => {
        for (const it of nodeItems) if (!nodeVerify('sha256', it.msg, it.key, it.sig)) throw new Error('bad signature');
      },
    },
    { iterations: 3, time: 0 },
  );
  const tiny = one['tiny']!;
  results.push(fromStats(SUITE, 'ECDSA verify, 1 core (tiny-secp256k1)', tiny, perVerify, { compare: { name: 'node:crypto (OpenSSL)', stats: one['node']! } }));

  // Worker pool, wall-clock throughput against one core inline.
  for (const size of [1, 2]) {
    const pool = new VerifyPool(size);
    await pool.verifyBatch(items.slice(0, 64)); // warm up the workers
    const s = await timed(async () => {
      const r = await pool.verifyBatch(items);
      if (r.some((ok) => !ok)) throw new Error('bad signature');
    });
    await pool.close();
    results.push(fromStats(SUITE, `ECDSA verify, worker pool of ${size}`, s, perVerify, { compare: { name: '1 core inline', stats: tiny } }));
  }

  // Legacy sighash.
  for (const inputs of [2, 50]) {
    const { tx, spent } = makeP2pkhTx(inputs);
    const M = (inputs === 2 ? 50_000 : 2_000) / (QUICK ? 10 : 1);
    const s = await timed(() => {
      for (let i = 0; i < M; i++) legacySighash(tx, i % inputs, spent[i % inputs]!.scriptPubKey, 1);
    });
    results.push(fromStats(SUITE, `legacy sighash, ${inputs}-input tx`, s, rate('hash/s', M)));
  }

  // Whole-input verification with a cold and a warm signature cache.
  const INPUTS = QUICK ? 40 : 200;
  const { tx, spent } = makeP2pkhTx(INPUTS);
  let cache = new SignatureCache();
  const cold = await measure({
    beforeEach: () => void (cache = new SignatureCache()),
    fn: () => {
      if (!verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { sigCache: cache }).ok) throw new Error('invalid');
    },
  }, { iterations: 3, time: 0 });
  const warm = await timed(() => {
    if (!verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { sigCache: cache }).ok) throw new Error('invalid');
  });
  const perInput = rate('input/s', INPUTS);
  results.push(fromStats(SUITE, 'P2PKH input verify, warm signature cache', warm, perInput, { compare: { name: 'cold cache', stats: cold } }));

  // Whole inputs (script + sighash + ECDSA), sequential vs speculative-parallel over a pool of 2.
  const jobs = inputJobs(tx, spent, STANDARD_FLAGS);
  const seq = await timed(() => {
    if (verifyInputsSequential(jobs).some((r) => !r.ok)) throw new Error('invalid');
  });
  const pool = new VerifyPool(2);
  await pool.verifyBatch(items.slice(0, 64));
  const par = await timed(async () => {
    if ((await verifyInputsParallel(jobs, { pool })).some((r) => !r.ok)) throw new Error('invalid');
  });
  await pool.close();
  results.push(fromStats(SUITE, 'P2PKH input verify, parallel (pool of 2)', par, rate('input/s', jobs.length), { compare: { name: 'sequential', stats: seq } }));
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
