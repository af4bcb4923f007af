/**
 * Crash safety: a child process writes batches and is SIGKILLed at random
 * moments, many times over one store directory. After every kill the store
 * must reopen with every acknowledged batch present, no batch half applied,
 * and every segment checksum intact. PYRALOG_CRASH_ITERATIONS (or --long)
 * raises the number of kills from 50 to 500.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { repoRoot, transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';
import { batchPlan } from './crash-plan.mjs';

const CHILD = join(__dirname, 'crash-child.mjs');
/** The child runs the storage engine transpiled from the current sources (a dist/ may be stale). */
const pkg = mkdtempSync(join(tmpdir(), 'pyralog-crash-pkg-'));
let storageUrl = '';
beforeAll(() => {
  transpileForChild(pkg, ['src/storage/index.ts']);
  symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'));
  storageUrl = pathToFileURL(join(pkg, 'src/storage/index.js')).href;
});
const ITERATIONS = Number(process.env['PYRALOG_CRASH_ITERATIONS'] ?? (process.argv.includes('--long') ? 500 : 50));
/** Independent store directories killed in parallel (the child spends most of its life starting up or in fsync). */
const LANES = 2;
const dirs = Array.from({ length: LANES }, () => mkdtempSync(join(tmpdir(), 'pyralog-crash-')));
afterAll(() => [...dirs, pkg].forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the child from batch `first`, kills it after `delayMs` of writing; returns the acknowledged ids. */
function runChild(dir: string, first: number, delayMs: number): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(first), storageUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === undefined && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited on its own (code ${code}): ${err}`));
      else resolvePromise([...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1])));
    });
  });
}

/** Checks the store against the plans of batches 0..last; returns `last`, the last committed batch. */
function check(dir: string): number {
  const store = openStore(dir);
  try {
    const snap = store.snapshot();
    try {
      const progress = snap.get('t', [-1n]);
      const last = progress === undefined ? -1 : Number(progress['v'] as bigint);
      const expected = new Map<bigint, bigint>();
      for (let b = 0; b <= last; b++) {
        const plan = batchPlan(b);
        for (const r of plan.rows) expected.set(r.k, r.v);
        for (const k of plan.deletes) expected.delete(k);
      }
      let seen = 0;
      for (const batch of snap.scan('t', { columns: ['k', 'v'] })) {
        const ks = batch.getChildAt(0)!.toArray() as BigInt64Array;
        const vs = batch.getChildAt(1)!.toArray() as BigInt64Array;
        for (let i = 0; i < ks.length; i++) {
          if (ks[i] === -1n) continue;
          if (expected.get(ks[i]!) !== vs[i]) throw new Error(`key ${ks[i]} has v=${vs[i]}, expected ${expected.get(ks[i]!)} (last batch ${last})`);
          seen++;
        }
      }
      expect(seen).toBe(expected.size);
      const kv = snap.kv('batches');
      expect(kv.get(`b${last + 1}`)).toBeUndefined();
      if (last >= 0) expect(kv.get(`b${last}`)).toBeDefined();
      expect([...kv.range()].length).toBe(last + 1);
      return last;
    } finally {
      snap.close();
    }
  } finally {
    const v = store.verify();
    store.close();
    expect(v.errors).toEqual([]);
  }
}

describe('crash safety', () => {
  it(`survives ${ITERATIONS} SIGKILLs with every acknowledged batch present and none half applied`, async () => {
    const lane = async (dir: string, iterations: number): Promise<{ kills: number; last: number; early: number }> => {
      let last = -1;
      let kills = 0;
      let early = 0;
      for (let i = 0; i < iterations; i++) {
        const acks = await runChild(dir, last + 1, 20 + Math.floor(Math.random() * 230));
        kills++;
        const committed = check(dir);
        const acked = acks.length > 0 ? acks[acks.length - 1]! : last;
        // Every acknowledged batch is committed; at most the one in flight committed without its ack.
        expect(committed).toBeGreaterThanOrEqual(acked);
        expect(committed).toBeLessThanOrEqual(acked + 1);
        if (committed === acked + 1) early++;
        last = committed;
      }
      return { kills, last, early };
    };
    const results = await Promise.all(dirs.map((d) => lane(d, Math.ceil(ITERATIONS / LANES))));
    const kills = results.reduce((n, r) => n + r.kills, 0);
    const batches = results.reduce((n, r) => n + r.last + 1, 0);
    expect(kills).toBeGreaterThanOrEqual(ITERATIONS);
    expect(batches).toBeGreaterThan(ITERATIONS / 5);
    console.log(`crash test: ${kills} kills, ${batches} batches committed, ${results.reduce((n, r) => n + r.early, 0)} committed just before their ack`);
  }, 900_000);
});
