/**
 * The relational special forms: each evaluates its input relation(s) and
 * returns a new lazy Relation whose `build` adds one IR arrow when the query
 * is planned. Their other arguments are expression forms, compiled (never
 * evaluated row by row) in the lexical environment they were written in.
 * `group-by` and `distinct` on a collection fall back to the collection
 * functions of the same names.
 */
import { BList, BMap, BVector, Keyword, Sym, spanOf } from '../../../grammars/batuta/forms.js';
import type { NamedExpr } from '../../../planner/ir/expr.js';
import { col } from '../../../planner/ir/expr-builders.js';
import { Distinct, Filter, Join, Limit, Project, Scan, SetOp, Sort } from '../../../planner/ir/index.js';
import type { JoinKind, SetOpKind } from '../../../planner/ir/rel.js';
import { batutaError, compileError, evalError } from '../batuta-error.js';
import type { Env } from '../env.js';
import { apply, evaluate } from '../evaluator.js';
import { printValue } from '../printer.js';
import type { Runtime } from '../runtime.js';
import { Relation, type Gen, type Value } from '../values.js';
import { compileColumnItem, groupBy, namedEntries } from './aggregates.js';
import { compileExpr, scope } from './compile-expr.js';
import { resolveColumn, type Frame, type FrameColumn, type RelContext } from './frame.js';
import { relationRows } from './run-relation.js';
import { sortKeys } from './sort-keys.js';
import { windowFrame } from './windows.js';

type Form = (form: BList, env: Env, rt: Runtime) => Gen;

function* relArg(form: BList, index: number, env: Env, rt: Runtime): Gen<Relation> {
  const v = yield* evaluate(form.items[index] ?? null, env, rt);
  if (!(v instanceof Relation)) throw evalError(`${(form.items[0] as Sym).name} needs a relation, got ${printValue(v)}`, form.items[index] ?? form);
  return v;
}

function nameOf(v: Value, what: string, where: Value): string {
  if (v instanceof Keyword || v instanceof Sym) return v.name;
  if (typeof v === 'string') return v;
  throw evalError(`${what} must be a keyword, got ${printValue(v)}`, where);
}

/** A form `(name rel arg…)` that adds one arrow: `step(input frame, …)`. */
function unary(step: (input: Frame, form: BList, env: Env, ctx: RelContext) => Frame): Form {
  return function* (form, env, rt) {
    const input = yield* relArg(form, 1, env, rt);
    return new Relation((ctx) => step(input.build(ctx), form, env, ctx), form.span);
  };
}

