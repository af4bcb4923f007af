/**
 * The logical IR's public entry: node and expression types, the companion
 * constructors that derive and check schemas, expression builders and
 * utilities, type inference, the function registry, and composition.
 */
export type * from './expr.js';
export type * from './rel.js';
export type { TypeInfo } from './type-rules.js';
export { unifyTypes, unifyAll, comparable, castAllowed, isOrdered, typeOfValue, valueFitsType } from './type-rules.js';
export { lookupFunction, functionNames, DATE_UNIT_NAMES, type FunctionDef } from './functions.js';
export { inferExpr, inferAggregate, inferWindow, expectBool } from './infer.js';
export * from './expr-builders.js';
export * from './expr-utils.js';
export { sameShape, sameTypes, fitsSchema, describeSchema, makeField, makeSchema } from './schema-utils.js';
export { childrenOf } from './children.js';
export { withChildren } from './with-children.js';
export { printPlan, printExpr, printNode, printScalar, type PrintOptions } from './print.js';
export { planError } from './plan-error.js';
export { serializeRel, deserializeRel, serializeExpr, deserializeExpr } from './serialize.js';
export { compose, morphism, pipe, type Morphism, type Step } from './compose.js';
export { Scan, type ScanOptions } from './nodes/scan.js';
export { Values } from './nodes/values.js';
export { Filter } from './nodes/filter.js';
export { Project } from './nodes/project.js';
export { Aggregate } from './nodes/aggregate.js';
export { Join, extractEquiKeys, joinSchema } from './nodes/join.js';
export { Sort } from './nodes/sort.js';
export { Limit } from './nodes/limit.js';
export { Window } from './nodes/window.js';
export { Distinct } from './nodes/distinct.js';
export { SetOp, unifySchemas } from './nodes/set-op.js';
export { Recursive } from './nodes/recursive.js';
export { RecursiveRef } from './nodes/recursive-ref.js';
