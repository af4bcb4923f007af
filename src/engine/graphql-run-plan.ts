/**
 * Runs the read plans of a GraphQL request: each plan optimized once (kept
 * beside the plan for re-runs, e.g. a subscription after every commit),
 * physically planned against the snapshot's statistics and executed in that
 * snapshot; rows come back as arrays in output column order.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import { Limit, type Rel } from '../planner/ir/index.js';
import { optimize } from '../planner/optimizer.js';
import { toPhysical } from '../planner/physical/index.js';
import type { Snapshot } from '../storage/api.js';
import type { Scalar } from '../types/data-type.js';
import { SnapshotCatalog } from './catalog-view.js';
import type { Database } from './database.js';
import { collect } from './exec/index.js';

export interface PlanRunner {
  readonly snapshot: Snapshot;
  readonly catalog: SnapshotCatalog;
}

const optimized = new WeakMap<Rel, Rel>();

/** `rel` after the rewrite rules (computed once per plan object). */
export function optimizedPlan(rel: Rel): Rel {
  let o = optimized.get(rel);
  if (o === undefined) {
    o = optimize(rel, { trace: false }).rel;
    optimized.set(rel, o);
  }
  return o;
}

const limitedPlans = new WeakMap<Rel, { readonly limit: number; readonly rel: Rel }>();

/** `rel` under a Limit (the same object for the same plan and limit, so its optimized form is kept). */
function limitedPlan(rel: Rel, limit: number): Rel {
  const known = limitedPlans.get(rel);
  if (known !== undefined && known.limit === limit) return known.rel;
  const limited = Limit.create(rel, 0, limit);
  limitedPlans.set(rel, { limit, rel: limited });
  return limited;
}

export function withSnapshot<T>(db: Database, fn: (run: PlanRunner) => T): T {
  const snapshot = db.snapshot();
  try {
    return fn({ snapshot, catalog: new SnapshotCatalog(snapshot) });
  } finally {
    snapshot.close();
  }
}

/** The refusal of a response past `maxRows` rows. */
export function tooManyRows(maxRows: number): PyralogError {
  return new PyralogError('GRAPHQL_LIMIT_EXCEEDED', `the response holds more than ${maxRows} rows (maxRows, root fields and nested lists together); add limits`, { phase: 'execute' });
}

/**
 * The rows of `rel`; GRAPHQL_LIMIT_EXCEEDED when there are more than
 * `maxRows` (the rows left of the request's budget `total`, which the error names).
 */
export function runReadPlan(run: PlanRunner, rel: Rel, maxRows?: number, total: number | undefined = maxRows): Scalar[][] {
  const limited = maxRows === undefined ? rel : limitedPlan(rel, Math.max(maxRows, 0) + 1);
  const physical = toPhysical(optimizedPlan(limited), run.catalog.physical());
  const rows = collect(physical, { snapshot: run.snapshot }).arrays();
  if (maxRows !== undefined && rows.length > maxRows) throw tooManyRows(total ?? maxRows);
  return rows;
}
