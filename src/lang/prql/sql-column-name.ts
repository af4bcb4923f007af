/**
 * The name SQLite gives an unnamed result column of prqlc's SQL: the
 * expression's text as prqlc prints it (`bytes + 1`). Covers column
 * references, literals and the infix operators; anything else gets prqlc's
 * `_expr_N` style placeholder.
 */
import { tagOf, type RqExpr, type RqLiteral } from './rq-types.js';

const INFIX: Readonly<Record<string, string>> = {
  'std.add': '+',
  'std.sub': '-',
  'std.mul': '*',
  'std.mod': '%',
  'std.eq': '=',
  'std.ne': '<>',
  'std.gt': '>',
  'std.lt': '<',
  'std.gte': '>=',
  'std.lte': '<=',
  'std.and': 'AND',
  'std.or': 'OR',
};

function literalText(l: RqLiteral): string | undefined {
  if (l === 'Null') return 'NULL';
  if ('Integer' in l) return String(l.Integer);
  if ('Float' in l) return String(l.Float);
  if ('String' in l) return `'${l.String.replace(/'/g, "''")}'`;
  if ('Boolean' in l) return l.Boolean ? 'true' : 'false';
  return undefined;
}

/** SQL text of `e`, or undefined when prqlc would print something this does not model. */
export function sqlText(e: RqExpr, nameOf: (cid: number) => string | undefined): string | undefined {
  const k = e.kind;
  switch (tagOf(k)) {
    case 'ColumnRef':
      return nameOf((k as { ColumnRef: number }).ColumnRef);
    case 'Literal':
      return literalText((k as { Literal: RqLiteral }).Literal);
    case 'Operator': {
      const { name, args } = (k as { Operator: { name: string; args: readonly RqExpr[] } }).Operator;
      const op = Object.hasOwn(INFIX, name) ? INFIX[name] : undefined;
      const [a, b] = args;
      if (op === undefined || a === undefined || b === undefined || args.length !== 2) return undefined;
      const l = sqlText(a, nameOf);
      const r = sqlText(b, nameOf);
      return l === undefined || r === undefined ? undefined : `${l} ${op} ${r}`;
    }
    default:
      return undefined;
  }
}
