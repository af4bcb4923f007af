/**
 * Finds where an RQ operator call stands in the query text, for errors raised
 * while it is lowered (TYPE_MISMATCH from the IR's type rules): RQ keeps no
 * spans on expressions, so the call is looked up by its shape — an infix
 * operator between its operands' texts (`name > 3`), else the function's
 * name (`text.lower`). Best effort: undefined when nothing matches.
 */
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import { offsetSpan } from './prql-error.js';
import { tagOf, type RqExpr, type RqLiteral } from './rq-types.js';

const INFIX: Readonly<Record<string, string>> = {
  'std.add': '+', 'std.sub': '-', 'std.mul': '*', 'std.div': '/', 'std.mod': '%', 'std.div_i': '//',
  'std.eq': '==', 'std.ne': '!=', 'std.gt': '>', 'std.lt': '<', 'std.gte': '>=', 'std.lte': '<=',
  'std.and': '&&', 'std.or': '||', 'std.coalesce': '??', 'std.regex_search': '~=', 'std.concat': '++',
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex source matching the text of an operand, or undefined when its text is unknown. */
function operandPattern(e: RqExpr, nameOf: (cid: number) => string | undefined): string | undefined {
  const k = e.kind;
  switch (tagOf(k)) {
    case 'ColumnRef': {
      const name = nameOf((k as { ColumnRef: number }).ColumnRef);
      return name === undefined ? undefined : `(?:[\\w.]*\\.)?\`?${escape(name)}\`?`;
    }
    case 'Literal': {
      const l = (k as { Literal: RqLiteral }).Literal;
      if (l === 'Null') return 'null';
      if ('Integer' in l || 'Float' in l) return escape(String('Integer' in l ? l.Integer : l.Float)).replace(/\d(?=\d)/g, '$&_?');
      if ('String' in l) return `["']${escape(l.String)}["']`;
      if ('Boolean' in l) return String(l.Boolean);
      return undefined;
    }
    case 'Param':
      return `\\$${escape((k as { Param: string }).Param)}`;
    default:
      return undefined;
  }
}

/** The span of the operator call `name(args)` in `source`, when it can be found. */
export function locateOperator(name: string, args: readonly RqExpr[], source: string, nameOf: (cid: number) => string | undefined): SourceSpan | undefined {
  const op = Object.hasOwn(INFIX, name) ? INFIX[name] : undefined;
  const [a, b] = args;
  if (op !== undefined && a !== undefined && b !== undefined) {
    const left = operandPattern(a, nameOf);
    const right = operandPattern(b, nameOf);
    if (left !== undefined && right !== undefined) {
      // `a ++ b` is read by prql-js 0.12 as `a + (+b)`
      const opText = op === '+' ? '\\+\\+?' : escape(op);
      const m = new RegExp(`${left}\\s*${opText}\\s*${right}`, 'u').exec(source);
      if (m !== null) return offsetSpan(source, m.index, m[0].length);
    }
    // one operand is a call or a group (`(name | text.length) + "a"`): the operator beside the other one, when unique
    const side = left !== undefined ? `${left}\\s*${escape(op)}(?!${escape(op)})` : right !== undefined ? `(?<!${escape(op)})${escape(op)}\\s*${right}` : undefined;
    const found = side === undefined || (left !== undefined && right !== undefined) ? [] : [...source.matchAll(new RegExp(side, 'gu'))];
    const only = found.length === 1 ? found[0] : undefined;
    if (only !== undefined) return offsetSpan(source, only.index, only[0].length);
  }
  const word = name.split('.').pop() ?? '';
  const m = word === '' ? null : new RegExp(`(?<![\\w$])${escape(word)}(?!\\w)`, 'u').exec(source);
  if (m !== null && op === undefined) return offsetSpan(source, m.index, word.length);
  return undefined;
}

/** `error` with the span of the call attached, when it has none and the call is found. */
export function withOperatorSpan(error: PyralogError, name: string, args: readonly RqExpr[], source: string, nameOf: (cid: number) => string | undefined): PyralogError {
  if (error.spans.length > 0) return error;
  const span = locateOperator(name, args, source, nameOf);
  if (span === undefined) return error;
  return new PyralogError(error.code, error.message, { phase: error.phase, spans: [span], hints: error.hints, cause: error.cause, sourceText: source, details: error.details });
}

/**
 * `error` located at the transform (or `case`) it came from, when the error
 * has no span and the keyword (`filter`, `aggregate`, …) occurs exactly once
 * as a word in the text — with several, which one raised it is unknown.
 */
export function withTransformSpan(error: PyralogError, keyword: string | undefined, source: string): PyralogError {
  if (error.spans.length > 0 || keyword === undefined) return error;
  const all = [...source.matchAll(new RegExp(`(?<![\\w$.])${escape(keyword)}(?![\\w])`, 'gu'))];
  const only = all.length === 1 ? all[0] : undefined;
  if (only === undefined) return error;
  const span = offsetSpan(source, only.index, keyword.length);
  return new PyralogError(error.code, error.message, { phase: error.phase, spans: [span], hints: error.hints, cause: error.cause, sourceText: source, details: error.details });
}
