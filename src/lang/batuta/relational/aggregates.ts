/**
 * group-by and aggregate: `{:name expr}` entries whose expressions hold
 * aggregate calls (`(count)`, `(sum :x)`, …). Direct aggregate entries
 * become the Aggregate node's outputs; an entry that computes over
 * aggregates (`(/ (sum :x) (count))`) adds a projection above it. Outside
 * an aggregate call, a column must be a group key.
 */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import { BList, BMap, BVector, Keyword, Sym, spanOf } from '../../../grammars/batuta/forms.js';
import { agg, col } from '../../../planner/ir/expr-builders.js';
import type { AggregateCall, Expr, NamedExpr } from '../../../planner/ir/expr.js';
import { Aggregate, Project } from '../../../planner/ir/index.js';
import { batutaError, compileError } from '../batuta-error.js';
import type { Env } from '../env.js';
import type { Value } from '../values.js';
import { compileExpr, scope, type ExprScope } from './compile-expr.js';
import { AGGREGATES } from './expr-vocabulary.js';
import { resolveColumn, type Frame, type FrameColumn, type RelContext } from './frame.js';

/** `{:k expr …}` entries as [output name, form] in written order. */
export function namedEntries(m: Value, what: string, where: Value): [string, Value, SourceSpan | undefined][] {
  if (!(m instanceof BMap)) throw compileError(`${what} takes a map {:name expr …}`, where);
  return m.entries.map(([k, v]) => {
    if (!(k instanceof Keyword)) throw compileError(`${what}: a column name must be a keyword, got ${String(k)}`, k ?? where);
    return [k.local, v, spanOf(k)];
  });
}

/** An aggregate call `(fn args…)` compiled against the input frame, or undefined if `form` is not one. */
export function aggregateCall(form: Value, input: ExprScope, name: string): AggregateCall | undefined {
  if (!(form instanceof BList) || !(form.items[0] instanceof Sym)) return undefined;
  const fn = AGGREGATES.get(form.items[0].name);
  if (fn === undefined) return undefined;
  const args = form.items.slice(1).map((f) => compileExpr(f, input));
  const span = form.span;
  if (fn === 'count' && args.length === 0) return agg('count', [], name, span ? { span } : {});
  if (args.length !== 1) throw compileError(`${form.items[0].name} takes one argument${fn === 'count' ? ' (or none: rows)' : ''}`, form);
  return agg(fn, args, name, span ? { span } : {});
}

/**
 * One item of a select or group-by list into `exprs`/`cols`: `:col` keeps
 * that column under its unqualified name, `{:name expr …}` adds computed
 * columns in written order. False when the item is neither.
 */
export function compileColumnItem(input: Frame, item: Value, s: ExprScope, what: string, exprs: NamedExpr[], cols: FrameColumn[]): boolean {
  if (item instanceof Keyword) {
    const i = resolveColumn(input, item.name, spanOf(item));
    const c = input.cols[i] as FrameColumn;
    exprs.push({ expr: col(i, c.name, spanOf(item)), name: c.name });
    cols.push(c);
    return true;
  }
  if (item instanceof BMap) {
    for (const [name, f] of namedEntries(item, what, item)) {
      exprs.push({ expr: compileExpr(f, s), name });
      cols.push({ name, quals: [] });
    }
    return true;
  }
  return false;
}

export function groupBy(input: Frame, keysForm: Value, aggsForm: Value, env: Env, ctx: RelContext, where: Value): Frame {
  const base = scope(input, env, ctx);
  const keys: NamedExpr[] = [];
  const keyCols: FrameColumn[] = [];
  const keyItems = keysForm instanceof BVector ? keysForm.items : keysForm === null ? [] : [keysForm];
  for (const k of keyItems) {
    if (!compileColumnItem(input, k, base, 'a computed group key', keys, keyCols)) {
      throw compileError('group keys are keywords (:col) or maps {:name expr}', k ?? where);
    }
  }
  const entries = aggsForm === null ? [] : namedEntries(aggsForm, 'the aggregates', where);
  // Two output columns of one name would be one key of a row map (rows, first-row), as in select.
  const names = new Set<string>();
  for (const [name, f, span] of [...keyCols.map((c) => [c.name, keysForm, undefined] as const), ...entries]) {
    if (names.has(name)) throw compileError(`group-by names the column :${name} twice`, span ?? f ?? where, ['give the aggregate another name, or rename the key with {:other :col}']);
    names.add(name);
  }
  const calls: AggregateCall[] = [];
  const direct = entries.map(([name, f]) => aggregateCall(f, base, name));
  if (direct.every((c) => c !== undefined)) {
    const rel = Aggregate.create(input.rel, keys, direct as AggregateCall[], (where as BList).span);
    return { rel, cols: [...keyCols, ...entries.map(([name]) => ({ name, quals: [] }))] };
  }
  // Computed entries: aggregate every call under a hidden name, then project.
  const keyIndex = (i: number): number => keys.findIndex((k) => k.expr.kind === 'column' && k.expr.index === i);
  const aggScope: ExprScope = {
    ...base,
    schema: undefined,
    column: (name, span) => {
      const byName = keys.findIndex((k) => k.name === name);
      const i = byName >= 0 ? byName : keyIndex(resolveColumn(input, name, span));
      if (i < 0) throw batutaError('BATUTA_COMPILE_ERROR', `column :${name} is neither a group key nor inside an aggregate`, span, ['wrap it in an aggregate (sum, max, …) or group by it']);
      return col(i, keys[i]?.name, span);
    },
    hook: (_head, form) => {
      const call = aggregateCall(form, base, `__agg${calls.length}`);
      if (call === undefined) return undefined;
      calls.push(call);
      return col(keys.length + calls.length - 1, call.name, form.span);
    },
  };
  const outputs: NamedExpr[] = entries.map(([name, f]) => ({ name, expr: compileExpr(f, aggScope) }));
  const aggRel = Aggregate.create(input.rel, keys, calls, (where as BList).span);
  const rel = Project.create(aggRel, [...keys.map((k, i) => ({ expr: col(i, k.name), name: k.name })), ...outputs]);
  return { rel, cols: [...keyCols, ...outputs.map((o) => ({ name: o.name, quals: [] }))] };
}
