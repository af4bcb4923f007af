/**
 * Small-query benchmark (issue #12): the Chinook PRQL corpus (every query of
 * test/prql/queries that SQLite also runs: joins, groups, windows, sorts),
 * through the embedded API with row objects as the result (`db.querySync(…)
 * .rows()`), beside SQLite (better-sqlite3) running the SQL prqlc makes of
 * the same text as a prepared statement (`stmt.all()`, row objects), in the
 * same run:
 * - warm: plans cached / statement prepared; per query the median of many runs;
 * - cold: the first run of a query text, compile included (a fresh comment
 *   line makes each sample a new text: Pyralog compiles PRQL and plans,
 *   SQLite prepares the SQL).
 * Totals are sums of per-query medians; the ratio is Pyralog / SQLite.
 * Usage: node dist/bench/small-queries.js [iterations=10]
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { QUICK, measureAll, median, statsOf, type Stats } from './lib/harness.js';
import { loadCorpus } from '../test/prql/corpus.js';
import { openChinookPyralog } from '../test/prql/pyralog-runner.js';
import { openChinookSqlite, prqlToSqlite } from '../test/prql/sqlite-runner.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'small-queries';

/** Sum of per-query stats: medians, mins and maxes add; samples are the per-query medians. */
function total(xs: readonly Stats[]): Stats {
  const sum = (f: (s: Stats) => number): number => xs.reduce((a, s) => a + f(s), 0);
  const med = sum((s) => s.median);
  return { median: med, mean: sum((s) => s.mean), min: sum((s) => s.min), max: sum((s) => s.max), rme: Math.max(0, ...xs.map((s) => s.rme)), opsPerSec: 1000 / med, samples: xs.map((s) => s.median) };
}

function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / Math.max(1, xs.length));
}

interface PerQuery {
  readonly name: string;
  readonly warm: { readonly p: Stats; readonly s: Stats };
  readonly cold: { readonly p: Stats; readonly s: Stats };
}

export async function run(iterations = 10): Promise<BenchResult[]> {
  const sqlite = openChinookSqlite();
  const db = await openChinookPyralog();
  const perQuery: PerQuery[] = [];
  let skipped = 0;
  let salt = 0;
  try {
    const corpus = loadCorpus();
    for (const q of QUICK ? corpus.slice(0, 4) : corpus) {
      let sql: string;
      let stmt;
      try {
        sql = prqlToSqlite(q.text);
        stmt = sqlite.prepare(sql);
        stmt.all();
        db.querySync('prql', q.text).rows();
      } catch {
        skipped++; // a query one side cannot run (e.g. a loop SQLite's dialect lacks)
        continue;
      }
      const prepared = stmt;
      const m = await measureAll({ sqlite: () => prepared.all(), pyralog: () => db.querySync('prql', q.text).rows() }, { iterations, time: QUICK ? 10 : 60 });
      const coldP: number[] = [];
      const coldS: number[] = [];
      for (let i = 0; i < (QUICK ? 2 : 5); i++) {
        salt++;
        const t0 = performance.now();
        db.querySync('prql', `${q.text}\n# cold ${salt}\n`).rows();
        const t1 = performance.now();
        sqlite.prepare(`${sql}\n-- cold ${salt}`).all();
        const t2 = performance.now();
        coldP.push(t1 - t0);
        coldS.push(t2 - t1);
      }
      perQuery.push({ name: q.name, warm: { p: m['pyralog']!, s: m['sqlite']! }, cold: { p: statsOf(coldP, 0), s: statsOf(coldS, 0) } });
    }
  } finally {
    sqlite.close();
    db.close();
  }
  const n = perQuery.length;
  const ratios = perQuery.map((r) => r.warm.p.median / r.warm.s.median);
  const slowest = [...perQuery].sort((a, b) => b.warm.p.median / b.warm.s.median - a.warm.p.median / a.warm.s.median).slice(0, 5);
  for (const r of slowest) console.error(`[small-queries] slowest vs SQLite: ${r.name} ${r.warm.p.median.toFixed(3)} ms vs ${r.warm.s.median.toFixed(3)} ms`);
  const warmP = total(perQuery.map((r) => r.warm.p));
  const warmS = total(perQuery.map((r) => r.warm.s));
  const coldP = total(perQuery.map((r) => r.cold.p));
  const coldS = total(perQuery.map((r) => r.cold.s));
  return [
    {
      suite: SUITE,
      name: `Chinook ${n} queries, warm (sum of medians, rows())`,
      value: warmP.median,
      unit: 'ms',
      stats: warmP,
      compare: { name: 'SQLite prepared (prqlc SQL, all())', value: warmS.median, unit: 'ms', stats: warmS },
      note: `geomean of per-query ratios ${geomean(ratios).toFixed(2)}×, median ${median(ratios).toFixed(2)}×${skipped > 0 ? `; ${skipped} queries one side cannot run skipped` : ''}`,
    },
    {
      suite: SUITE,
      name: `Chinook ${n} queries, cold (first run of the text, compile included)`,
      value: coldP.median,
      unit: 'ms',
      stats: coldP,
      compare: { name: 'SQLite prepare + run', value: coldS.median, unit: 'ms', stats: coldS },
      note: 'Pyralog cold = PRQL compile (prql-js) + rewrite + physical plan + run',
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run(Number(process.argv[2] ?? 10));
  for (const r of results) {
    const cmp = r.compare === undefined ? '' : `   vs ${r.compare.name}: ${r.compare.value.toFixed(2)} ${r.compare.unit} (${(r.value / r.compare.value).toFixed(2)}×)`;
    console.log(`${r.name.padEnd(60)} ${r.value.toFixed(2).padStart(9)} ${r.unit}${cmp}${r.note === undefined ? '' : `  (${r.note})`}`);
  }
}
