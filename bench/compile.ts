/**
 * Compile latency per language: the triples of test/graphql/plan-triples.ts
 * (a GraphQL request, a PRQL query and a Batuta program that mean the same
 * rows and reach the same optimized plan) compiled from text on the Chinook
 * database. PRQL and Batuta: text → optimized logical plan through the
 * language registry; PRQL on a cache miss (prql-js PRQL → PL → RQ, then
 * lowering; the RQ cache cleared before every sample) and on a hit (lowering
 * only); Batuta has no text cache. GraphQL: `prepareGraphql` as the server
 * calls it (parse, validate against the database's cached schema, lower,
 * optimize). One sample compiles every triple; results are per query.
 */
import { pathToFileURL } from 'node:url';
import { SnapshotCatalog } from '../src/engine/catalog-view.js';
import { prepareGraphql } from '../src/engine/graphql-request.js';
import { getLanguage } from '../src/index.js';
import { clearPrqlCaches } from '../src/lang/prql/index.js';
import { optimize } from '../src/planner/optimizer.js';
import { openChinookGraphql } from '../test/graphql/chinook-graphql.js';
import { PLAN_TRIPLES } from '../test/graphql/plan-triples.js';
import { measureAll, perOp, type Stats } from './lib/harness.js';
import { fromStats, US } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'compile';
const PER_QUERY = { label: 'µs/query', of: US.of };

export async function run(): Promise<BenchResult[]> {
  const db = await openChinookGraphql();
  const snapshot = db.snapshot();
  try {
    const catalog = new SnapshotCatalog(snapshot);
    const each = (lang: 'prql' | 'batuta') => (): void => {
      const language = getLanguage(lang);
      for (const t of PLAN_TRIPLES) optimize(language.compile(t[lang], catalog), { trace: false });
    };
    const graphql = (): void => {
      for (const t of PLAN_TRIPLES) {
        if ('errors' in prepareGraphql(db, { query: t.graphql })) throw new Error(`GraphQL rejected the triple ${t.name}`);
      }
    };
    const m = await measureAll(
      {
        batuta: each('batuta'),
        prqlMiss: { beforeEach: clearPrqlCaches, fn: each('prql') },
        prqlHit: { beforeEach: each('prql'), fn: each('prql') },
        graphql,
      },
      { iterations: 10, time: 500, warmup: 2 },
    );
    const n = PLAN_TRIPLES.length;
    const per = (k: string): Stats => perOp(m[k]!, n);
    const note = `mean over the ${n} triples of test/graphql/plan-triples.ts`;
    const vsPrql = { name: 'PRQL, cache miss', stats: per('prqlMiss') };
    return [
      fromStats(SUITE, 'Batuta: read + expand + plan + optimize', per('batuta'), PER_QUERY, { compare: vsPrql, note }),
      fromStats(SUITE, 'GraphQL: prepareGraphql (parse + validate + lower + optimize)', per('graphql'), PER_QUERY, { compare: vsPrql, note: `${note}; schema cached per database as the server uses it` }),
      fromStats(SUITE, 'PRQL: prql-js + lower + optimize (cache miss)', per('prqlMiss'), PER_QUERY, { note }),
      fromStats(SUITE, 'PRQL: lower + optimize (RQ cache hit)', per('prqlHit'), PER_QUERY, { compare: { name: 'cache miss', stats: per('prqlMiss') }, note }),
    ];
  } finally {
    snapshot.close();
    db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
