/** The physical planning stage's entry: toPhysical, its catalog interface, and EXPLAIN printing. */
export type { AccessPath, JoinStrategy, PhysicalPlan } from './plan.js';
export type { PhysicalCatalog } from './catalog.js';
export { toPhysical, chooseJoinStrategy, type PlannedPhysical, type ToPhysicalOptions } from './to-physical.js';
export { chooseAccessPath, toZonePredicate, MAX_POINT_KEYS } from './access-path.js';
export { makeEstimator, type Estimator } from './estimate.js';
export { reorderJoins, DP_LIMIT } from './join-reorder.js';
export { explainPhysical, printPhysicalPlan, printAccessPath } from './explain.js';
