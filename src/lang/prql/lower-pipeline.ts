/**
 * Lowers the transforms of one RQ pipeline onto IR arrows, threading a Frame:
 * Compute (inlined, deferred to the next Aggregate, or a window), Select,
 * Filter, Sort, Take (limit/offset, or per-group row_number, or DISTINCT),
 * Aggregate, Join, Append and Loop. Table references (From, Join, Append) are
 * resolved by the caller's `TableResolver`, which keeps this file free of
 * catalog and relation-declaration concerns.
 */
import type { Scalar } from '../../types/data-type.js';
import type { AggregateCall, Expr, FrameBound, SortKey, WindowCall, WindowFrame } from '../../planner/ir/expr.js';
import type { JoinKind } from '../../planner/ir/rel.js';
import { Aggregate, Distinct, Filter, Join, Limit, Recursive, RecursiveRef, SetOp, Sort, Window } from '../../planner/ir/index.js';
import { call, col, inferExpr, lit, referencedColumns } from '../../planner/ir/index.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { prqlError } from './prql-error.js';
import { withTransformSpan } from './locate-expr.js';
import { lowerExpr, type ExprContext } from './lower-expr.js';
import { AGGREGATES, isAggregateOrWindow, ownEntry, WINDOW_FUNCTIONS } from './std-functions.js';
import { shiftBinding, type Binding, type Frame } from './frame.js';
import { projectSelected } from './project-selected.js';
import { tagOf, type RqColumnSort, type RqCompute, type RqExpr, type RqLiteral, type RqRangeBound, type RqTableRef, type RqTransform, type RqWindow } from './rq-types.js';

/** What the pipeline lowering needs from its surroundings. */
export interface PipelineEnv {
  readonly source: string;
  readonly params: Readonly<Record<string, Scalar>> | undefined;
  /** A fresh frame reading the table a reference points to, binding the reference's column ids. */
  tableRef(ref: RqTableRef): Frame;
  /** A name for a recursive relation, unique within the query. */
  freshName(prefix: string): string;
}

export function lowerPipeline(transforms: readonly RqTransform[], env: PipelineEnv, start?: Frame): Frame {
  let frame = start;
  for (const t of transforms) frame = applyTransform(t, frame, env);
  if (frame === undefined) throw prqlError('PRQL_UNSUPPORTED', 'a pipeline must start with a relation', env.source);
  return frame;
}

/** The PRQL keyword of each RQ transform whose errors can be located at it (Compute comes from derive/select/aggregate/window alike). */
const TRANSFORM_KEYWORD: Readonly<Record<string, string>> = {
  Filter: 'filter', Sort: 'sort', Take: 'take', Aggregate: 'aggregate', Join: 'join', Append: 'append', Loop: 'loop',
};

function applyTransform(t: RqTransform, frame: Frame | undefined, env: PipelineEnv): Frame {
  try {
    return lowerTransform(t, frame, env);
  } catch (e) {
    // a type or plan error that its own lowering could not locate (RQ keeps no spans): at the transform, when unambiguous
    if (e instanceof PyralogError && e.spans.length === 0) {
      const tag = tagOf(t);
      const windowed = tag === 'Compute' && (t as { Compute: RqCompute }).Compute.window != null;
      throw withTransformSpan(e, windowed ? 'window' : Object.hasOwn(TRANSFORM_KEYWORD, tag) ? TRANSFORM_KEYWORD[tag] : undefined, env.source);
    }
    throw e;
  }
}

