/**
 * The recursive fixpoint (WITH RECURSIVE / PRQL loop): emits the base rows,
 * then re-opens the step with `recursive_ref` bound to the previous
 * iteration's rows until an iteration yields nothing. With `distinct`, rows
 * already produced are dropped (UNION semantics, which also makes cyclic
 * graphs terminate). More than `ctx.recursionLimit` iterations raise
 * RECURSION_LIMIT.
 */
import type { DataType } from '../../../types/data-type.js';
import type { RecursiveRel } from '../../../planner/ir/rel.js';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { rowCount, type Chunk } from '../chunk.js';
import { makeKeyTable } from '../hash/key-table.js';
import { newRows } from './distinct.js';
import { conform } from './set-op.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec-node.js';

export function recursiveNode(rel: RecursiveRel, base: ExecNode, step: ExecNode, ctx: ExecContext): ExecNode {
  const types = typesOf(rel.schema);
  return {
    types,
    open: () => recursiveRows(rel, base, step, types, ctx),
  };
}

function* recursiveRows(rel: RecursiveRel, base: ExecNode, step: ExecNode, types: readonly DataType[], ctx: ExecContext): Generator<Chunk> {
  const seen = rel.distinct ? makeKeyTable(types) : null;
  const accept = (c: Chunk): Chunk | null => {
    if (rowCount(c) === 0) return null;
    const conformed = conform(c, types);
    if (seen === null) return conformed;
    const sel = newRows(seen, conformed);
    return sel.length === 0 ? null : { columns: conformed.columns, length: conformed.length, sel };
  };
  const previous = ctx.recursive.get(rel.name);
  try {
    let work: Chunk[] = [];
    for (const c of base.open()) {
      const a = accept(c);
      if (a !== null) { work.push(a); yield a; }
    }
    let iteration = 0;
    while (work.length > 0) {
      iteration++;
      if (iteration > ctx.recursionLimit) {
        throw new PyralogError('RECURSION_LIMIT', `recursive query '${rel.name}' did not reach a fixpoint within ${ctx.recursionLimit} iterations`, {
          phase: 'execute',
          hints: ['add a stopping condition to the recursive step, or use distinct (UNION) semantics for cyclic data'],
          ...(rel.span !== undefined ? { spans: [rel.span] } : {}),
        });
      }
      ctx.recursive.set(rel.name, work);
      const next: Chunk[] = [];
      for (const c of step.open()) {
        const a = accept(c);
        if (a !== null) { next.push(a); yield a; }
      }
      work = next;
    }
  } finally {
    if (previous === undefined) ctx.recursive.delete(rel.name);
    else ctx.recursive.set(rel.name, previous);
  }
}

export function recursiveRefNode(name: string, types: ExecNode['types'], ctx: ExecContext): ExecNode {
  return {
    types,
    open: () => recursiveRefRows(name, ctx),
  };
}

function* recursiveRefRows(name: string, ctx: ExecContext): Generator<Chunk> {
  const rows = ctx.recursive.get(name);
  if (rows === undefined) {
    throw new PyralogError('RECURSIVE_REF_UNBOUND', `recursive reference '${name}' used outside its recursive query`, { phase: 'execute' });
  }
  yield* rows;
}
