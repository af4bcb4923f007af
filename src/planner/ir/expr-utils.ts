/**
 * Structural helpers over IR expressions: split and join conjunctions,
 * rewrite column references (shift, permute, substitute), find the columns an
 * expression reads, structural equality, and determinism.
 */
import { assertNever } from '../../errors/pyralog-error.js';
import type { Scalar } from '../../types/data-type.js';
import type { Expr } from './expr.js';
import { lookupFunction } from './functions.js';
import { call } from './expr-builders.js';

/** The conjuncts of a predicate: `and(and(a, b), c)` -> [a, b, c]. */
export function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'call' && e.fn === 'and') return e.args.flatMap(conjuncts);
  return [e];
}

/** The conjunction of predicates as nested binary `and` (null when there are none). */
export function conjoin(preds: readonly Expr[]): Expr | null {
  const [first, ...rest] = preds;
  if (first === undefined) return null;
  return rest.reduce<Expr>((acc, p) => call('and', acc, p), first);
}

/** Rebuild `e` bottom-up: children first, then `f` on the rebuilt node. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'literal':
    case 'column':
    case 'param':
      return f(e);
    case 'call': {
      const args = e.args.map((a) => mapExpr(a, f));
      return f(args.every((a, i) => a === e.args[i]) ? e : { ...e, args });
    }
    case 'case': {
      const whens = e.whens.map((w) => ({ when: mapExpr(w.when, f), then: mapExpr(w.then, f) }));
      const otherwise = e.otherwise === null ? null : mapExpr(e.otherwise, f);
      return f({ ...e, whens, otherwise });
    }
    case 'cast':
      return f({ ...e, expr: mapExpr(e.expr, f) });
    case 'in_list':
      return f({ ...e, expr: mapExpr(e.expr, f), list: e.list.map((x) => mapExpr(x, f)) });
    default:
      return assertNever(e, 'expression kind');
  }
}

/** Replace each column reference `#i` with `g(i)` (an expression over another input). */
export function substituteColumns(e: Expr, g: (index: number) => Expr): Expr {
  return mapExpr(e, (x) => (x.kind === 'column' ? g(x.index) : x));
}

/** Renumber column references: `#i` becomes `#f(i)` (names kept). */
export function remapColumns(e: Expr, f: (index: number) => number): Expr {
  return mapExpr(e, (x) => (x.kind === 'column' ? { ...x, index: f(x.index) } : x));
}

/** Add `delta` to every column index. */
export function shiftColumns(e: Expr, delta: number): Expr {
  return delta === 0 ? e : remapColumns(e, (i) => i + delta);
}

/** Visit every node of `e` (pre-order). */
export function forEachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'literal':
    case 'column':
    case 'param':
      return;
    case 'call':
      for (const a of e.args) forEachExpr(a, visit);
      return;
    case 'case':
      for (const w of e.whens) {
        forEachExpr(w.when, visit);
        forEachExpr(w.then, visit);
      }
      if (e.otherwise !== null) forEachExpr(e.otherwise, visit);
      return;
    case 'cast':
      forEachExpr(e.expr, visit);
      return;
    case 'in_list':
      forEachExpr(e.expr, visit);
      for (const x of e.list) forEachExpr(x, visit);
      return;
    default:
      assertNever(e, 'expression kind');
  }
}

/** Call `f` on every column index `e` reads (with repeats), stopping early when `f` returns false. */
function everyColumn(e: Expr, f: (index: number) => boolean): boolean {
  switch (e.kind) {
    case 'column':
      return f(e.index);
    case 'literal':
    case 'param':
      return true;
    case 'call':
      return e.args.every((a) => everyColumn(a, f));
    case 'case':
      return (
        e.whens.every((w) => everyColumn(w.when, f) && everyColumn(w.then, f)) && (e.otherwise === null || everyColumn(e.otherwise, f))
      );
    case 'cast':
      return everyColumn(e.expr, f);
    case 'in_list':
      return everyColumn(e.expr, f) && e.list.every((x) => everyColumn(x, f));
    default:
      return assertNever(e, 'expression kind');
  }
}

/** The column indices `e` reads, ascending and unique. */
export function referencedColumns(e: Expr): number[] {
  const out: number[] = [];
  everyColumn(e, (i) => {
    if (!out.includes(i)) out.push(i);
    return true;
  });
  return out.length > 1 ? out.sort((a, b) => a - b) : out;
}

/** Whether `e` reads any column. */
export function readsColumns(e: Expr): boolean {
  return !everyColumn(e, () => false);
}

/** Whether every column `e` reads lies in [from, to). */
export function columnsWithin(e: Expr, from: number, to: number): boolean {
  return everyColumn(e, (i) => i >= from && i < to);
}

/** Equality of two scalar values of the same IR type (bytes and intervals by content). */
export function scalarEquals(a: Scalar, b: Scalar): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((v, i) => v === b[i]);
  if (typeof a === 'object' && typeof b === 'object' && !(a instanceof Uint8Array) && !(b instanceof Uint8Array)) {
    return a.months === b.months && a.nanos === b.nanos;
  }
  return false;
}

/** Structural equality, ignoring spans and column display names. */
export function exprEquals(a: Expr, b: Expr): boolean {
  switch (a.kind) {
    case 'literal':
      return b.kind === 'literal' && a.type === b.type && scalarEquals(a.value, b.value);
    case 'column':
      return b.kind === 'column' && a.index === b.index;
    case 'param':
      return b.kind === 'param' && a.name === b.name && a.type === b.type;
    case 'call':
      return b.kind === 'call' && a.fn === b.fn && listEquals(a.args, b.args);
    case 'case':
      return (
        b.kind === 'case' &&
        a.whens.length === b.whens.length &&
        a.whens.every((w, i) => {
          const o = b.whens[i];
          return o !== undefined && exprEquals(w.when, o.when) && exprEquals(w.then, o.then);
        }) &&
        (a.otherwise === null ? b.otherwise === null : b.otherwise !== null && exprEquals(a.otherwise, b.otherwise))
      );
    case 'cast':
      return b.kind === 'cast' && a.to === b.to && exprEquals(a.expr, b.expr);
    case 'in_list':
      return b.kind === 'in_list' && a.negated === b.negated && exprEquals(a.expr, b.expr) && listEquals(a.list, b.list);
    default:
      return assertNever(a, 'expression kind');
  }
}

function listEquals(a: readonly Expr[], b: readonly Expr[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return y !== undefined && exprEquals(x, y);
  });
}

/** Whether `e` gives the same value for the same row every time (no volatile functions). */
export function isDeterministic(e: Expr): boolean {
  let ok = true;
  forEachExpr(e, (x) => {
    if (x.kind === 'call' && lookupFunction(x.fn)?.deterministic === false) ok = false;
  });
  return ok;
}
