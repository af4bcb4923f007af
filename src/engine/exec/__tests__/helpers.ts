/** Shared builders for the executor tests: literal relations and one-call runners. */
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Expr } from '../../../planner/ir/expr.js';
import type { Rel } from '../../../planner/ir/rel.js';
import { Project, Values } from '../../../planner/ir/index.js';
import { executeRel, type ExecOptions } from '../index.js';

/** A Values relation with nullable fields `name:type`. */
export function rel(fields: readonly (readonly [string, DataType])[], rows: readonly (readonly Scalar[])[]): Rel {
  return Values.create({ fields: fields.map(([name, type]) => ({ name, type, nullable: true })) }, rows);
}

/** Rows (as arrays) of `r`. */
export function run(r: Rel, options: ExecOptions = {}): Scalar[][] {
  return executeRel(r, options).arrays();
}

/** Evaluates each expression over the rows of `input`; returns one value list per expression. */
export function evalExprs(input: Rel, exprs: readonly Expr[], options: ExecOptions = {}): Scalar[][] {
  const p = Project.create(input, exprs.map((expr, i) => ({ expr, name: `e${i}` })));
  const rows = run(p, options);
  return exprs.map((_, j) => rows.map((r) => r[j] ?? null));
}

/** Value of one expression over a single-row empty-column input. */
export function evalOne(expr: Expr, options: ExecOptions = {}): Scalar {
  const one = rel([['dummy', 'int64']], [[0n]]);
  return (evalExprs(one, [expr], options)[0] as Scalar[])[0] ?? null;
}
