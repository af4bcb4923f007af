/**
 * The source of a Forge mining worker, run with `new Worker(source, { eval:
 * true })` so it works the same from TypeScript sources (tests) and compiled
 * output. It carries the midstate header hasher's own source text and needs
 * only node:crypto besides: for each extra nonce in its share
 * (start, start + step, …) it rebuilds the coinbase, folds the Merkle branch,
 * and scans the 32-bit header nonce space up to `maxNonce`, checking a shared
 * stop flag every 16k hashes and adding its hash count to a shared counter.
 * It posts { extraNonce, nonce } on success and exits on stop.
 */
import { createHeaderHasher } from './header-hasher.js';

export const FORGE_WORKER_SOURCE = `
const createHeaderHasher = ${createHeaderHasher.toString()};
` + String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const d = workerData;
const stop = new Int32Array(d.control);
const counter = new BigInt64Array(d.counter);
const target = Buffer.from(d.target, 'hex');
const prefix = Buffer.from(d.prefix);
const suffix = Buffer.from(d.suffix);
const branch = d.branch.map((b) => Buffer.from(b));
const sha2 = (b) => createHash('sha256').update(createHash('sha256').update(b).digest()).digest();
const hasher = createHeaderHasher();
const digest = new Uint8Array(32);
function meets(h) {
  for (let i = 31; i >= 0; i--) { if (h[i] !== target[i]) return h[i] < target[i]; }
  return true;
}
const header = Buffer.alloc(80);
header.writeInt32LE(d.version, 0);
Buffer.from(d.prevHash).copy(header, 4);
header.writeUInt32LE(d.time, 68);
header.writeUInt32LE(d.bits, 72);
const en = Buffer.alloc(8);
let extraNonce = BigInt(d.extraNonceStart);
const step = BigInt(d.extraNonceStep);
outer: for (;;) {
  en.writeBigUInt64LE(BigInt.asUintN(64, extraNonce));
  let root = sha2(Buffer.concat([prefix, en, suffix]));
  for (const s of branch) root = sha2(Buffer.concat([root, s]));
  root.copy(header, 36);
  hasher.setHeader(header);
  let pending = 0;
  for (let nonce = 0; nonce <= d.maxNonce; nonce++) {
    hasher.hash(nonce >>> 0, digest);
    pending++;
    if (meets(digest)) {
      Atomics.add(counter, 0, BigInt(pending));
      parentPort.postMessage({ extraNonce: extraNonce.toString(), nonce });
      break outer;
    }
    if (pending === 16384) {
      Atomics.add(counter, 0, BigInt(pending));
      pending = 0;
      if (Atomics.load(stop, 0) !== 0) break outer;
    }
  }
  Atomics.add(counter, 0, BigInt(pending));
  if (Atomics.load(stop, 0) !== 0) break;
  extraNonce += step;
}
`;
