/**
 * Batuta compile latency: read + macro-expand + plan (logical IR, then the
 * rewrite rules) of typical queries, from built JS, per query after warm-up.
 * Goal: < 0.5 ms each (prql-js alone takes ~20 ms per compile). tinybench
 * samples of batches of 200 compiles, per compile.
 */
import { pathToFileURL } from 'node:url';
import { compileBatuta } from '../src/lang/batuta/index.js';
import { optimize } from '../src/planner/optimizer.js';
import { benchCatalog } from './batuta-catalog.js';
import { measureAll, perOp, QUICK, statsOf } from './lib/harness.js';
import { fromStats, MS } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const QUERIES: Readonly<Record<string, string>> = {
  'filter-select': '(|> (from :tracks) (where (> :milliseconds 300000)) (select [:track_id :name]))',
  'group-order-limit': '(|> (from :tracks) (group-by [:album_id] {:n (count) :ms (sum :milliseconds)}) (order-by [:n :desc]) (limit 10))',
  'join-3': '(|> (from :tracks :as :t) (join (from :albums :as :a) :on (= :t/album_id :a/album_id)) (join (from :artists :as :r) :on (= :a/artist_id :r/artist_id)) (where (= :r/name "AC/DC")) (select [:t/name :a/title]))',
  'defn-inlined': '(defn minutes [ms] (/ ms 60000.0))\n(defn long-tracks [m] (|> (from :tracks) (where (> (minutes :milliseconds) m))))\n(|> (long-tracks 5) (derive {:min (minutes :milliseconds)}) (order-by [:min :desc]))',
  'macro-window': '(defmacro top [rel k n] `(|> ~rel (order-by [~k :desc]) (limit ~n)))\n(|> (from :invoices) (window {:partition [:customer_id] :order [:invoice_date]} {:running (sum :total)}) (top :running 5))',
};

export async function run(): Promise<BenchResult[]> {
  const catalog = benchCatalog();
  const results: BenchResult[] = [];
  const goal = statsOf([0.5], 0);
  const n = QUICK ? 10 : 200;
  for (const [name, text] of Object.entries(QUERIES)) {
    const m = await measureAll(
      {
        compile: () => {
          for (let i = 0; i < n; i++) compileBatuta(text, catalog);
        },
        plan: () => {
          for (let i = 0; i < n; i++) optimize(compileBatuta(text, catalog), { trace: false });
        },
      },
      { warmup: 1 },
    );
    const plan = perOp(m['plan']!, n);
    const compile = perOp(m['compile']!, n);
    results.push(fromStats('batuta-compile', `${name}: read+expand+plan+optimize`, plan, MS, { compare: { name: 'goal', stats: goal }, note: `read+expand+plan alone ${compile.median.toFixed(3)} ms` }));
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
