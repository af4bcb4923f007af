/**
 * The physical planning stage: reorder inner joins by estimated cost, then
 * choose an access path for every scan and a strategy for every join (hash
 * join on equi-keys building the smaller estimated input, nested loop
 * otherwise). The result is what the engine executes.
 */
import { childrenOf } from '../ir/children.js';
import type { JoinRel, Rel, ScanRel } from '../ir/rel.js';
import type { TableInfo } from '../../storage/api.js';
import { chooseAccessPath } from './access-path.js';
import type { PhysicalCatalog } from './catalog.js';
import { makeEstimator, type Estimator } from './estimate.js';
import { reorderJoins } from './join-reorder.js';
import type { AccessPath, JoinStrategy, PhysicalPlan } from './plan.js';

export interface ToPhysicalOptions {
  /** Rebuild inner-join trees in their cheapest order (default true). */
  readonly reorderJoins?: boolean;
}

/** A physical plan with the estimator used to make it (explain prints its row estimates). */
export interface PlannedPhysical extends PhysicalPlan {
  readonly estimator: Estimator;
}

function tableInfo(catalog: PhysicalCatalog, name: string): TableInfo | undefined {
  try {
    return catalog.table(name);
  } catch {
    return undefined;
  }
}

export function chooseJoinStrategy(join: JoinRel, est: Estimator): JoinStrategy {
  if (join.equiKeys.length === 0) return { algorithm: 'nested_loop', buildSide: 'right' };
  return { algorithm: 'hash', buildSide: est.rows(join.left) < est.rows(join.right) ? 'left' : 'right' };
}

export function toPhysical(rel: Rel, catalog: PhysicalCatalog, options: ToPhysicalOptions = {}): PlannedPhysical {
  const estimator = makeEstimator(catalog);
  const root = options.reorderJoins === false ? rel : reorderJoins(rel, estimator);
  const access = new Map<ScanRel, AccessPath>();
  const joins = new Map<JoinRel, JoinStrategy>();
  const scanRowLimits = new Map<ScanRel, number>();
  const visit = (r: Rel): void => {
    if (r.kind === 'limit' && r.limit !== null) {
      let below = r.input;
      while (below.kind === 'project') below = below.input;
      if (below.kind === 'scan') scanRowLimits.set(below, r.offset + r.limit);
    }
    if (r.kind === 'scan' && !access.has(r)) access.set(r, chooseAccessPath(r, tableInfo(catalog, r.table)));
    if (r.kind === 'join' && !joins.has(r)) joins.set(r, chooseJoinStrategy(r, estimator));
    for (const c of childrenOf(r)) visit(c);
  };
  visit(root);
  return { root, access, joins, scanRowLimits, estimator };
}
