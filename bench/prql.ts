/**
 * PRQL corpus benchmark: every query of test/prql/queries, warm, on Pyralog
 * (plans cached; db.querySync) and on SQLite (the prqlc-compiled SQL as a
 * prepared statement), totals side by side; plus the PRQL compile time on a
 * plan-cache miss vs a hit.
 * Usage: node dist/bench/prql.js [iterations=5]
 */
import { pathToFileURL } from 'node:url';
import { QUICK, measureAll, perOp, type Stats } from './lib/harness.js';
import { fromStats, US } from './lib/result.js';

const PER_QUERY = { label: 'µs/query', of: US.of };
import { clearPrqlCaches, compilePrql } from '../src/lang/prql/index.js';
import { chinookCatalog } from '../test/prql/chinook-schema.js';
import { loadCorpus } from '../test/prql/corpus.js';
import { openChinookPyralog } from '../test/prql/pyralog-runner.js';
import { openChinookSqlite, prqlToSqlite } from '../test/prql/sqlite-runner.js';

import type { BenchResult } from './lib/types.js';

/** Sum of per-query stats: medians, mins and maxes add; samples are the per-query medians. */
function total(xs: readonly Stats[]): Stats {
  const sum = (f: (s: Stats) => number): number => xs.reduce((a, s) => a + f(s), 0);
  const median = sum((s) => s.median);
  return { median, mean: sum((s) => s.mean), min: sum((s) => s.min), max: sum((s) => s.max), rme: Math.max(0, ...xs.map((s) => s.rme)), opsPerSec: 1000 / median, samples: xs.map((s) => s.median) };
}

export async function run(iterations = 5): Promise<BenchResult[]> {
  const corpus = loadCorpus();
  const sqlite = openChinookSqlite();
  const pyralog = await openChinookPyralog();
  const perQuery: { name: string; pyralog: number; sqlite: number; ps: Stats; ss: Stats }[] = [];
  for (const q of QUICK ? corpus.slice(0, 3) : corpus) {
    const stmt = sqlite.prepare(prqlToSqlite(q.text)).raw(true);
    stmt.all();
    pyralog.querySync('prql', q.text).arrays();
    const m = await measureAll({ sqlite: () => stmt.all(), pyralog: () => pyralog.querySync('prql', q.text).arrays() }, { iterations, time: 50 });
    const ss = m['sqlite'] as Stats;
    const ps = m['pyralog'] as Stats;
    perQuery.push({ name: q.name, pyralog: ps.median, sqlite: ss.median, ps, ss });
  }
  sqlite.close();
  pyralog.close();

  const catalog = chinookCatalog();
  const texts = QUICK ? corpus.slice(0, 5) : corpus;
  const compileAll = (): void => {
    for (const q of texts) compilePrql(q.text, catalog);
  };
  const c = await measureAll({ miss: { beforeEach: clearPrqlCaches, fn: compileAll }, hit: { beforeEach: compileAll, fn: compileAll } }, { iterations: 3, time: 0 });
  const miss = perOp(c['miss']!, texts.length);
  const hit = perOp(c['hit']!, texts.length);

  const totalP = perQuery.reduce((a, r) => a + r.pyralog, 0);
  const totalS = perQuery.reduce((a, r) => a + r.sqlite, 0);
  const slowest = [...perQuery].sort((a, b) => b.pyralog / b.sqlite - a.pyralog / a.sqlite).slice(0, 5);
  for (const r of slowest) console.log(`slowest vs SQLite: ${r.name} ${r.pyralog.toFixed(2)} ms vs ${r.sqlite.toFixed(2)} ms`);
  return [
    {
      suite: 'prql',
      name: `corpus total (${perQuery.length} queries, warm)`,
      value: totalP,
      unit: 'ms',
      stats: total(perQuery.map((r) => r.ps)),
      compare: { name: 'SQLite (prqlc SQL, prepared)', value: totalS, unit: 'ms', stats: total(perQuery.map((r) => r.ss)) },
      note: `ratio ${(totalP / totalS).toFixed(2)}x`,
    },
    fromStats('prql', 'compile, plan cache miss', miss, PER_QUERY, { note: `prql-js PRQL → PL → RQ + lowering; ${texts.length} corpus queries per sample` }),
    fromStats('prql', 'compile, plan cache hit', hit, PER_QUERY, { compare: { name: 'cache miss', stats: miss }, note: `${texts.length} corpus queries per sample` }),
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
