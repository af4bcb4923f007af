/**
 * Benchmarks of the chain's signature path: ECDSA verifications per second on
 * one core with tiny-secp256k1 (libsecp256k1 in WebAssembly) against
 * node:crypto (OpenSSL), the worker pool on 1 and 2 workers, legacy sighash
 * computations per second, and whole P2PKH input verification with a cold
 * and a warm signature cache, and whole-input verification with the
 * speculative parallel verifier against sequential.
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

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly compare?: { readonly name: string; readonly value: number; readonly unit: string };
  readonly note?: string;
}

const SUITE = 'chain-sig';

/** Rounds per measurement: the best round is kept, the machine being shared with other jobs. */
const ROUNDS = 3;

function perSecond(count: number, fn: () => void): number {
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, count / s);
  }
  return best;
}

async function perSecondAsync(count: number, fn: () => Promise<unknown>): Promise<number> {
  let best = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, count / s);
  }
  return best;
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
  const N = 2000;
  const items = makeItems(N);

  /** Verifications per CPU-second of this process (all threads), which other jobs on the machine do not skew. */
  const cpuRate = async (fn: () => Promise<unknown> | unknown): Promise<number> => {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    return N / ((c.user + c.system) / 1e6);
  };

  // One core: tiny-secp256k1 (includes lax DER parsing) vs node:crypto (OpenSSL, prebuilt key object).
  verifyDer(items[0]!.msg32, items[0]!.pubkey, items[0]!.sig);
  const tiny = perSecond(N, () => {
    for (const it of items) if (!verifyDer(it.msg32, it.pubkey, it.sig)) throw new Error('bad signature');
  });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
  const nodeItems: { msg: Uint8Array; sig: Buffer; key: KeyObject }[] = items.map((it) => {
    const s = createSign('sha256');
    s.update(it.msg32);
    return { msg: it.msg32, sig: s.sign(privateKey), key: publicKey };
  });
  const node = perSecond(N, () => {
    for (const it of nodeItems) if (!nodeVerify('sha256', it.msg, it.key, it.sig)) throw new Error('bad signature');
  });
  const nodeCpu = await cpuRate(() => {
    for (const it of nodeItems) nodeVerify('sha256', it.msg, it.key, it.sig);
  });
  const tinyCpu = await cpuRate(() => {
    for (const it of items) verifyDer(it.msg32, it.pubkey, it.sig);
  });
  results.push({
    suite: SUITE,
    name: 'ECDSA verify, 1 core (tiny-secp256k1)',
    value: tiny,
    unit: 'verify/s',
    compare: { name: 'node:crypto (OpenSSL)', value: node, unit: 'verify/s' },
    note: `per CPU-s: ${tinyCpu.toFixed(0)} vs ${nodeCpu.toFixed(0)}`,
  });

  // Worker pool. Besides wall-clock throughput, verifications per CPU-second (all threads of this process):
  // on a machine shared with other jobs the wall clock shows the cores we got, the CPU rate the pool's overhead.
  const inlineCpu = tinyCpu;
  for (const size of [1, 2]) {
    const pool = new VerifyPool(size);
    await pool.verifyBatch(items.slice(0, 64)); // warm up the workers
    const rate = await perSecondAsync(N, async () => {
      const r = await pool.verifyBatch(items);
      if (r.some((ok) => !ok)) throw new Error('bad signature');
    });
    const poolCpu = await cpuRate(() => pool.verifyBatch(items));
    await pool.close();
    results.push({
      suite: SUITE,
      name: `ECDSA verify, worker pool of ${size}`,
      value: rate,
      unit: 'verify/s',
      compare: { name: '1 core inline', value: tiny, unit: 'verify/s' },
      note: `×${(rate / tiny).toFixed(2)} wall (best of ${ROUNDS}); ${poolCpu.toFixed(0)} verify per CPU-s vs ${inlineCpu.toFixed(0)} inline`,
    });
  }

  // Legacy sighash.
  for (const inputs of [2, 50]) {
    const { tx, spent } = makeP2pkhTx(inputs);
    const M = inputs === 2 ? 50_000 : 2_000;
    const rate = perSecond(M, () => {
      for (let i = 0; i < M; i++) legacySighash(tx, i % inputs, spent[i % inputs]!.scriptPubKey, 1);
    });
    results.push({ suite: SUITE, name: `legacy sighash, ${inputs}-input tx`, value: rate, unit: 'hash/s' });
  }

  // Whole-input verification with a cold and a warm signature cache.
  const { tx, spent } = makeP2pkhTx(200);
  let cache = new SignatureCache();
  const cold = perSecond(200, () => {
    cache = new SignatureCache();
    if (!verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { sigCache: cache }).ok) throw new Error('invalid');
  });
  const warm = perSecond(200 * 10, () => {
    for (let k = 0; k < 10; k++) if (!verifyTransactionScripts(tx, spent, STANDARD_FLAGS, { sigCache: cache }).ok) throw new Error('invalid');
  });
  results.push({
    suite: SUITE,
    name: 'P2PKH input verify, warm signature cache',
    value: warm,
    unit: 'input/s',
    compare: { name: 'cold cache', value: cold, unit: 'input/s' },
  });

  // Whole inputs (script + sighash + ECDSA), sequential vs speculative-parallel over a pool of 2.
  const jobs = inputJobs(tx, spent, STANDARD_FLAGS);
  const seq = perSecond(jobs.length, () => {
    if (verifyInputsSequential(jobs).some((r) => !r.ok)) throw new Error('invalid');
  });
  const pool = new VerifyPool(2);
  await pool.verifyBatch(items.slice(0, 64));
  const par = await perSecondAsync(jobs.length, async () => {
    if ((await verifyInputsParallel(jobs, { pool })).some((r) => !r.ok)) throw new Error('invalid');
  });
  await pool.close();
  results.push({
    suite: SUITE,
    name: 'P2PKH input verify, parallel (pool of 2)',
    value: par,
    unit: 'input/s',
    compare: { name: 'sequential', value: seq, unit: 'input/s' },
    note: `×${(par / seq).toFixed(2)}`,
  });
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run();
  const rows = results.map((r) => [r.name, `${r.value.toFixed(0)} ${r.unit}`, r.compare ? `${r.compare.name}: ${r.compare.value.toFixed(0)} ${r.compare.unit}` : '', r.note ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
}
