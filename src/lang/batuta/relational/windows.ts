/**
 * `(window rel {:partition [...] :order [[:x :asc]] :rows [lo hi]} {:c (fn …)})`:
 * window columns appended after the input's. `:rows` bounds are row offsets
 * (negative preceding, positive following, nil unbounded, 0 current row);
 * without `:rows` the frame is SQL's default (start of the partition to the
 * current row with `:order`, the whole partition without).
 */
import { BList, BMap, BVector, Keyword, Sym, spanOf } from '../../../grammars/batuta/forms.js';
import type { Expr, FrameBound, SortKey, WindowCall, WindowFrame } from '../../../planner/ir/expr.js';
import { Window } from '../../../planner/ir/index.js';
import { compileError } from '../batuta-error.js';
import type { Env } from '../env.js';
import { evaluate } from '../evaluator.js';
import { runToEnd, type Value } from '../values.js';
import { aggregateCall, namedEntries } from './aggregates.js';
import { compileExpr, scope } from './compile-expr.js';
import { AGGREGATES, WINDOW_FUNCTIONS } from './expr-vocabulary.js';
import type { Frame, RelContext } from './frame.js';
import { sortKeys } from './sort-keys.js';

function bound(v: Value, isStart: boolean, where: Value): FrameBound {
  if (v === null) return { kind: isStart ? 'unbounded_preceding' : 'unbounded_following' };
  if (typeof v !== 'bigint') throw compileError(':rows bounds are integers or nil', where);
  if (v === 0n) return { kind: 'current_row' };
  return { kind: v < 0n ? 'preceding' : 'following', offset: v < 0n ? -v : v };
}

export function windowFrame(input: Frame, specForm: Value, callsForm: Value, env: Env, ctx: RelContext, where: BList): Frame {
  const base = scope(input, env, ctx);
  const spec = specForm === null ? new BMap([]) : specForm;
  if (!(spec instanceof BMap)) throw compileError('window takes a spec map {:partition [...] :order [...] :rows [lo hi]}', specForm ?? where);
  const part = spec.get(new Keyword('partition'));
  const partitionBy: Expr[] = part === undefined || part === null ? [] : (part instanceof BVector ? part.items : [part]).map((f) => compileExpr(f, base));
  const order = spec.get(new Keyword('order'));
  const orderBy: SortKey[] = order === undefined || order === null ? [] : sortKeys(order instanceof BVector ? order.items : [order], base);
  const rows = spec.get(new Keyword('rows'));
  let frame: WindowFrame | null = null;
  if (rows !== undefined && rows !== null) {
    if (!(rows instanceof BVector) || rows.items.length !== 2) throw compileError(':rows takes [lo hi]', rows);
    const [lo, hi] = rows.items.map((f) => runToEnd(evaluate(f, env, ctx.rt)));
    frame = { unit: 'rows', start: bound(lo ?? null, true, rows), end: bound(hi ?? null, false, rows) };
  }
  const calls: WindowCall[] = namedEntries(callsForm, 'window', where).map(([name, f, nameSpan]) => {
    if (input.cols.some((c) => c.name === name)) {
      throw compileError(`window adds columns, and the input already has :${name}`, nameSpan ?? f ?? where, ['choose another name for the window column']);
    }
    if (!(f instanceof BList) || !(f.items[0] instanceof Sym)) throw compileError('a window column is a window function call: (row-number), (lag :x 1), (sum :x), …', f ?? where);
    const head = f.items[0].name;
    const span = f.span;
    const fn = WINDOW_FUNCTIONS.get(head);
    if (fn !== undefined) {
      const args = f.items.slice(1).map((a) => compileExpr(a, base));
      return { fn, args, partitionBy, orderBy, frame, name, ...(span ? { span } : {}) };
    }
    if (AGGREGATES.has(head)) {
      const a = aggregateCall(f, base, name);
      if (a !== undefined) return { fn: a.fn, args: a.args, partitionBy, orderBy, frame, name, ...(span ? { span } : {}) };
    }
    throw compileError(`${head} is not a window function (row-number rank dense-rank lag lead first-value last-value, or an aggregate)`, f);
  });
  const rel = Window.create(input.rel, calls, where.span);
  return { rel, cols: [...input.cols, ...calls.map((c) => ({ name: c.name, quals: [] }))] };
}

export { spanOf };
