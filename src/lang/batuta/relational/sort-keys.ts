/** Sort keys of order-by and window `:order`: `:col` ascending, `[expr :asc|:desc]`; NULLs last ascending, first descending. */
import { BVector, Keyword } from '../../../grammars/batuta/forms.js';
import { asc, desc } from '../../../planner/ir/expr-builders.js';
import type { SortKey } from '../../../planner/ir/expr.js';
import { compileError } from '../batuta-error.js';
import type { Value } from '../values.js';
import { compileExpr, type ExprScope } from './compile-expr.js';

export function sortKeys(keys: readonly Value[], s: ExprScope): SortKey[] {
  return keys.map((k) => {
    if (k instanceof BVector) {
      const dir = k.items[1];
      if (k.items.length !== 2 || !(dir instanceof Keyword) || (dir.name !== 'asc' && dir.name !== 'desc')) throw compileError('a sort key is :col or [:col :asc] / [:col :desc]', k);
      const e = compileExpr(k.items[0] ?? null, s);
      return dir.name === 'desc' ? desc(e, true) : asc(e, false);
    }
    return asc(compileExpr(k, s), false);
  });
}
