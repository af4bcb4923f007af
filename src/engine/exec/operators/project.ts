/**
 * The project operator: evaluates each compiled output expression over the
 * chunk; plain column references pass the input column through untouched and
 * the selection vector is kept.
 */
import type { NamedExpr } from '../../../planner/ir/expr.js';
import type { DataType } from '../../../types/data-type.js';
import { retype } from '../column.js';
import { rowCount, type Chunk } from '../chunk.js';
import { compileExpr } from '../expr/compile-expr.js';
import type { CompiledExpr } from '../expr/kernel-util.js';
import type { ExecContext, ExecNode } from '../exec-node.js';

export function projectNode(input: ExecNode, exprs: readonly NamedExpr[], types: readonly DataType[], ctx: ExecContext): ExecNode {
  const compiled = exprs.map((e) => compileExpr(e.expr, input.types, ctx));
  return {
    types,
    open: () => projectRows(input, compiled, types),
  };
}

function* projectRows(input: ExecNode, compiled: readonly CompiledExpr[], types: readonly DataType[]): Generator<Chunk> {
  for (const c of input.open()) {
    if (rowCount(c) === 0) continue;
    const columns = compiled.map((e, j) => retype(e.eval(c), types[j] ?? e.type));
    yield { columns, length: c.length, sel: c.sel };
  }
}