function lowerTransform(t: RqTransform, frame: Frame | undefined, env: PipelineEnv): Frame {
  const tag = tagOf(t);
  if (tag === 'From') return env.tableRef((t as { From: RqTableRef }).From);
  if (frame === undefined) throw prqlError('PRQL_UNSUPPORTED', `a pipeline cannot start with ${tag}`, env.source);
  switch (tag) {
    case 'Compute':
      return compute((t as { Compute: RqCompute }).Compute, frame, env);
    case 'Select':
      return { ...frame, selected: (t as { Select: readonly number[] }).Select };
    case 'Filter': {
      const predicate = lowerExpr((t as { Filter: RqExpr }).Filter, exprContext(frame, env));
      return { ...frame, rel: Filter.create(frame.rel, predicate) };
    }
    case 'Sort': {
      const sort = (t as { Sort: readonly RqColumnSort[] }).Sort;
      return { ...frame, rel: Sort.create(frame.rel, sortKeys(sort, frame, env)), sort, sortIntact: true };
    }
    case 'Take':
      return take((t as { Take: { range: RqRangeBound; partition: readonly number[]; sort: readonly RqColumnSort[] } }).Take, frame, env);
    case 'Aggregate':
      return aggregate((t as { Aggregate: { partition: readonly number[]; compute: readonly number[] } }).Aggregate, frame, env);
    case 'Join':
      return join((t as { Join: { side: string; with: RqTableRef; filter: RqExpr } }).Join, frame, env);
    case 'Append':
      return append((t as { Append: RqTableRef }).Append, frame, env);
    case 'Loop':
      return loop((t as { Loop: readonly RqTransform[] }).Loop, frame, env);
    default:
      throw prqlError('PRQL_UNSUPPORTED', `the RQ transform ${tag} is not supported`, env.source);
  }
}

/** Expression lowering over the frame's relation. */
export function exprContext(frame: Frame, env: PipelineEnv, onAggregate?: ExprContext['onAggregate']): ExprContext {
  return {
    source: env.source,
    schema: frame.rel.schema,
    params: env.params,
    resolve: (cid) => resolveValue(frame, cid, env),
    ...(onAggregate !== undefined ? { onAggregate } : {}),
  };
}

function resolveValue(frame: Frame, cid: number, env: PipelineEnv): Expr {
  const b = frame.cols.get(cid);
  if (b === undefined) throw prqlError('PRQL_INTERNAL', `column id ${cid} is not in scope`, env.source);
  if (b.kind === 'expr') return b.expr;
  if (b.kind === 'wildcard') throw prqlError('PRQL_UNSUPPORTED', 'a `*` column cannot be used as a value', env.source, '*');
  throw prqlError('PRQL_UNSUPPORTED', 'an aggregate can only be used inside `aggregate`', env.source);
}

function withBinding(frame: Frame, cid: number, b: Binding): Frame {
  const cols = new Map(frame.cols);
  cols.set(cid, b);
  return { ...frame, cols };
}

/** Whether an expression reads an aggregate function (directly or through a deferred column). */
function needsAggregate(e: RqExpr, frame: Frame): boolean {
  const k = e.kind;
  switch (tagOf(k)) {
    case 'ColumnRef':
      return frame.cols.get((k as { ColumnRef: number }).ColumnRef)?.kind === 'deferred';
    case 'Operator': {
      const op = (k as { Operator: { name: string; args: readonly RqExpr[] } }).Operator;
      return isAggregateOrWindow(op.name) || op.args.some((a) => needsAggregate(a, frame));
    }
    case 'Case':
      return (k as { Case: readonly { condition: RqExpr; value: RqExpr }[] }).Case.some(
        (arm) => needsAggregate(arm.condition, frame) || needsAggregate(arm.value, frame),
      );
    case 'Array':
      return (k as { Array: readonly RqExpr[] }).Array.some((x) => needsAggregate(x, frame));
    default:
      return false;
  }
}

function compute(c: RqCompute, frame: Frame, env: PipelineEnv): Frame {
  if (c.window !== undefined && c.window !== null) return windowCompute(c, c.window, frame, env);
  if (c.is_aggregation === true || needsAggregate(c.expr, frame)) return withBinding(frame, c.id, { kind: 'deferred', compute: c });
  const expr = lowerExpr(c.expr, exprContext(frame, env));
  return withBinding(frame, c.id, { kind: 'expr', expr, name: null, rq: c.expr });
}

function sortKeys(sort: readonly RqColumnSort[], frame: Frame, env: PipelineEnv): SortKey[] {
  // SQLite (prqlc's target) puts NULLs first ascending and last descending.
  return sort.map((s) => ({ expr: resolveValue(frame, s.column, env), descending: s.direction === 'Desc', nullsFirst: s.direction === 'Asc' }));
}

