#!/usr/bin/env node
/**
 * Loads every native or WebAssembly dependency Pyralog runs on and does one
 * real operation with each, then prints a table: package, kind, result.
 * `npm run test:arm64` runs it under the aarch64 node; it works on any
 * architecture (run it on a Pi after `npm install`). Exit code 1 when a
 * runtime dependency fails; a dev-only dependency that fails is reported
 * with its fallback and does not fail the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const rows = [];
let failed = false;

async function check(name, kind, runtime, fallback, fn) {
  try {
    const detail = await fn();
    rows.push([name, kind, 'ok', detail]);
  } catch (err) {
    rows.push([name, kind, 'FAILED', `${err instanceof Error ? err.message : String(err)}${fallback ? ` — fallback: ${fallback}` : ''}`]);
    if (runtime) failed = true;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'pyralog-natives-'));
try {
  await check('lmdb', 'native (prebuilt)', true, '', async () => {
    const { open } = await import('lmdb');
    const db = open({ path: join(dir, 'lmdb') });
    await db.put('k', { v: 42 });
    const v = db.get('k').v;
    await db.close();
    if (v !== 42) throw new Error(`read back ${v}`);
    return 'put/get on disk';
  });
  await check('tiny-secp256k1', 'WebAssembly', true, '', async () => {
    const ecc = await import('tiny-secp256k1');
    const priv = new Uint8Array(32).fill(1);
    const pub = ecc.pointFromScalar(priv, true);
    const msg = new Uint8Array(32).fill(7);
    const sig = ecc.sign(msg, priv);
    if (!ecc.verify(msg, pub, sig)) throw new Error('signature did not verify');
    return 'sign + verify';
  });
  await check('prql-js', 'WebAssembly', true, '', async () => {
    const prql = await import('prql-js');
    const sql = prql.compile('from t | take 1');
    if (!/LIMIT\s+1\b/i.test(sql)) throw new Error(`unexpected SQL: ${sql}`);
    return 'compile';
  });
  await check('xxhash-wasm', 'WebAssembly', true, '', async () => {
    const xxhash = (await import('xxhash-wasm')).default;
    const { h32 } = await xxhash();
    const h = h32('pyralog');
    if (typeof h !== 'number') throw new Error('no hash');
    return `h32 = ${h.toString(16)}`;
  });
  await check('pyralog kernels', 'WebAssembly SIMD', true, 'the JS twins (identical results)', async () => {
    const { kernelStatus } = await import('../../dist/src/engine/kernels/kernel-module.js');
    const { open } = await import('../../dist/src/index.js');
    const db = open(join(dir, 'pyralog'));
    try {
      db.createTable('f', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'float64' }], ['id']);
      const rowsIn = Array.from({ length: 5000 }, (_, i) => ({ id: BigInt(i), v: (i % 97) * 0.5 }));
      db.table('f').insert(rowsIn);
      db.flush('f');
      const expected = rowsIn.reduce((s, r) => s + r.v, 0);
      const got = (await db.query('prql', 'from f | aggregate {s = sum v}')).rows()[0].s;
      if (got !== expected) throw new Error(`sum ${got}, expected ${expected}`);
      const status = kernelStatus();
      if (status !== 'on') throw new Error(`kernels ${status}`);
      return `status ${status}; sum over a stored table agrees`;
    } finally {
      db.close();
    }
  });
  await check('better-sqlite3', 'native (dev only: benches, differential tests)', false, 'the tests that compare against SQLite cannot run', async () => {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(':memory:');
    const v = db.prepare('select 6 * 7 as v').get().v;
    db.close();
    if (v !== 42) throw new Error(`got ${v}`);
    return 'select';
  });
  await check('@duckdb/node-api', 'native (dev only: benches, differential tests)', false, 'the DuckDB comparisons cannot run', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const reader = await conn.runAndReadAll('select 42 as v');
    const v = reader.getRows()[0][0];
    conn.closeSync?.();
    if (Number(v) !== 42) throw new Error(`got ${v}`);
    return 'select';
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`node ${process.version} on ${process.arch} (${process.platform})`);
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(`  ${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
process.exit(failed ? 1 : 0);
