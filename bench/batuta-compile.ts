/**
 * Batuta compile latency: read + macro-expand + plan (logical IR, then the
 * rewrite rules) of typical queries, from built JS, per query after warm-up.
 * Goal: < 0.5 ms each (prql-js alone takes ~20 ms per compile).
 * Usage: node dist/bench/batuta-compile.js [iterations=2000]
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { compileBatuta } from '../src/lang/batuta/index.js';
import { optimize } from '../src/planner/optimizer.js';
import { benchCatalog } from './batuta-catalog.js';

interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

const QUERIES: Readonly<Record<string, string>> = {
  'filter-select': '(|> (from :tracks) (where (> :milliseconds 300000)) (select [:track_id :name]))',
  'group-order-limit': '(|> (from :tracks) (group-by [:album_id] {:n (count) :ms (sum :milliseconds)}) (order-by [:n :desc]) (limit 10))',
  'join-3': '(|> (from :tracks :as :t) (join (from :albums :as :a) :on (= :t/album_id :a/album_id)) (join (from :artists :as :r) :on (= :a/artist_id :r/artist_id)) (where (= :r/name "AC/DC")) (select [:t/name :a/title]))',
  'defn-inlined': '(defn minutes [ms] (/ ms 60000.0))\n(defn long-tracks [m] (|> (from :tracks) (where (> (minutes :milliseconds) m))))\n(|> (long-tracks 5) (derive {:min (minutes :milliseconds)}) (order-by [:min :desc]))',
  'macro-window': '(defmacro top [rel k n] `(|> ~rel (order-by [~k :desc]) (limit ~n)))\n(|> (from :invoices) (window {:partition [:customer_id] :order [:invoice_date]} {:running (sum :total)}) (top :running 5))',
};

export async function run(iterations = 2000): Promise<BenchResult[]> {
  const catalog = benchCatalog();
  const results: BenchResult[] = [];
  for (const [name, text] of Object.entries(QUERIES)) {
    for (let i = 0; i < 200; i++) optimize(compileBatuta(text, catalog), { trace: false });
    let t0 = performance.now();
    for (let i = 0; i < iterations; i++) compileBatuta(text, catalog);
    const compileMs = (performance.now() - t0) / iterations;
    t0 = performance.now();
    for (let i = 0; i < iterations; i++) optimize(compileBatuta(text, catalog), { trace: false });
    const planMs = (performance.now() - t0) / iterations;
    results.push({
      suite: 'batuta-compile',
      name: `${name}: read+expand+plan+optimize`,
      value: planMs,
      unit: 'ms',
      compare: { name: 'goal', value: 0.5, unit: 'ms' },
      note: `read+expand+plan alone ${compileMs.toFixed(3)} ms`,
    });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run(Number(process.argv[2] ?? 2000));
  console.table(results.map((r) => ({ name: r.name, ms: Number(r.value.toFixed(4)), note: r.note ?? '' })));
}
