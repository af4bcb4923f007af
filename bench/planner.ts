/**
 * Planner benchmarks: time to build, optimize and physically plan a 6-way
 * star join (a fact table and five dimensions, all join conditions and
 * filters written in one WHERE above a cross product, as a naive front end
 * would lower them). Goal: build + optimize under 1 ms (shown as the
 * comparison). tinybench samples of batches of calls, per call.
 */
import { pathToFileURL } from 'node:url';
import { and, col, eq, gt, lit, named } from '../src/planner/ir/expr-builders.js';
import { Filter, Join, Project, Scan } from '../src/planner/ir/index.js';
import type { Rel } from '../src/planner/ir/rel.js';
import { optimize } from '../src/planner/optimizer.js';
import { toPhysical } from '../src/planner/physical/to-physical.js';
import type { PhysicalCatalog } from '../src/planner/physical/catalog.js';
import type { Schema } from '../src/types/schema.js';
import { measure, perOp, QUICK, statsOf, type Stats } from './lib/harness.js';
import { fromStats, US } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

const SUITE = 'planner';
const DIMENSIONS = 5;

const factSchema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    ...Array.from({ length: DIMENSIONS }, (_, i) => ({ name: `d${i}_id`, type: 'int64' as const, nullable: false })),
    { name: 'amount', type: 'float64', nullable: true },
  ],
  key: [0],
};
const dimSchema: Schema = {
  fields: [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'label', type: 'utf8', nullable: false },
    { name: 'weight', type: 'float64', nullable: true },
  ],
  key: [0],
};

const catalog: PhysicalCatalog = {
  table: (name) => {
    const schema = name === 'fact' ? factSchema : dimSchema;
    return { name, id: 1, version: 1, fields: schema.fields, primaryKey: ['id'], foreignKeys: [], schema };
  },
  stats: (name) => ({ rowCount: name === 'fact' ? 1_000_000 : 10 ** (1 + Number(name.slice(3))), segmentCount: 4, memtableRows: 0, columns: {} }),
};

/** fact × dim0 × … × dim4 with every condition in one filter, projecting a few columns. */
export function buildStarJoin(): Rel {
  let rel: Rel = Scan.create('fact', factSchema);
  const conditions = [];
  for (let d = 0; d < DIMENSIONS; d++) {
    const offset = rel.schema.fields.length;
    rel = Join.create(rel, Scan.create(`dim${d}`, dimSchema), 'cross', null);
    conditions.push(eq(col(1 + d), col(offset)));
  }
  const last = rel.schema.fields.length - 3;
  const where = and(...conditions, gt(col(6), lit(10.0)), eq(col(last + 1), lit('x')));
  return Project.create(Filter.create(rel, where), [named(col(0), 'id'), named(col(6), 'amount'), named(col(last + 1), 'label')]);
}

/** Stats of one call of `fn`, tinybench samples of batches of 200 calls. */
async function perCall(fn: () => void): Promise<Stats> {
  const n = QUICK ? 10 : 200;
  return perOp(await measure(() => {
    for (let i = 0; i < n; i++) fn();
  }, { warmup: 1 }), n);
}

export async function run(): Promise<BenchResult[]> {
  const plan = buildStarJoin();
  const optimized = optimize(plan, { trace: false }).rel;
  const m = {
    build: await perCall(() => buildStarJoin()),
    optimize: await perCall(() => optimize(plan, { trace: false })),
    buildOptimize: await perCall(() => optimize(buildStarJoin(), { trace: false })),
    physical: await perCall(() => toPhysical(optimized, catalog)),
    total: await perCall(() => toPhysical(optimize(buildStarJoin(), { trace: false }).rel, catalog)),
  };
  const goal = statsOf([1], 0);
  return [
    fromStats(SUITE, '6-way join: build plan', m.build, US),
    fromStats(SUITE, '6-way join: optimize', m.optimize, US),
    fromStats(SUITE, '6-way join: build + optimize', m.buildOptimize, US, { compare: { name: 'goal (1 ms)', stats: goal } }),
    fromStats(SUITE, '6-way join: toPhysical (DP join order)', m.physical, US),
    fromStats(SUITE, '6-way join: build + optimize + toPhysical', m.total, US),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { printResults } = await import('./run.js');
  console.log(printResults(await run()));
}
