/**
 * Embedded-API benchmark on Chinook (memory database, imported with
 * importCsv, flushed to segments): a warm one-shot query vs the same query
 * prepared; a key lookup prepared with a parameter vs new literal text each
 * time (a compile per call); and, in fresh child processes, the CPU of the
 * first query and the wait between close() and exit, with Pyralog's PRQL
 * WebAssembly tier-up budget vs V8's default. Times are CPU milliseconds
 * (process.cpuUsage), which stay meaningful on a shared, busy machine.
 * Usage: node dist/bench/api.js
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { open, type Database } from '../src/index.js';
import { importCsv } from '../src/io/import-csv.js';

interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

const SUITE = 'api';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function perCall(f: (i: number) => void, iterations: number): number {
  for (let i = 0; i < Math.min(10, iterations); i++) f(i);
  const c0 = cpuMs();
  for (let i = 0; i < iterations; i++) f(i);
  return (cpuMs() - c0) / iterations;
}

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
function childRun(extraArgs: readonly string[]): { firstQuery: number; exitWait: number; totalCpu: number } {
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
  return JSON.parse(r.stdout) as { firstQuery: number; exitWait: number; totalCpu: number };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const db = await openChinook();
  try {
    const text = 'from tracks | take 3';
    const oneShot = perCall(() => void db.querySync('prql', text).rows(), 200);
    const prepared = db.prepare('prql', text);
    const prep = perCall(() => void prepared.runSync().rows(), 200);
    out.push({ suite: SUITE, name: 'prepared `from tracks | take 3`', value: prep, unit: 'ms cpu/query', compare: { name: 'querySync (plan cache hit)', value: oneShot, unit: 'ms cpu/query' } });

    const byKey = db.prepare('prql', 'from tracks | filter track_id == $1 | select {name}', [1n]);
    const point = perCall((i) => void byKey.runSync([BigInt((i % 3503) + 1)]).rows(), 500);
    const literal = perCall((i) => void db.querySync('prql', `from tracks | filter track_id == ${(i % 3503) + 1} | select {name}`).rows(), 60);
    out.push({ suite: SUITE, name: 'prepared point lookup by key ($1)', value: point, unit: 'ms cpu/query', compare: { name: 'new literal text each call (compile)', value: literal, unit: 'ms cpu/query' } });

    const join = db.prepare('prql', 'from t = tracks | join a = albums (t.album_id == a.album_id) | filter t.track_id == $1 | select {t.name, a.title}', [1n]);
    out.push({ suite: SUITE, name: 'prepared join + key filter', value: perCall((i) => void join.runSync([BigInt(i + 1)]).rows(), 100), unit: 'ms cpu/query' });
  } finally {
    db.close();
  }

  // The CLI (bin/pyralog.js) raises the budget while prql-js loads; the library leaves V8 alone.
  const tuned = [childRun(['--wasm-tiering-budget=180000000']), childRun(['--wasm-tiering-budget=180000000']), childRun(['--wasm-tiering-budget=180000000'])];
  const v8default = [childRun(['--wasm-tiering-budget=1800000']), childRun(['--wasm-tiering-budget=1800000']), childRun(['--wasm-tiering-budget=1800000'])];
  out.push({
    suite: SUITE,
    name: 'first query in a fresh process',
    value: median(tuned.map((r) => r.firstQuery)),
    unit: 'ms cpu',
    compare: { name: 'V8 default wasm tier-up', value: median(v8default.map((r) => r.firstQuery)), unit: 'ms cpu' },
    note: 'includes loading prql-js',
  });
  out.push({
    suite: SUITE,
    name: 'close() to process exit',
    value: median(tuned.map((r) => r.exitWait)),
    unit: 'ms wall',
    compare: { name: 'V8 default wasm tier-up', value: median(v8default.map((r) => r.exitWait)), unit: 'ms wall' },
  });
  out.push({
    suite: SUITE,
    name: 'whole process (import, open, 1 query, close)',
    value: median(tuned.map((r) => r.totalCpu)),
    unit: 'ms cpu',
    compare: { name: 'V8 default wasm tier-up', value: median(v8default.map((r) => r.totalCpu)), unit: 'ms cpu' },
  });
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run();
  for (const r of results) {
    const cmp = r.compare === undefined ? '' : `   vs ${r.compare.name}: ${r.compare.value.toFixed(2)} ${r.compare.unit}`;
    console.log(`${r.name.padEnd(46)} ${r.value.toFixed(2).padStart(9)} ${r.unit}${cmp}${r.note === undefined ? '' : `  (${r.note})`}`);
  }
}
