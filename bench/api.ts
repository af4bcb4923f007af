/**
 * Embedded-API benchmark on Chinook (memory database, imported with
 * importCsv, flushed to segments): a warm one-shot query vs the same query
 * prepared; a key lookup prepared with a parameter vs new literal text each
 * time (a compile per call); and, in fresh child processes, the CPU of the
 * first query and the wait between close() and exit, with Pyralog's PRQL
 * WebAssembly tier-up budget vs V8's default. In-process calls: tinybench
 * samples (wall time) of batches of calls, per call; child processes: CPU
 * milliseconds measured inside each child, one sample per child.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { open, type Database } from '../src/index.js';
import { importCsv } from '../src/io/import-csv.js';
import { measure, perOp, QUICK, statsOf, type Stats } from './lib/harness.js';
import { fromStats, MS, type Unit } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'api';

/** Stats of one call of `f(i)`, tinybench samples of batches of `n` calls (i runs on across samples). */
async function perCall(f: (i: number) => void, n: number): Promise<Stats> {
  let i = 0;
  const k = QUICK ? Math.max(1, n >> 4) : n;
  return perOp(await measure(() => {
    for (let j = 0; j < k; j++) f(i++);
  }, { iterations: 5, time: 200, warmup: 1 }), k);
}

const PER_QUERY: Unit = { label: 'ms/query', of: MS.of };

function chinookDir(): string {
  for (const up of ['../test/data/chinook', '../../test/data/chinook']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (fs.existsSync(path.join(dir, 'tracks.csv'))) return dir;
  }
  throw new Error('test/data/chinook not found');
}

async function openChinook(): Promise<Database> {
  const db = open(':memory:');
  const keys: Record<string, string> = { tracks: 'track_id', albums: 'album_id', artists: 'artist_id', invoices: 'invoice_id' };
  for (const [table, key] of Object.entries(keys)) await importCsv(db.storage, path.join(chinookDir(), `${table}.csv`), { key });
  db.flush();
  return db;
}

/** First-query CPU and close-to-exit wait in a fresh process (`extraArgs` go to node). */
interface ChildRun {
  readonly firstQuery: number;
  readonly exitWait: number;
  readonly totalCpu: number;
}

const CPU_MS: Unit = { label: 'ms cpu', of: MS.of };

function childRun(extraArgs: readonly string[]): ChildRun {
  const index = pathToFileURL(fileURLToPath(new URL('../src/index.js', import.meta.url))).href;
  const script = `
    const { open } = await import(${JSON.stringify(index)});
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const db = open(':memory:');
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 's', type: 'utf8' }], ['id']);
    db.table('t').insert([{ id: 1n, s: 'a' }, { id: 2n, s: 'b' }]);
    const c0 = cpu();
    db.querySync('prql', 'from t | filter id > 0 | sort {-id} | select {s} | take 1');
    const first = cpu() - c0;
    db.close();
    const t0 = performance.now();
    process.on('exit', () => process.stdout.write(JSON.stringify({ firstQuery: first, exitWait: performance.now() - t0, totalCpu: cpu() })));
  `;
  const r = spawnSync(process.execPath, [...extraArgs, '--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildRun;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const db = await openChinook();
  try {
    const text = 'from tracks | take 3';
    const oneShot = await perCall(() => void db.querySync('prql', text).rows(), 200);
    const prepared = db.prepare('prql', text);
    const prep = await perCall(() => void prepared.runSync().rows(), 200);
    out.push(fromStats(SUITE, 'prepared `from tracks | take 3`', prep, PER_QUERY, { compare: { name: 'querySync (plan cache hit)', stats: oneShot } }));

    const byKey = db.prepare('prql', 'from tracks | filter track_id == $1 | select {name}', [1n]);
    const point = await perCall((i) => void byKey.runSync([BigInt((i % 3503) + 1)]).rows(), 500);
    const literal = await perCall((i) => void db.querySync('prql', `from tracks | filter track_id == ${(i % 3503) + 1} | select {name}`).rows(), 60);
    out.push(fromStats(SUITE, 'prepared point lookup by key ($1)', point, PER_QUERY, { compare: { name: 'new literal text each call (compile)', stats: literal } }));

    const join = db.prepare('prql', 'from t = tracks | join a = albums (t.album_id == a.album_id) | filter t.track_id == $1 | select {t.name, a.title}', [1n]);
    out.push(fromStats(SUITE, 'prepared join + key filter', await perCall((i) => void join.runSync([BigInt((i % 3503) + 1)]).rows(), 100), PER_QUERY));
  } finally {
    db.close();
  }

  // The CLI (bin/pyralog.js) raises the budget while prql-js loads; the library leaves V8 alone.
  // Each child is one sample (CPU ms measured inside it); the samples are kept as they are.
  const children = QUICK ? 1 : 3;
  const tuned = Array.from({ length: children }, () => childRun(['--wasm-tiering-budget=180000000']));
  const v8default = Array.from({ length: children }, () => childRun(['--wasm-tiering-budget=1800000']));
  const statsBy = (rs: readonly ChildRun[], k: keyof ChildRun): Stats => statsOf(rs.map((r) => r[k]), 0);
  const vsDefault = (k: keyof ChildRun) => ({ name: 'V8 default wasm tier-up', stats: statsBy(v8default, k) });
  out.push(fromStats(SUITE, 'first query in a fresh process', statsBy(tuned, 'firstQuery'), CPU_MS, { compare: vsDefault('firstQuery'), note: `includes loading prql-js; ${children} child process(es) each` }));
  out.push(fromStats(SUITE, 'close() to process exit', statsBy(tuned, 'exitWait'), { label: 'ms wall', of: MS.of }, { compare: vsDefault('exitWait') }));
  out.push(fromStats(SUITE, 'whole process (import, open, 1 query, close)', statsBy(tuned, 'totalCpu'), CPU_MS, { compare: vsDefault('totalCpu') }));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
