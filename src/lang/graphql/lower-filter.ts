/**
 * `where` (a `T_bool_exp`) as one predicate over a level: column comparisons
 * (`_eq _neq _gt _gte _lt _lte _in _nin _is_null`, text `_like _nlike _ilike
 * _nilike`), `_and _or _not`, and relationships. A relationship condition is
 * an existence flag: the related table filtered by the nested condition,
 * reduced to its distinct join keys and left-joined, so it works anywhere in
 * the boolean tree (the optimizer turns a top-level one into an inner join).
 * An object relationship holds when its row matches; an array relationship
 * when some related row does.
 */
import type { ASTNode } from 'graphql';
import { Distinct, Filter, Project, call, col, inList, isNotNull, lit, not, and, or, type Expr } from '../../planner/ir/index.js';
import type { GqlColumn } from './catalog-model.js';
import { GraphqlLoweringError } from './graphql-errors.js';
import { Level, relatedTable, type LowerContext } from './level.js';
import { inputScalar } from './scalars.js';

type BoolExp = Readonly<Record<string, unknown>>;

const COMPARE: Readonly<Record<string, string>> = { _eq: 'eq', _neq: 'ne', _gt: 'gt', _gte: 'ge', _lt: 'lt', _lte: 'le' };

function comparison(level: Level, c: GqlColumn, ops: BoolExp, node: ASTNode): Expr[] {
  const lhs = level.column(c);
  const value = (v: unknown, op: string): Expr => {
    if (v === null || v === undefined) {
      throw new GraphqlLoweringError('GRAPHQL_UNSUPPORTED', `${c.name}: ${op} with null compares with nothing; use _is_null`, [node]);
    }
    return lit(inputScalar(v, c.type), c.type);
  };
  const out: Expr[] = [];
  for (const [op, v] of Object.entries(ops)) {
    const fn = COMPARE[op];
    if (fn !== undefined) out.push(call(fn, lhs, value(v, op)));
    else if (op === '_in' || op === '_nin') {
      const list = (v as readonly unknown[] | null) ?? [];
      if (v === null) throw new GraphqlLoweringError('GRAPHQL_UNSUPPORTED', `${c.name}: ${op} with null; give a list`, [node]);
      out.push(list.length === 0 ? lit(op === '_nin') : inList(lhs, list.map((x) => value(x, op)), op === '_nin'));
    } else if (op === '_is_null') {
      if (v !== null) out.push(call(v === true ? 'is_null' : 'is_not_null', lhs));
    } else if (op === '_like' || op === '_ilike') out.push(call(op.slice(1), lhs, value(v, op)));
    else if (op === '_nlike' || op === '_nilike') out.push(not(call(op.slice(2), lhs, value(v, op))));
  }
  return out;
}

/** The predicate of `where` over `level` (joining relationship flags into it); null when it is empty. */
export function lowerWhere(ctx: LowerContext, level: Level, where: BoolExp | null | undefined, node: ASTNode): Expr | null {
  if (where === null || where === undefined) return null;
  const parts: Expr[] = [];
  for (const [key, v] of Object.entries(where)) {
    if (v === undefined) continue;
    if (key === '_and' || key === '_or') {
      const items = ((v as readonly BoolExp[] | null) ?? []).map((w) => lowerWhere(ctx, level, w, node) ?? lit(true));
      parts.push(key === '_and' ? and(...items) : items.length === 0 ? lit(false) : or(...items));
      continue;
    }
    if (key === '_not') {
      if (v !== null) parts.push(not(lowerWhere(ctx, level, v as BoolExp, node) ?? lit(true)));
      continue;
    }
    if (v === null) throw new GraphqlLoweringError('GRAPHQL_UNSUPPORTED', `${key}: a null condition; leave the field out instead`, [node]);
    const c = level.table.columnByName.get(key);
    if (c !== undefined) {
      parts.push(...comparison(level, c, v as BoolExp, node));
      continue;
    }
    const rel = level.table.relationships.get(key);
    if (rel === undefined) throw new GraphqlLoweringError('GRAPHQL_VALIDATION_FAILED', `${level.table.name}_bool_exp has no field ${key}`, [node]);
    const target = Level.scan(ctx, relatedTable(ctx, rel));
    const pred = lowerWhere(ctx, target, v as BoolExp, node);
    if (pred !== null) target.update((r) => Filter.create(r, pred));
    const keys = Project.create(
      target.rel,
      rel.pairs.map((p) => ({ expr: col(p.remote, target.table.schema.fields[p.remote]?.name), name: target.table.schema.fields[p.remote]?.name ?? `k${p.remote}` })),
    );
    const offset = level.leftJoin(Distinct.create(keys), rel.pairs, rel.pairs.map((_, i) => i));
    parts.push(isNotNull(col(offset, `${key}_exists`)));
  }
  return parts.length === 0 ? null : and(...parts);
}