function* intArg(form: BList, i: number, env: Env, rt: Runtime): Gen<number> {
  const v = yield* evaluate(form.items[i] ?? null, env, rt);
  if (typeof v !== 'bigint' || v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw evalError(`${(form.items[0] as Sym).name} takes an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${printValue(v)}`, form.items[i] ?? form);
  return Number(v);
}

const from: Form = function* (form, env, rt) {
  const table = nameOf(yield* evaluate(form.items[1] ?? null, env, rt), 'the table', form);
  let alias: string | null = null;
  if (form.items.length === 4 && form.items[2] instanceof Keyword && form.items[2].name === 'as') alias = nameOf(yield* evaluate(form.items[3] ?? null, env, rt), 'the alias', form);
  else if (form.items.length !== 2) throw evalError('usage: (from :table) or (from :table :as :alias)', form);
  return new Relation((ctx) => {
    const info = ctx.catalog.table(table);
    if (info === undefined) throw batutaError('BATUTA_UNKNOWN_TABLE', `unknown table :${table}`, form.items[1] ?? form, [`tables: ${ctx.catalog.tables().join(', ') || '(none)'}`]);
    const rel = Scan.create(info.name, info.schema, { alias: alias ?? info.name, ...(form.span ? { span: form.span } : {}) });
    const quals = alias === null ? [info.name] : [alias, info.name];
    return { rel, cols: rel.schema.fields.map((f) => ({ name: f.name, quals })) };
  }, form.span);
};

const where = unary((input, form, env, ctx) => {
  if (form.items.length !== 3) throw evalError('usage: (where rel predicate)', form);
  const pred = compileExpr(form.items[2] ?? null, scope(input, env, ctx));
  return { rel: Filter.create(input.rel, pred, form.span), cols: input.cols };
});


const select = unary((input, form, env, ctx) => {
  const spec = form.items[2];
  const s = scope(input, env, ctx);
  const exprs: NamedExpr[] = [];
  const cols: FrameColumn[] = [];
  const items = spec instanceof BVector ? spec.items : spec instanceof BMap ? [spec] : [spec ?? null];
  const names = new Set<string>();
  for (const item of items) {
    const before = cols.length;
    if (!compileColumnItem(input, item, s, 'select', exprs, cols)) {
      throw compileError('select takes a vector of keywords (:col) and maps {:name expr}', item ?? form);
    }
    // Two output columns of one name would be one key of a row map (rows, first-row): one would vanish.
    for (const c of cols.slice(before)) {
      if (names.has(c.name)) throw compileError(`select names the column :${c.name} twice`, item ?? form, ['give one of them another name: {:other expr}']);
      names.add(c.name);
    }
  }
  return { rel: Project.create(input.rel, exprs, form.span), cols };
});

const derive = unary((input, form, env, ctx) => {
  const s = scope(input, env, ctx);
  const entries = namedEntries(form.items[2] ?? null, 'derive', form);
  for (const [name, , span] of entries) {
    if (input.cols.some((c) => c.name === name)) {
      throw compileError(`derive adds columns, and the input already has :${name}`, span ?? form, ['choose another name, or replace the column with select [… {:name expr}]']);
    }
  }
  const added = entries.map(([name, f]) => ({ name, expr: compileExpr(f, s) }));
  const keep: NamedExpr[] = input.rel.schema.fields.map((f, i) => ({ expr: col(i, f.name), name: f.name }));
  return { rel: Project.create(input.rel, [...keep, ...added], form.span), cols: [...input.cols, ...added.map((a) => ({ name: a.name, quals: [] }))] };
});

const orderBy = unary((input, form, env, ctx) => {
  const keys = sortKeys(form.items.slice(2), scope(input, env, ctx));
  return { rel: Sort.create(input.rel, keys, form.span), cols: input.cols };
});

const limitForm: Form = function* (form, env, rt) {
  const input = yield* relArg(form, 1, env, rt);
  const n = yield* intArg(form, 2, env, rt);
  return new Relation((ctx) => {
    const f = input.build(ctx);
    // (offset k) then (limit n): one limit node, as SQL's LIMIT n OFFSET k.
    const rel = f.rel.kind === 'limit' && f.rel.limit === null ? Limit.create(f.rel.input, f.rel.offset, n, form.span) : Limit.create(f.rel, 0, n, form.span);
    return { rel, cols: f.cols };
  }, form.span);
};

const offsetForm: Form = function* (form, env, rt) {
  const input = yield* relArg(form, 1, env, rt);
  const n = yield* intArg(form, 2, env, rt);
  return new Relation((ctx) => {
    const f = input.build(ctx);
    return { rel: Limit.create(f.rel, n, null, form.span), cols: f.cols };
  }, form.span);
};

function joinForm(kind: JoinKind): Form {
  return function* (form, env, rt) {
    const left = yield* relArg(form, 1, env, rt);
    const right = yield* relArg(form, 2, env, rt);
    const on = form.items[3];
    let pred: Value | undefined;
    if (on instanceof Keyword && on.name === 'on' && form.items.length === 5) pred = form.items[4];
    else if (form.items.length !== 3) throw evalError(`usage: (${(form.items[0] as Sym).name} rel other :on predicate)`, form);
    return new Relation((ctx) => {
      const l = left.build(ctx);
      const r = right.build(ctx);
      const both: Frame = { rel: l.rel, cols: [...l.cols, ...r.cols] };
      const condition = pred === undefined ? null : compileExpr(pred, { ...scope(both, env, ctx), schema: undefined });
      const k = condition === null && kind === 'inner' ? 'cross' : kind;
      const rel = Join.create(l.rel, r.rel, k, condition, form.span);
      return { rel, cols: k === 'semi' || k === 'anti' ? l.cols : both.cols };
    }, form.span);
  };
}

function setOp(op: SetOpKind): Form {
  return function* (form, env, rt) {
    const left = yield* relArg(form, 1, env, rt);
    const right = yield* relArg(form, 2, env, rt);
    return new Relation((ctx) => {
      const l = left.build(ctx);
      return { rel: SetOp.create(op, l.rel, right.build(ctx).rel, form.span), cols: l.cols };
    }, form.span);
  };
}

/** `group-by`/`distinct` over a relation, else the collection function of that name. */
function dual(relational: Form, name: string): Form {
  return function* (form, env, rt) {
    const first = yield* evaluate(form.items[1] ?? null, env, rt);
    if (first instanceof Relation) {
      const quoted = new BList([form.items[0] ?? null, new BList([new Sym('quote'), first]), ...form.items.slice(2)], form.span);
      return yield* relational(quoted, env, rt);
    }
    const args: Value[] = [first];
    for (const f of form.items.slice(2)) args.push(yield* evaluate(f, env, rt));
    return yield* apply(rt.core.get(`${name}*`) ?? null, args, rt, form.span);
  };
}

const groupByForm = unary((input, form, env, ctx) => groupBy(input, form.items[2] ?? null, form.items[3] ?? null, env, ctx, form));
const aggregateForm = unary((input, form, env, ctx) => groupBy(input, null, form.items[2] ?? null, env, ctx, form));
const distinct = unary((input, form) => ({ rel: Distinct.create(input.rel, form.span), cols: input.cols }));
const windowForm = unary((input, form, env, ctx) => windowFrame(input, form.items[2] ?? null, form.items[3] ?? null, env, ctx, form));

const asForm: Form = function* (form, env, rt) {
  const input = yield* relArg(form, 1, env, rt);
  const alias = nameOf(yield* evaluate(form.items[2] ?? null, env, rt), 'the alias', form);
  return new Relation((ctx) => {
    const f = input.build(ctx);
    return { rel: f.rel, cols: f.cols.map((c) => ({ name: c.name, quals: [alias] })) };
  }, form.span);
};

const rowsForm: Form = function* (form, env, rt) {
  return relationRows(yield* relArg(form, 1, env, rt), rt);
};

const firstRow: Form = function* (form, env, rt) {
  return relationRows(yield* relArg(form, 1, env, rt), rt).items[0] ?? null;
};

const valueForm: Form = function* (form, env, rt) {
  const rows = relationRows(yield* relArg(form, 1, env, rt), rt);
  const row = rows.items[0];
  if (rows.items.length !== 1 || !(row instanceof BMap) || row.size !== 1) {
    const cols = row instanceof BMap ? row.size : 0;
    throw evalError(`value needs a 1×1 result, got ${rows.items.length} row(s) × ${cols} column(s)`, form);
  }
  return row.entries[0]?.[1] ?? null;
};

export const RELATIONAL_FORMS: Readonly<Record<string, Form>> = {
  from,
  where,
  select,
  derive,
  'group-by': dual(groupByForm, 'group-by'),
  aggregate: aggregateForm,
  'order-by': orderBy,
  limit: limitForm,
  offset: offsetForm,
  join: joinForm('inner'),
  'left-join': joinForm('left'),
  'right-join': joinForm('right'),
  'full-join': joinForm('full'),
  'semi-join': joinForm('semi'),
  'anti-join': joinForm('anti'),
  'cross-join': joinForm('cross'),
  distinct: dual(distinct, 'distinct'),
  union: setOp('union'),
  'union-all': setOp('union_all'),
  intersect: setOp('intersect'),
  except: setOp('except'),
  window: windowForm,
  as: asForm,
  rows: rowsForm,
  run: rowsForm,
  'first-row': firstRow,
  value: valueForm,
};
