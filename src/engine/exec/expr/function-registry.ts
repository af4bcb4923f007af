/**
 * The executor's table of scalar functions: every name of the function
 * vocabulary mapped to a kernel factory `(args, outType) => (chunk) => Column`.
 */
import type { DataType } from '../../../types/data-type.js';
import type { Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { CompiledExpr } from './kernel-util.js';
import { arith, divFloat, intDivMod } from './fn-arithmetic.js';
import { coalesce, comparison, distinctFrom, logic, not, nullif, nullTest } from './fn-compare.js';
import { TEXT_FUNCTIONS } from './fn-text.js';
import { MATH_FUNCTIONS } from './fn-math.js';
import { DATETIME_FUNCTIONS } from './fn-datetime.js';
import { jsonObject } from './fn-json.js';

export type KernelFactory = (args: readonly CompiledExpr[], outType: DataType) => (c: Chunk) => Column;

export const FUNCTIONS: Readonly<Record<string, KernelFactory>> = {
  add: arith('add'),
  sub: arith('sub'),
  mul: arith('mul'),
  div: divFloat,
  div_int: intDivMod('div_int'),
  mod: intDivMod('mod'),
  eq: comparison('eq'),
  ne: comparison('ne'),
  lt: comparison('lt'),
  le: comparison('le'),
  gt: comparison('gt'),
  ge: comparison('ge'),
  is_null: nullTest(true),
  is_not_null: nullTest(false),
  is_distinct_from: distinctFrom(false),
  is_not_distinct_from: distinctFrom(true),
  and: logic('and'),
  or: logic('or'),
  not,
  coalesce,
  nullif,
  ...TEXT_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  json_object: jsonObject,
};
