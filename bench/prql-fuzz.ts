/**
 * Differential fuzzing of the PRQL front end: N random PRQL pipelines over
 * Chinook (test/prql/query-generator.ts), each run on SQLite (prqlc's SQL)
 * and on Pyralog; prints every mismatch and a summary.
 * Usage: node dist/bench/prql-fuzz.js [count=1000] [seed=1]
 */
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { checkQuery } from '../test/prql/fuzz-check.js';
import { openChinookPyralog } from '../test/prql/pyralog-runner.js';
import { prqlQueryArbitrary } from '../test/prql/query-generator.js';
import { openChinookSqlite } from '../test/prql/sqlite-runner.js';

interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  compare?: { name: string; value: number; unit: string };
  note?: string;
}

export async function run(count = 1000, seed = 1): Promise<BenchResult[]> {
  const sqlite = openChinookSqlite();
  const pyralog = await openChinookPyralog();
  const queries = fc.sample(prqlQueryArbitrary, { numRuns: count, seed });
  const started = performance.now();
  const failures: { query: string; message: string }[] = [];
  for (const q of queries) {
    const outcome = checkQuery(sqlite, pyralog, q);
    if (!outcome.ok) failures.push({ query: outcome.query, message: outcome.message });
  }
  const seconds = (performance.now() - started) / 1000;
  sqlite.close();
  pyralog.close();
  for (const f of failures.slice(0, 20)) console.log(`--- mismatch: ${f.message}\n${f.query}\n`);
  const distinct = new Set(queries).size;
  return [
    { suite: 'prql-fuzz', name: 'queries checked', value: queries.length, unit: 'queries', note: `${distinct} distinct, seed ${seed}` },
    { suite: 'prql-fuzz', name: 'mismatches', value: failures.length, unit: 'queries' },
    { suite: 'prql-fuzz', name: 'throughput', value: queries.length / seconds, unit: 'queries/s', note: 'both engines, per query' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  const results = await run(count, seed);
  console.table(results.map((r) => ({ name: r.name, value: Number(r.value.toFixed(2)), unit: r.unit, note: r.note ?? '' })));
}
