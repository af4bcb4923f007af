/**
 * Whether a predicate rejects rows in which a given range of columns is all
 * NULL (the rows an outer join pads): substitute NULL for those columns, fold,
 * and see whether the result is false or NULL. Used to turn outer joins into
 * inner ones when a filter above would drop the padded rows anyway.
 */
import type { Schema } from '../../types/schema.js';
import type { Expr } from '../ir/expr.js';
import { substituteColumns } from '../ir/expr-utils.js';
import { simplifyExpr } from './fold-expr.js';

export function rejectsNullColumns(pred: Expr, schema: Schema, from: number, to: number): boolean {
  const nulled = substituteColumns(pred, (i) => {
    if (i < from || i >= to) return { kind: 'column', index: i };
    return { kind: 'literal', value: null, type: schema.fields[i]?.type ?? 'null' };
  });
  const folded = simplifyExpr(nulled, schema);
  return folded.kind === 'literal' && (folded.value === false || folded.value === null);
}
