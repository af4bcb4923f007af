/**
 * PRQL corpus benchmark: every query of test/prql/queries, warm, on Pyralog
 * (plans cached; db.querySync) and on SQLite (the prqlc-compiled SQL as a
 * prepared statement), totals side by side; plus the PRQL compile time on a
 * plan-cache miss vs a hit.
 * Usage: node dist/bench/prql.js [iterations=5]
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { clearPrqlCaches, compilePrql } from '../src/lang/prql/index.js';
import { chinookCatalog } from '../test/prql/chinook-schema.js';
import { loadCorpus } from '../test/prql/corpus.js';
import { openChinookPyralog } from '../test/prql/pyralog-runner.js';
import { openChinookSqlite, prqlToSqlite } from '../test/prql/sqlite-runner.js';

interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

function timeMs(f: () => void, iterations: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) f();
  return (performance.now() - t0) / iterations;
}

export async function run(iterations = 5): Promise<BenchResult[]> {
  const corpus = loadCorpus();
  const sqlite = openChinookSqlite();
  const pyralog = await openChinookPyralog();
  const perQuery: { name: string; pyralog: number; sqlite: number }[] = [];
  for (const q of corpus) {
    const stmt = sqlite.prepare(prqlToSqlite(q.text)).raw(true);
    stmt.all();
    pyralog.querySync('prql', q.text).arrays();
    const s = timeMs(() => stmt.all(), iterations);
    const p = timeMs(() => pyralog.querySync('prql', q.text).arrays(), iterations);
    perQuery.push({ name: q.name, pyralog: p, sqlite: s });
  }
  sqlite.close();
  pyralog.close();

  const catalog = chinookCatalog();
  clearPrqlCaches();
  const t0 = performance.now();
  for (const q of corpus) compilePrql(q.text, catalog);
  const miss = (performance.now() - t0) / corpus.length;
  const hit = timeMs(() => {
    for (const q of corpus) compilePrql(q.text, catalog);
  }, 20) / corpus.length;

  const totalP = perQuery.reduce((a, r) => a + r.pyralog, 0);
  const totalS = perQuery.reduce((a, r) => a + r.sqlite, 0);
  const slowest = [...perQuery].sort((a, b) => b.pyralog / b.sqlite - a.pyralog / a.sqlite).slice(0, 5);
  for (const r of slowest) console.log(`slowest vs SQLite: ${r.name} ${r.pyralog.toFixed(2)} ms vs ${r.sqlite.toFixed(2)} ms`);
  return [
    {
      suite: 'prql',
      name: `corpus total (${corpus.length} queries, warm)`,
      value: totalP,
      unit: 'ms',
      compare: { name: 'SQLite (prqlc SQL, prepared)', value: totalS, unit: 'ms' },
      note: `ratio ${(totalP / totalS).toFixed(2)}x`,
    },
    { suite: 'prql', name: 'compile, plan cache miss', value: miss * 1000, unit: 'µs/query', note: 'prql-js PRQL → PL → RQ + lowering' },
    { suite: 'prql', name: 'compile, plan cache hit', value: hit * 1000, unit: 'µs/query' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run(Number(process.argv[2] ?? 5));
  console.table(
    results.map((r) => ({
      name: r.name,
      value: Number(r.value.toFixed(3)),
      unit: r.unit,
      compare: r.compare ? `${r.compare.name}: ${r.compare.value.toFixed(3)} ${r.compare.unit}` : '',
      note: r.note ?? '',
    })),
  );
}
