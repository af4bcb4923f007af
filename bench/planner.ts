/**
 * Planner benchmarks: time to build, optimize and physically plan a 6-way
 * star join (a fact table and five dimensions, all join conditions and
 * filters written in one WHERE above a cross product, as a naive front end
 * would lower them). Goal: build + optimize under 1 ms. Reported as the mean
 * over many iterations after a warm-up, best of a few rounds (shared machine).
 */
import { pathToFileURL } from 'node:url';
import { and, col, eq, gt, lit, named } from '../src/planner/ir/expr-builders.js';
import { Filter, Join, Project, Scan } from '../src/planner/ir/index.js';
import type { Rel } from '../src/planner/ir/rel.js';
import { optimize } from '../src/planner/optimizer.js';
import { toPhysical } from '../src/planner/physical/to-physical.js';
import type { PhysicalCatalog } from '../src/planner/physical/catalog.js';
import type { Schema } from '../src/types/schema.js';

export interface BenchResult {
  readonly suite: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly compare?: { readonly name: string; readonly value: number; readonly unit: string };
  readonly note?: string;
}

const SUITE = 'planner';
const ITERATIONS = 2000;
const ROUNDS = 3;
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

function meanMicros(fn: () => void): number {
  for (let i = 0; i < 200; i++) fn();
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS);
  }
  return best;
}

export async function run(): Promise<BenchResult[]> {
  const plan = buildStarJoin();
  const optimized = optimize(plan, { trace: false }).rel;
  const build = meanMicros(() => buildStarJoin());
  const opt = meanMicros(() => optimize(plan, { trace: false }));
  const phys = meanMicros(() => toPhysical(optimized, catalog));
  const total = meanMicros(() => toPhysical(optimize(buildStarJoin(), { trace: false }).rel, catalog));
  const note = (v: number): string => (v < 1000 ? 'under the 1 ms goal' : 'OVER the 1 ms goal');
  return [
    { suite: SUITE, name: '6-way join: build plan', value: build, unit: 'µs' },
    { suite: SUITE, name: '6-way join: optimize', value: opt, unit: 'µs' },
    { suite: SUITE, name: '6-way join: build + optimize', value: build + opt, unit: 'µs', note: note(build + opt) },
    { suite: SUITE, name: '6-way join: toPhysical (DP join order)', value: phys, unit: 'µs' },
    { suite: SUITE, name: '6-way join: build + optimize + toPhysical', value: total, unit: 'µs' },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await run();
  const rows = results.map((r) => [r.name, `${r.value.toFixed(1)} ${r.unit}`, r.note ?? '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | '));
}
