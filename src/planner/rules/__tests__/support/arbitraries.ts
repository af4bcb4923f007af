/**
 * fast-check generators for rule property tests: random small tables
 * (int64/float64/utf8/bool/timestamp columns with NULLs, values over each
 * type's whole domain weighted to edges) as Values nodes, and random
 * predicates and projections over a given schema.
 */
import fc from 'fast-check';
import type { DataType, Scalar } from '../../../../types/data-type.js';
import type { Field, Schema } from '../../../../types/schema.js';
import type { Expr, NamedExpr } from '../../../ir/expr.js';
import { Values } from '../../../ir/nodes/values.js';
import { int64Arb, valueArb } from '../../../../types/__tests__/support/value-arbitraries.js';
import type { ValuesRel } from '../../../ir/rel.js';

export type ColType = 'int64' | 'float64' | 'utf8' | 'bool' | 'timestamp';
const COL_TYPES: readonly ColType[] = ['int64', 'float64', 'utf8', 'bool', 'timestamp'];

/** Values of a column type over its whole domain, weighted to edges (types/__tests__/support). */
export function valueOf(type: ColType): fc.Arbitrary<Scalar> {
  return valueArb(type);
}

export const fieldArb = (name: string): fc.Arbitrary<Field> =>
  fc.record({ type: fc.constantFrom(...COL_TYPES), nullable: fc.boolean() }).map(({ type, nullable }) => ({ name, type, nullable }));

export function schemaArb(prefix: string, minCols = 1, maxCols = 4): fc.Arbitrary<Schema> {
  return fc
    .integer({ min: minCols, max: maxCols })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => fieldArb(`${prefix}${i}`))))
    .map((fields) => ({ fields }));
}

export function rowsArb(schema: Schema, maxRows = 10): fc.Arbitrary<Scalar[][]> {
  const cell = (f: Field): fc.Arbitrary<Scalar> => {
    const v = valueOf(f.type as ColType);
    return f.nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: v }) : v;
  };
  return fc.array(fc.tuple(...schema.fields.map(cell)), { maxLength: maxRows });
}

/** A random table: a Values node with a random schema and rows. */
export function tableArb(prefix: string, options: { minCols?: number; maxCols?: number; maxRows?: number } = {}): fc.Arbitrary<ValuesRel> {
  return schemaArb(prefix, options.minCols ?? 1, options.maxCols ?? 4).chain((schema) =>
    rowsArb(schema, options.maxRows ?? 10).map((rows) => Values.create(schema, rows)),
  );
}

const colExpr = (schema: Schema, i: number): Expr => ({ kind: 'column', index: i, name: schema.fields[i]?.name ?? `#${i}` });

/** A comparison, null test or constant over a random column of `schema`. */
function atomArb(schema: Schema): fc.Arbitrary<Expr> {
  const n = schema.fields.length;
  return fc.integer({ min: 0, max: n - 1 }).chain((i) => {
    const f = schema.fields[i];
    const type = (f?.type ?? 'int64') as ColType;
    const column = colExpr(schema, i);
    // a numeric column meets literals of either numeric type (int64 vs float64 compares exactly)
    const litType: fc.Arbitrary<ColType> = isNum(type) ? fc.constantFrom<ColType>('int64', 'float64') : fc.constant(type);
    const literal = litType.chain((t) => valueOf(t).map((value): Expr => ({ kind: 'literal', value, type: t })));
    const others = schema.fields.map((g, j) => ({ g, j })).filter(({ g }) => g.type === type || (isNum(g.type) && isNum(type)));
    const cmp = fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge');
    return fc.oneof(
      { weight: 4, arbitrary: fc.tuple(cmp, literal).map(([fn, l]): Expr => ({ kind: 'call', fn, args: [column, l] })) },
      {
        weight: 2,
        arbitrary: fc.tuple(cmp, fc.constantFrom(...others)).map(([fn, { j }]): Expr => ({ kind: 'call', fn, args: [column, colExpr(schema, j)] })),
      },
      { weight: 1, arbitrary: fc.constantFrom('is_null', 'is_not_null').map((fn): Expr => ({ kind: 'call', fn, args: [column] })) },
      // two literals: constant folding must agree with the executor
      { weight: 1, arbitrary: fc.tuple(cmp, literal, literal).map(([fn, l, r]): Expr => ({ kind: 'call', fn, args: [l, r] })) },
      { weight: 1, arbitrary: fc.constantFrom<Expr>({ kind: 'literal', value: true, type: 'bool' }, { kind: 'literal', value: null, type: 'bool' }) },
    );
  });
}

const isNum = (t: DataType): boolean => t === 'int64' || t === 'float64';

/** A random bool predicate over `schema` (and/or/not of atoms, depth ≤ 2). */
export function predicateArb(schema: Schema): fc.Arbitrary<Expr> {
  const atom = atomArb(schema);
  const level1 = fc.oneof(
    { weight: 3, arbitrary: atom },
    { weight: 1, arbitrary: atom.map((a): Expr => ({ kind: 'call', fn: 'not', args: [a] })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('and', 'or'), atom, atom).map(([fn, a, b]): Expr => ({ kind: 'call', fn, args: [a, b] })) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: level1 },
    { weight: 2, arbitrary: fc.tuple(level1, level1).map(([a, b]): Expr => ({ kind: 'call', fn: 'and', args: [a, b] })) },
  );
}

/** Random projection items over `schema`: bare columns, numeric arithmetic, null tests, constants. */
export function projectionArb(schema: Schema, prefix = 'p'): fc.Arbitrary<NamedExpr[]> {
  const n = schema.fields.length;
  const item = fc.integer({ min: 0, max: n - 1 }).chain((i): fc.Arbitrary<Expr> => {
    const f = schema.fields[i];
    const column = colExpr(schema, i);
    if (f?.type === 'int64') {
      return fc.oneof(fc.constant(column), int64Arb.map((k): Expr => ({ kind: 'call', fn: 'add', args: [column, { kind: 'literal', value: k, type: 'int64' }] })));
    }
    if (f?.type === 'float64') {
      return fc.oneof(fc.constant(column), fc.constant<Expr>({ kind: 'call', fn: 'mul', args: [column, { kind: 'literal', value: 2, type: 'float64' }] }));
    }
    return fc.oneof(fc.constant(column), fc.constant<Expr>({ kind: 'call', fn: 'is_null', args: [column] }));
  });
  const constant = fc.constantFrom<Expr>({ kind: 'literal', value: 7n, type: 'int64' }, { kind: 'literal', value: 'k', type: 'utf8' });
  const anyItem = fc.oneof({ weight: 6, arbitrary: item }, { weight: 1, arbitrary: constant });
  return fc.array(anyItem, { minLength: 1, maxLength: 4 }).map((exprs) => exprs.map((expr, i) => ({ expr, name: `${prefix}${i}` })));
}
