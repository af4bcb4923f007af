/**
 * Compile latency per language: the Batuta/PRQL pairs of test/batuta/plan-pairs.ts
 * (each pair means the same query and reaches the same optimized plan) compiled
 * from text to the optimized logical plan against the Chinook catalog. PRQL is
 * measured on a cache miss (prql-js PRQL → PL → RQ, then lowering; the RQ cache
 * cleared before every sample) and on a hit (lowering only); Batuta has no text
 * cache (read, macro-expand, plan every time). One sample compiles every pair;
 * results are per query (the mean over the pairs).
 */
import { pathToFileURL } from 'node:url';
import { compileBatuta } from '../src/lang/batuta/index.js';
import { clearPrqlCaches, compilePrql } from '../src/lang/prql/index.js';
import { optimize } from '../src/planner/optimizer.js';
import { PLAN_PAIRS } from '../test/batuta/plan-pairs.js';
import { chinookCatalog } from '../test/prql/chinook-schema.js';
import { measureAll, perOp } from './lib/harness.js';
import { fromStats, US } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'compile';

export async function run(): Promise<BenchResult[]> {
  const catalog = chinookCatalog();
  const pairs = PLAN_PAIRS.map((p) => ({ ...p, options: p.params === undefined ? {} : { params: p.params } }));
  const prql = (): void => {
    for (const p of pairs) optimize(compilePrql(p.prql, catalog, p.options), { trace: false });
  };
  const m = await measureAll(
    {
      batuta: () => {
        for (const p of pairs) optimize(compileBatuta(p.batuta, catalog, p.options), { trace: false });
      },
      prqlMiss: { beforeEach: clearPrqlCaches, fn: prql },
      prqlHit: { beforeEach: prql, fn: prql },
    },
    { iterations: 10, time: 500, warmup: 2 },
  );
  const n = pairs.length;
  const per = (k: 'batuta' | 'prqlMiss' | 'prqlHit') => perOp(m[k]!, n);
  const note = `mean over ${n} pairs of test/batuta/plan-pairs.ts, text → optimized logical plan`;
  return [
    fromStats(SUITE, 'Batuta: read + expand + plan + optimize', per('batuta'), US, { compare: { name: 'PRQL, cache miss', stats: per('prqlMiss') }, note }),
    fromStats(SUITE, 'PRQL: prql-js + lower + optimize (cache miss)', per('prqlMiss'), US, { note }),
    fromStats(SUITE, 'PRQL: lower + optimize (RQ cache hit)', per('prqlHit'), US, { compare: { name: 'cache miss', stats: per('prqlMiss') }, note }),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
