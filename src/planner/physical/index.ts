/** The physical planning stage's entry: toPhysical, its catalog interface, and EXPLAIN printing. */
export type {
  AccessPath,
  AccessPathOf,
  JoinStrategy,
  KeyBoundOf,
  LiteralRef,
  Operand,
  ParamRef,
  ParameterizedAccessPath,
  PhysicalPlan,
  PlanValue,
  PredicateOf,
  ResolvedAccessPath,
  ScanCondition,
  ZoneOp,
} from './plan.js';
export type { PhysicalCatalog } from './catalog.js';
export { toPhysical, chooseJoinStrategy, type PlannedPhysical, type ToPhysicalOptions } from './to-physical.js';
export {
  bindAccessPath,
  chooseAccessPath,
  choosePath,
  resolveCondition,
  resolvePath,
  scanCondition,
  MAX_POINT_KEYS,
  type ParamBinder,
} from './access-path.js';
export { coerceComparison, coerceInList, type Coerced, type CompareOp } from './coerce-comparison.js';
export { makeEstimator, type Estimator } from './estimate.js';
export { reorderJoins, DP_LIMIT } from './join-reorder.js';
export { explainPhysical, printPhysicalPlan, printAccessPath } from './explain.js';