/** Re-establishes the frame's sort when a join or window since the Sort may have reordered rows. */
export function ensureSorted(frame: Frame, env: PipelineEnv): Frame {
  if (frame.sort.length === 0 || frame.sortIntact) return frame;
  return { ...frame, rel: Sort.create(frame.rel, sortKeys(frame.sort, frame, env)), sortIntact: true };
}

// ---------------------------------------------------------------- windows

const DEFAULT_UNBOUNDED = (w: RqWindow): boolean => {
  const { kind, range } = w.frame;
  if (w.sort.length === 0) return kind === 'Rows' && range.start === null && range.end === null;
  return kind === 'Range' && range.start === null && literalInt(range.end) === 0;
};

function literalNumber(e: RqExpr | null): Scalar | undefined {
  const l = (e?.kind as { Literal?: RqLiteral } | undefined)?.Literal;
  if (l === undefined || l === 'Null') return undefined;
  if ('Integer' in l) return l.Integer;
  if ('Float' in l) return l.Float;
  return undefined;
}

function literalInt(e: RqExpr | null): number | undefined {
  const v = literalNumber(e);
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

function frameBound(e: RqExpr | null, isStart: boolean, env: PipelineEnv): FrameBound {
  if (e === null) return { kind: isStart ? 'unbounded_preceding' : 'unbounded_following' };
  const v = literalNumber(e);
  if (typeof v !== 'number') throw prqlError('PRQL_UNSUPPORTED', 'window frame bounds must be number literals', env.source, 'window');
  if (v === 0) return { kind: 'current_row' };
  const magnitude = Math.abs(v);
  const offset: Scalar = Number.isInteger(magnitude) ? BigInt(magnitude) : magnitude;
  return { kind: v < 0 ? 'preceding' : 'following', offset };
}

/** The frame prqlc would write in SQL: none when it is SQL's default for this window, as prqlc omits it. */
function windowFrame(w: RqWindow, env: PipelineEnv): WindowFrame | null {
  if (DEFAULT_UNBOUNDED(w)) return null;
  const unit = w.frame.kind === 'Rows' ? 'rows' : 'range';
  return { unit, start: frameBound(w.frame.range.start, true, env), end: frameBound(w.frame.range.end, false, env) };
}

function windowCompute(c: RqCompute, w: RqWindow, frame: Frame, env: PipelineEnv): Frame {
  const calls: WindowCall[] = [];
  const width = frame.rel.schema.fields.length;
  const plain = exprContext(frame, env);
  const partitionBy = w.partition.map((cid) => resolveValue(frame, cid, env));
  const orderBy = sortKeys(w.sort, frame, env);
  const onAggregate = (name: string, rqArgs: readonly RqExpr[]): Expr => {
    const args = rqArgs.map((a) => lowerExpr(a, plain));
    const agg = ownEntry(AGGREGATES, name);
    const name_ = `_w${c.id}_${calls.length}`;
    if (agg !== undefined) {
      const callArgs = agg.countRows === true ? [] : [...args, ...(agg.extraArgs ?? [])];
      calls.push({ fn: agg.fn, args: callArgs, partitionBy, orderBy, frame: windowFrame(w, env), name: name_ });
    } else {
      const spec = ownEntry(WINDOW_FUNCTIONS, name);
      if (spec === undefined) throw prqlError('PRQL_UNSUPPORTED', `${name} is not a window function`, env.source);
      calls.push({ fn: spec.fn, args: spec.args(args), partitionBy, orderBy, frame: null, name: name_ });
    }
    return col(width + calls.length - 1, name_);
  };
  const expr = lowerExpr(c.expr, exprContext(frame, env, onAggregate));
  if (calls.length === 0) return withBinding(frame, c.id, { kind: 'expr', expr, name: null });
  // Consecutive window computes share one Window arrow: its calls append columns in the same order.
  const prev = frame.rel;
  const inputWidth = prev.kind === 'window' ? prev.input.schema.fields.length : 0;
  const readsOnlyInput = (e: Expr): boolean => referencedColumns(e).every((i) => i < inputWidth);
  const mergeable =
    prev.kind === 'window' &&
    frame.openWindow === true &&
    calls.every((w) => [...w.args, ...w.partitionBy, ...w.orderBy.map((k) => k.expr)].every(readsOnlyInput));
  const rel = mergeable ? Window.create(prev.input, [...prev.calls, ...calls]) : Window.create(prev, calls);
  return withBinding({ ...frame, rel, sortIntact: false, openWindow: true }, c.id, { kind: 'expr', expr, name: null });
}

// ---------------------------------------------------------------- take

function sameSort(sort: readonly RqColumnSort[], frame: Frame): boolean {
  return frame.sortIntact && sort.length === frame.sort.length && sort.every((k, i) => k.column === frame.sort[i]?.column && k.direction === frame.sort[i]?.direction);
}

function takeBounds(range: RqRangeBound, env: PipelineEnv): { start: number; end: number | null } {
  const bound = (e: RqExpr | null, dflt: number | null): number | null => {
    if (e === null) return dflt;
    const v = literalInt(e);
    if (v === undefined) throw prqlError('PRQL_UNSUPPORTED', '`take` needs integer literals', env.source, 'take');
    return v;
  };
  return { start: Math.max(1, bound(range.start, 1) ?? 1), end: bound(range.end, null) };
}

function take(t: { range: RqRangeBound; partition: readonly number[]; sort: readonly RqColumnSort[] }, frame: Frame, env: PipelineEnv): Frame {
  const { start, end } = takeBounds(t.range, env);
  if (t.partition.length === 0) {
    // The Take carries the sort it is relative to; RQ may omit the Sort transform itself.
    const sorted = t.sort.length > 0 && !sameSort(t.sort, frame) ? ensureSorted({ ...frame, sort: t.sort, sortIntact: false }, env) : ensureSorted(frame, env);
    const limit = end === null ? null : Math.max(0, end - start + 1);
    return { ...sorted, rel: Limit.create(sorted.rel, start - 1, limit) };
  }
  const selectedSet = new Set(frame.selected);
  const isDistinct =
    t.sort.length === 0 && start === 1 && end === 1 && t.partition.length === frame.selected.length && t.partition.every((p) => selectedSet.has(p));
  if (isDistinct && frame.selected.every((cid) => frame.cols.get(cid)?.kind === 'expr')) {
    const projected = projectSelected(frame, env.source);
    return { ...projected, rel: Distinct.create(projected.rel), sort: [], sortIntact: true };
  }
  const width = frame.rel.schema.fields.length;
  const rn: WindowCall = {
    fn: 'row_number',
    args: [],
    partitionBy: t.partition.map((cid) => resolveValue(frame, cid, env)),
    orderBy: sortKeys(t.sort, frame, env),
    frame: null,
    name: '_row_number',
  };
  const windowed = Window.create(frame.rel, [rn]);
  const rnCol = col(width, '_row_number');
  const conditions: Expr[] = [];
  if (start > 1) conditions.push(call('ge', rnCol, lit(BigInt(start))));
  if (end !== null) conditions.push(call('le', rnCol, lit(BigInt(end))));
  const predicate = conditions.reduce<Expr | undefined>((acc, p) => (acc === undefined ? p : call('and', acc, p)), undefined) ?? lit(true);
  return { ...frame, rel: Filter.create(windowed, predicate), sortIntact: false };
}

// ---------------------------------------------------------------- aggregate

function aggregate(a: { partition: readonly number[]; compute: readonly number[] }, frame: Frame, env: PipelineEnv): Frame {
  const plain = exprContext(frame, env);
  const groupBy = a.partition.map((cid) => ({ expr: resolveValue(frame, cid, env), name: `_g${cid}` }));
  const aggregates: AggregateCall[] = [];
  const nGroups = groupBy.length;
  const memo = new Map<number, Expr>();

  const onAggregate = (name: string, rqArgs: readonly RqExpr[]): Expr => {
    const spec = ownEntry(AGGREGATES, name);
    if (spec === undefined) throw prqlError('PRQL_UNSUPPORTED', `${name.replace(/^std\./, '')} cannot be used in aggregate`, env.source, name.split('.').pop());
    const args = rqArgs.map((x) => lowerExpr(x, plain));
    const callArgs = spec.countRows === true ? [] : [...args, ...(spec.extraArgs ?? [])];
    aggregates.push({ fn: spec.fn, args: callArgs, distinct: false, filter: null, name: `_a${aggregates.length}` });
    const out = col(nGroups + aggregates.length - 1);
    if (spec.emptyValue === undefined) return out;
    const argType = args[0] === undefined ? undefined : inferExpr(args[0], frame.rel.schema).type;
    const empty = argType === 'float64' && spec.fn === 'sum' ? lit(0) : spec.emptyValue;
    return call('coalesce', out, empty);
  };

  const aggContext: ExprContext = {
    source: env.source,
    schema: frame.rel.schema,
    params: env.params,
    onAggregate,
    resolve: (cid) => {
      const g = a.partition.indexOf(cid);
      if (g >= 0) return col(g);
      const b = frame.cols.get(cid);
      if (b?.kind === 'deferred') {
        const known = memo.get(cid);
        if (known !== undefined) return known;
        const e = lowerExpr(b.compute.expr, aggContext);
        memo.set(cid, e);
        return e;
      }
      throw prqlError('PRQL_NOT_AGGREGATED', 'a column used in `aggregate` must be a group key or inside an aggregate function', env.source);
    },
  };
  const post = a.compute.map((cid) => [cid, aggContext.resolve(cid)] as const);
  const rel = Aggregate.create(frame.rel, groupBy, aggregates);
  const cols = new Map<number, Binding>();
  a.partition.forEach((cid, i) => cols.set(cid, { kind: 'expr', expr: col(i, `_g${cid}`), name: null }));
  for (const [cid, expr] of post) cols.set(cid, { kind: 'expr', expr, name: null });
  return { rel, cols, selected: [...a.partition, ...a.compute], sort: [], sortIntact: true };
}

// ---------------------------------------------------------------- join, append, loop

const JOIN_KINDS: Readonly<Record<string, JoinKind>> = { Inner: 'inner', Left: 'left', Right: 'right', Full: 'full' };

function join(j: { side: string; with: RqTableRef; filter: RqExpr }, frame: Frame, env: PipelineEnv): Frame {
  const kind = ownEntry(JOIN_KINDS, j.side);
  if (kind === undefined) throw prqlError('PRQL_UNSUPPORTED', `join side ${j.side} is not supported`, env.source, 'join');
  const right = env.tableRef(j.with);
  const width = frame.rel.schema.fields.length;
  const cols = new Map(frame.cols);
  for (const [cid, b] of right.cols) cols.set(cid, shiftBinding(b, width));
  const combinedSchema = { fields: [...frame.rel.schema.fields, ...right.rel.schema.fields] };
  const ctx: ExprContext = {
    source: env.source,
    schema: combinedSchema,
    params: env.params,
    resolve: (cid) => resolveValue({ ...frame, cols }, cid, env),
  };
  const condition = lowerExpr(j.filter, ctx);
  const trivially = condition.kind === 'literal' && condition.value === true;
  const rel = Join.create(frame.rel, right.rel, kind, trivially && kind === 'inner' ? null : condition);
  return { rel, cols, selected: [...frame.selected, ...right.selected], sort: frame.sort, sortIntact: false };
}

function append(ref: RqTableRef, frame: Frame, env: PipelineEnv): Frame {
  const left = projectSelected(frame, env.source);
  const right = projectSelected(env.tableRef(ref), env.source);
  const rel = SetOp.create('union_all', left.rel, right.rel);
  return { ...left, rel, sort: [], sortIntact: true };
}

function loop(step: readonly RqTransform[], frame: Frame, env: PipelineEnv): Frame {
  const base = projectSelected(frame, env.source);
  const name = env.freshName('loop');
  const ref = RecursiveRef.create(name, base.rel.schema);
  const stepFrame = lowerPipeline(step, env, { ...base, rel: ref, sort: [], sortIntact: true });
  const stepOut = projectSelected(stepFrame, env.source);
  const rel = Recursive.create(name, base.rel, stepOut.rel, false);
  return { ...base, rel, sort: [], sortIntact: true };
}
