/**
 * The JS fallback: with PYRALOG_SIMD=off the kernel module is not loaded
 * (status 'disabled', every call site gets no kernels and takes its JS
 * twin), and queries over a stored table answer exactly as with the SIMD
 * kernels on heap-resident segment columns. The switched-off run imports
 * a fresh copy of the library (vi.resetModules) so no state is shared with
 * the SIMD run; the environment variable is stubbed by the test only.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKernels } from '../kernel-module.js';

/** The child process takes seconds natively, minutes under `npm run test:arm64`'s emulation. */
const CHILD_TIMEOUT_MS = process.env['PYRALOG_ARM64_EMULATED'] === '1' ? 900_000 : 60_000;

const QUERIES = [
  'from f | filter q < 50 | group {k} (aggregate {s = sum v, a = average v, n = count this}) | sort k',
  'from f | aggregate {s = sum v, t = sum q, n = count v, lo = min v, hi = max v}',
  'from f | filter (v > 0.25 && q >= 10) || k == 3 | aggregate {n = count this, s = sum id}',
  'from f | filter v < w | aggregate {n = count this}',
];

type Lib = typeof import('../../../index.js');

/** Rows the third query's filter keeps, computed here in JS (NaN > 0.25 is true in the value order: NaN is above every number). */
let expected = -1;

/** Runs QUERIES over a flushed LMDB table of 3,000 rows with NULLs, NaN and −0, with a fresh copy of the library. */
async function answers(simd: 'on' | 'off'): Promise<{ status: string; resident: boolean; rows: unknown[] }> {
  vi.resetModules();
  if (simd === 'off') vi.stubEnv('PYRALOG_SIMD', 'off');
  try {
    const lib: Lib = await import('../../../index.js');
    const kernels = await import('../kernel-module.js');
    // the serial executor is where these kernels run (engine/parallel has its own morsel loops)
    (await import('../../parallel/worker-pool.js')).configureParallelism({ workers: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'pyralog-simd-'));
    const db = lib.open(join(dir, 'db'));
    try {
      db.createTable('f', [
        { name: 'id', type: 'int64' },
        { name: 'k', type: 'int64' },
        { name: 'q', type: 'int64', nullable: true },
        { name: 'v', type: 'float64', nullable: true },
        { name: 'w', type: 'float64', nullable: true },
      ], ['id']);
      const specials = [Number.NaN, -0, 0, Infinity, -Infinity, 1e308, -1e-300];
      const rows = Array.from({ length: 3000 }, (_, i) => ({
        id: BigInt(i),
        k: BigInt((i * 7919) % 13),
        q: i % 17 === 0 ? null : BigInt((i * 31) % 100),
        v: i % 23 === 0 ? null : i % 101 === 0 ? specials[(i / 101) % specials.length]! : ((i * 104729) % 10007) / 10007,
        w: i % 29 === 0 ? null : ((i * 7) % 13) / 13,
      }));
      db.table('f').insert(rows);
      expected = rows.filter((r) => (r.v !== null && (r.v > 0.25 || Number.isNaN(r.v)) && r.q !== null && r.q >= 10n) || r.k === 3n).length;
      db.flush('f');
      const out: unknown[] = [];
      let heapUsed = 0;
      for (const q of QUERIES) {
        out.push((await db.query('prql', q)).rows());
        heapUsed = Math.max(heapUsed, lib.columnHeapStats().usedBytes);
      }
      return { status: kernels.kernelStatus(), resident: heapUsed > 0, rows: out };
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    vi.unstubAllEnvs();
  }
}

describe('SIMD forced off', () => {
  afterAll(() => vi.resetModules());

  it('loadKernels(disabled) gives no kernels and says why', () => {
    expect(loadKernels(true)).toEqual({ kernels: null, status: 'disabled' });
  });

  it('takes the JS path and answers exactly as the SIMD path over stored segments', async () => {
    const on = await answers('on');
    const off = await answers('off');
    expect(on.status).toBe('on');
    expect(off.status).toBe('disabled');
    expect(on.resident).toBe(true); // the scanned segment columns are in the column heap, where the kernels read them
    // NaN and −0 survive the comparison (toEqual tells −0 from 0 and NaN equals NaN)
    expect(off.rows).toEqual(on.rows);
    const [groups, totals] = on.rows as [Record<string, unknown>[], Record<string, unknown>[]];
    expect(groups.length).toBe(13);
    // the value order on both paths: NaN above every number, −Infinity the least
    expect(totals[0]!['hi']).toBeNaN();
    expect(totals[0]!['lo']).toBe(-Infinity);
    const filtered = on.rows[2] as Record<string, unknown>[];
    expect(filtered[0]!['n']).toBe(BigInt(expected));
  }, CHILD_TIMEOUT_MS);
});
