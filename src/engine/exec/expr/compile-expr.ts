/**
 * Compiles an IR expression ONCE into a tree of column kernels: each node
 * becomes a closure `(chunk) => Column` that runs a tight loop over the chunk's
 * selected rows, so the expression tree is walked per batch, never per row.
 * Also handles literals and parameters (constant columns), CASE (branches
 * evaluated only on the rows that reach them), CAST and IN lists.
 */
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Expr } from '../../../planner/ir/expr.js';
import { PyralogError, assertNever } from '../../../errors/pyralog-error.js';
import { constColumn, getScalar, makeColumn, allocValues, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import { exprType, callType } from './expr-type.js';
import { selCount, type CompiledExpr } from './kernel-util.js';
import { FUNCTIONS } from './function-registry.js';
import { compileCast, castScalar } from './cast.js';
import { coerce, compareColumns } from './fn-compare.js';
import { allocBytes } from '../buffers.js';

export interface ExprContext {
  readonly params: Readonly<Record<string, Scalar>>;
}

/** Normalises a JS value to the representation of `type` (e.g. number -> bigint for int64). */
export function normalizeScalar(v: Scalar, type: DataType): Scalar {
  if (v === null) return null;
  if ((type === 'int64' || type === 'timestamp') && typeof v === 'number') return BigInt(Math.trunc(v));
  if (type === 'float64' && typeof v === 'bigint') return Number(v);
  if (type === 'date' && typeof v === 'bigint') return Number(v);
  return v;
}

function constant(type: DataType, value: Scalar): CompiledExpr {
  const v = normalizeScalar(value, type);
  let cached: Column | null = null;
  return {
    type,
    constant: { value: v },
    eval: (c) => {
      if (cached === null || cached.length < c.length) cached = constColumn(type, v, Math.max(c.length, 1));
      return cached;
    },
  };
}

/** A constant computed on first evaluation, then served as a constant column. */
function lazyConstant(type: DataType, compute: () => Scalar): CompiledExpr {
  let folded: CompiledExpr | null = null;
  return {
    type,
    eval: (c) => {
      if (folded === null) folded = constant(type, compute());
      return folded.eval(c);
    },
  };
}

/** Splits the selected rows of `c` by a boolean column: rows where it is TRUE, and the rest. */
function split(c: Chunk, cond: Column): { yes: Int32Array; no: Int32Array } {
  const n = selCount(c);
  const yes = new Int32Array(n);
  const no = new Int32Array(n);
  let y = 0;
  let m = 0;
  const v = cond.values as Uint8Array;
  const valid = cond.valid;
  const sel = c.sel;
  const isNullType = cond.type === 'null';
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : (sel[k] as number);
    if (!isNullType && v[i] === 1 && (valid === null || valid[i] === 1)) yes[y++] = i;
    else no[m++] = i;
  }
  return { yes: yes.subarray(0, y), no: no.subarray(0, m) };
}

function compileCase(expr: Extract<Expr, { kind: 'case' }>, input: readonly DataType[], ctx: ExprContext): CompiledExpr {
  const out = exprType(expr, input);
  const whens = expr.whens.map((w) => ({ when: compileExpr(w.when, input, ctx), then: compileExpr(w.then, input, ctx) }));
  const otherwise = expr.otherwise === null ? null : compileExpr(expr.otherwise, input, ctx);
  return {
    type: out,
    eval: (c) => {
      const values = allocValues(out, c.length) as unknown as { [k: number]: unknown };
      const valid = allocBytes(c.length);
      const copy = (col: Column, rows: Int32Array): void => {
        const src = col.values as unknown as { [k: number]: unknown };
        for (let k = 0; k < rows.length; k++) {
          const i = rows[k] as number;
          if (col.valid !== null && col.valid[i] === 0) continue;
          values[i] = src[i];
          valid[i] = 1;
        }
      };
      let rest: Chunk = c;
      for (const w of whens) {
        if (selCount(rest) === 0) break;
        const { yes, no } = split(rest, w.when.eval(rest));
        if (yes.length > 0) {
          const sub: Chunk = { columns: c.columns, length: c.length, sel: yes };
          copy(coerce(w.then.eval(sub), out, sub), yes);
        }
        rest = { columns: c.columns, length: c.length, sel: no };
      }
      if (otherwise !== null && selCount(rest) > 0) {
        const restSel = rest.sel ?? Int32Array.from({ length: c.length }, (_, i) => i);
        copy(coerce(otherwise.eval(rest), out, rest), restSel);
      }
      return makeColumn(out, values as unknown as Uint8Array, valid, c.length);
    },
  };
}

