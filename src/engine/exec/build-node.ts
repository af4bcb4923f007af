/**
 * Compiles a logical/physical plan tree once into a tree of ExecNodes: picks
 * the operator for each Rel kind (a sort under a limit becomes top-k) and
 * compiles every expression it holds.
 */
import type { Rel } from '../../planner/ir/rel.js';
import type { Expr } from '../../planner/ir/expr.js';
import { referencedColumns } from '../../planner/ir/expr-utils.js';
import { assertNever } from '../../errors/pyralog-error.js';
import { typesOf, type ExecContext, type ExecNode } from './exec-node.js';
import { valuesNode } from './operators/values.js';
import { scanNode } from './operators/scan.js';
import { filterNode } from './operators/filter.js';
import { projectNode } from './operators/project.js';
import { aggregateNode } from './operators/aggregate.js';
import { parallelAggregateNode } from '../parallel/parallel-aggregate.js';
import { parallelTopKNode } from '../parallel/parallel-top-k.js';
import { joinNode } from './operators/join.js';
import { sortNode } from './operators/sort.js';
import { topKNode } from './operators/top-k.js';
import { limitNode } from './operators/limit.js';
import { windowNode } from './operators/window.js';
import { distinctNode } from './operators/distinct.js';
import { setOpNode } from './operators/set-op.js';
import { recursiveNode, recursiveRefNode } from './operators/recursive.js';

/**
 * The input of a project/aggregate, which reads only the columns `reads`
 * reference: a join input then skips materialising the other columns.
 */
function buildInput(input: Rel, reads: readonly Expr[], ctx: ExecContext): ExecNode {
  if (input.kind !== 'join') return buildNode(input, ctx);
  const used = new Set(reads.flatMap((e) => referencedColumns(e)));
  return joinNode(buildNode(input.left, ctx), buildNode(input.right, ctx), input, ctx, used);
}

export function buildNode(rel: Rel, ctx: ExecContext): ExecNode {
  switch (rel.kind) {
    case 'scan':
      return scanNode(rel, ctx);
    case 'values':
      return valuesNode(rel, ctx);
    case 'filter':
      return filterNode(buildNode(rel.input, ctx), rel.predicate, ctx);
    case 'project':
      return projectNode(buildInput(rel.input, rel.exprs.map((e) => e.expr), ctx), rel.exprs, typesOf(rel.schema), ctx);
    case 'aggregate': {
      const reads = [
        ...rel.groupBy.map((g) => g.expr),
        ...rel.aggregates.flatMap((a) => (a.filter === null ? a.args : [...a.args, a.filter])),
      ];
      const serial = (): ExecNode => aggregateNode(buildInput(rel.input, reads, ctx), rel, ctx);
      // Large scans of covered shapes run morsel-driven on the worker pool (engine/parallel).
      // Below the threshold the batches already read are replayed through the same filter (if any) into the serial aggregate.
      const input = rel.input;
      const overScan = (scanned: ExecNode): ExecNode =>
        aggregateNode(input.kind === 'filter' ? filterNode(scanned, input.predicate, ctx) : scanned, rel, ctx);
      return parallelAggregateNode(rel, ctx, serial, overScan) ?? serial();
    }
    case 'join':
      return joinNode(buildNode(rel.left, ctx), buildNode(rel.right, ctx), rel, ctx);
    case 'sort':
      return sortNode(buildNode(rel.input, ctx), rel.keys, ctx);
    case 'limit':
      if (rel.input.kind === 'sort' && rel.limit !== null) {
        const sort = rel.input;
        const limit = rel.limit;
        const topK = (input: ExecNode): ExecNode => topKNode(input, sort.keys, rel.offset, limit, ctx);
        const serial = (): ExecNode => topK(buildNode(sort.input, ctx));
        // A large scan under a numeric sort runs morsel-driven on the worker pool (engine/parallel).
        return (sort.input.kind === 'scan' ? parallelTopKNode(sort.input, sort.keys, rel.offset + limit, ctx, serial, topK) : null) ?? serial();
      }
      return limitNode(buildNode(rel.input, ctx), rel.offset, rel.limit);
    case 'window':
      return windowNode(buildNode(rel.input, ctx), rel, ctx);
    case 'distinct':
      return distinctNode(buildNode(rel.input, ctx));
    case 'set_op':
      return setOpNode(rel.op, buildNode(rel.left, ctx), buildNode(rel.right, ctx), typesOf(rel.schema));
    case 'recursive':
      return recursiveNode(rel, buildNode(rel.base, ctx), buildNode(rel.step, ctx), ctx);
    case 'recursive_ref':
      return recursiveRefNode(rel.name, typesOf(rel.schema), ctx);
    default:
      return assertNever(rel, 'relation');
  }
}