function compileInList(expr: Extract<Expr, { kind: 'in_list' }>, input: readonly DataType[], ctx: ExprContext): CompiledExpr {
  const probe = compileExpr(expr.expr, input, ctx);
  const items = expr.list.map((e) => compileExpr(e, input, ctx));
  const negated = expr.negated;
  const allConst = items.every((i) => i.constant !== undefined);
  // constant list: a Set of normalised keys (only for types whose keys compare exactly)
  const keyed = allConst && ['int64', 'utf8', 'date', 'timestamp', 'bool'].includes(probe.type) &&
    items.every((i) => i.type === probe.type || i.type === 'null');
  const constSet = keyed ? new Set(items.map((i) => i.constant?.value).filter((v) => v !== null)) : null;
  const constHasNull = allConst && items.some((i) => i.constant?.value === null);
  return {
    type: 'bool',
    eval: (c) => {
      const x = probe.eval(c);
      const out = allocBytes(c.length);
      const valid = allocBytes(c.length);
      const sel = c.sel;
      const n = selCount(c);
      if (constSet !== null) {
        for (let k = 0; k < n; k++) {
          const i = sel === null ? k : (sel[k] as number);
          const v = getScalar(x, i);
          if (v === null) continue;
          if (constSet.has(v)) { out[i] = negated ? 0 : 1; valid[i] = 1; }
          else if (!constHasNull) { out[i] = negated ? 1 : 0; valid[i] = 1; }
        }
        return makeColumn('bool', out, valid, c.length);
      }
      const eqs = items.map((it) => compareColumns('eq', x, it.eval(c), c));
      for (let k = 0; k < n; k++) {
        const i = sel === null ? k : (sel[k] as number);
        let sawNull = false;
        let found = false;
        for (const e of eqs) {
          if (e.type === 'null' || (e.valid !== null && e.valid[i] === 0)) sawNull = true;
          else if ((e.values as Uint8Array)[i] === 1) { found = true; break; }
        }
        if (found) { out[i] = negated ? 0 : 1; valid[i] = 1; }
        else if (!sawNull) { out[i] = negated ? 1 : 0; valid[i] = 1; }
      }
      return makeColumn('bool', out, valid, c.length);
    },
  };
}

/** Compiles `expr` over inputs of the given column types. */
export function compileExpr(expr: Expr, input: readonly DataType[], ctx: ExprContext): CompiledExpr {
  switch (expr.kind) {
    case 'literal':
      return constant(expr.type, expr.value);
    case 'column': {
      const index = expr.index;
      const type = input[index];
      if (type === undefined) {
        throw new PyralogError('INTERNAL', `column #${index} out of range (${input.length} columns)`, { phase: 'execute' });
      }
      return { type, eval: (c) => c.columns[index] as Column };
    }
    case 'param': {
      if (!(expr.name in ctx.params)) {
        throw new PyralogError('PARAM_MISSING', `no value bound for parameter '${expr.name}'`, {
          phase: 'execute',
          ...(expr.span !== undefined ? { spans: [expr.span] } : {}),
        });
      }
      return constant(expr.type, ctx.params[expr.name] ?? null);
    }
    case 'cast': {
      const inner = compileExpr(expr.expr, input, ctx);
      if (inner.constant !== undefined) {
        // folded once, at first use (a failing cast in a branch never taken must not fail the query)
        const v = inner.constant.value;
        const to = expr.to;
        return lazyConstant(to, () => (v === null || inner.type === 'null' ? null : castScalar(v, inner.type, to)));
      }
      return { type: expr.to, eval: compileCast(inner, expr.to) };
    }
    case 'case':
      return compileCase(expr, input, ctx);
    case 'in_list':
      return compileInList(expr, input, ctx);
    case 'call': {
      const factory = FUNCTIONS[expr.fn];
      if (factory === undefined) {
        throw new PyralogError('UNKNOWN_FUNCTION', `unknown function '${expr.fn}'`, {
          phase: 'execute',
          ...(expr.span !== undefined ? { spans: [expr.span] } : {}),
        });
      }
      const args = expr.args.map((a) => compileExpr(a, input, ctx));
      const out = callType(expr.fn, args.map((a) => a.type));
      const kernel = factory(args, out);
      if (args.every((a) => a.constant !== undefined)) {
        // fold constant calls once, at first use (errors surface only if the value is needed)
        const one: Chunk = { columns: [], length: 1, sel: null };
        return lazyConstant(out, () => getScalar(kernel(one), 0));
      }
      return { type: out, eval: kernel };
    }
    default:
      return assertNever(expr, 'expression');
  }
}
