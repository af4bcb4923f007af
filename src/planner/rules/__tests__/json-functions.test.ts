/**
 * The JSON-building vocabulary (planner/ir/functions-json.ts) through the
 * IR, the executor and the rewrite rules that can touch it: typing through
 * the node constructors, printing, the encoding of edge values, json_agg's
 * ordering, and property tests (random tables with NaN, -0, int64 beyond
 * 2^53, astral text, NULLs) that merge-projects, filter-through-project,
 * common-subexpressions, simplify-expressions and prune-columns keep results
 * the same when json_object / json_agg are in the plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeRel } from '../../../engine/exec/index.js';
import { Aggregate, Filter, Project, Values, agg, call, col, isNotNull, lit, makeField, makeSchema, named, printPlan, type Expr, type Rel } from '../../ir/index.js';
import type { Schema } from '../../../types/schema.js';
import { commonSubexpressions } from '../common-subexpressions.js';
import { filterThroughProject } from '../filter-through-project.js';
import { mergeProjects } from '../merge-projects.js';
import { pruneColumns } from '../prune-columns.js';
import { simplifyExpressions } from '../simplify-expressions.js';
import { tableArb } from './support/arbitraries.js';
import { checkRule } from './support/property.js';

const schema: Schema = makeSchema([
  makeField('i', 'int64', true),
  makeField('f', 'float64', true),
  makeField('s', 'utf8', true),
  makeField('t', 'timestamp', true),
  makeField('b', 'bool', true),
]);

const rows = Values.create(schema, [
  [9_007_199_254_740_993n, Number.NaN, 'a "quote" \\ and 😀', 1_230_768_000_123_000_000n, true],
  [-3n, -0, null, 0n, false],
  [null, Number.POSITIVE_INFINITY, '', null, null],
]);

/** json_object of every column of `s`, keyed by the column names. */
function objectOf(s: Schema): Expr {
  return call('json_object', ...s.fields.flatMap((f, i) => [lit(f.name, 'utf8'), col(i, f.name)]));
}

describe('json_object and json_agg in the IR', () => {
  it('type-check through the constructors', () => {
    const p = Project.create(rows, [named(objectOf(schema), 'j')]);
    expect(p.schema.fields[0]).toMatchObject({ type: 'utf8', nullable: false });
    expect(() => Project.create(rows, [named(call('json_object', col(0), col(1)), 'j')])).toThrow(/TYPE_MISMATCH|must be a text literal/);
    expect(() => Project.create(rows, [named(call('json_object', lit('a', 'utf8')), 'j')])).toThrow(/key\/value pairs/);
    const a = Aggregate.create(rows, [], [agg('json_agg', [objectOf(schema), col(0)], 'all')]);
    expect(a.schema.fields[0]).toMatchObject({ type: 'utf8', nullable: false });
    expect(() => Aggregate.create(rows, [], [agg('json_agg', [col(0)], 'bad')])).toThrow(/json_agg needs JSON text/);
    expect(() => Aggregate.create(rows, [], [agg('json_agg', [col(2), col(2)], 'bad')])).toThrow(/ordinal must be int64/);
  });

  it('print in explain', () => {
    const inner = Project.create(rows, [named(col(0), 'i'), named(call('json_object', lit('s', 'utf8'), col(2)), 'j')]);
    const a = Aggregate.create(inner, [], [agg('json_agg', [col(1), col(0)], 'js')]);
    expect(printPlan(a)).toMatchInlineSnapshot(`
      "Aggregate: by [] [json_agg(#1 j, #0 i) as js]
        Project: #0 i, json_object('s', #2 s) as j
          Values: 3 rows [i, f, s, t, b]"
    `);
  });

  it('encode edge values as JSON (int64 beyond 2^53 as text, NaN and Infinity as text, ISO timestamps)', () => {
    const out = executeRel(Project.create(rows, [named(objectOf(schema), 'j')])).arrays().map((r) => r[0] as string);
    expect(out).toEqual([
      '{"i":"9007199254740993","f":"NaN","s":"a \\"quote\\" \\\\ and 😀","t":"2009-01-01T00:00:00.123","b":true}',
      '{"i":-3,"f":0,"s":null,"t":"1970-01-01T00:00:00","b":false}',
      '{"i":null,"f":"Infinity","s":"","t":null,"b":null}',
    ]);
    expect(JSON.parse(out[0]!)).toMatchObject({ s: 'a "quote" \\ and 😀' });
  });

  it('embed JSON text under a :json key', () => {
    const inner = call('json_object', lit('x', 'utf8'), col(0));
    const outer = call('json_object', lit('o:json', 'utf8'), inner, lit('raw', 'utf8'), lit('[1]', 'utf8'));
    expect(executeRel(Project.create(rows, [named(outer, 'j')])).arrays()[1]).toEqual(['{"o":{"x":-3},"raw":"[1]"}']);
  });

  it('json_agg orders by the ordinal (stable), skips NULL texts, and gives [] for no rows', () => {
    const items = Values.create(makeSchema([makeField('g', 'int64', false), makeField('v', 'utf8', true), makeField('o', 'int64', true)]), [
      [1n, '"c"', 3n],
      [1n, '"a"', 1n],
      [2n, null, 1n],
      [1n, '"b"', 1n],
      [2n, '"z"', 9n],
    ]);
    const grouped = Aggregate.create(items, [named(col(0), 'g')], [agg('json_agg', [col(1), col(2)], 'vs')]);
    expect(executeRel(grouped).arrays().sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1n, '["a","b","c"]'],
      [2n, '["z"]'],
    ]);
    const none = Aggregate.create(Filter.create(items, lit(false)), [], [agg('json_agg', [col(1)], 'vs')]);
    expect(executeRel(none).arrays()).toEqual([['[]']]);
  });
});

describe('rules keep results with JSON in the plan (property)', () => {
  const withJson = (t: Rel): Rel => Project.create(t, [...t.schema.fields.map((f, i) => named(col(i, f.name), f.name)), named(objectOf(t.schema), 'j')]);

  it('merge-projects: a json_object built over an inner projection', () => {
    const plans = tableArb('c').map((t) => {
      const inner = withJson(t);
      const n = inner.schema.fields.length;
      return Project.create(inner, [named(call('json_object', lit('row:json', 'utf8'), col(n - 1), lit('first', 'utf8'), col(0)), 'k')]);
    });
    checkRule(mergeProjects, plans, { mayDecline: true });
  });

  it('filter-through-project: a predicate over the JSON column', () => {
    const plans = tableArb('c').map((t) => {
      const p = withJson(t);
      const n = p.schema.fields.length;
      return Filter.create(p, call('like', col(n - 1), lit('%null%', 'utf8')));
    });
    checkRule(filterThroughProject, plans);
  });

  it('common-subexpressions: the same json_object twice', () => {
    const plans = tableArb('c').map((t) =>
      Project.create(t, [named(call('concat', objectOf(t.schema), lit('!', 'utf8')), 'a'), named(call('length', objectOf(t.schema)), 'b')]),
    );
    checkRule(commonSubexpressions, plans, { mayDecline: true });
  });

  it('simplify-expressions: identities folded inside json_object', () => {
    const plans = tableArb('c').map((t) =>
      Project.create(t, [
        named(call('json_object', lit('k', 'utf8'), lit(1n, 'int64'), lit('c', 'utf8'), col(0), lit('n', 'utf8'), call('and', isNotNull(col(0)), lit(true))), 'j'),
      ]),
    );
    checkRule(simplifyExpressions, plans, { mayDecline: true });
  });

  it('prune-columns: an aggregate with json_agg, only some outputs read', () => {
    const plans = tableArb('c').map((t) => {
      const p = withJson(t);
      const n = p.schema.fields.length;
      const a = Aggregate.create(p, [named(col(0), 'k')], [agg('json_agg', [col(n - 1)], 'all'), agg('count', [], 'n')]);
      return Project.create(a, [named(col(0), 'k'), named(col(2), 'n')]);
    });
    checkRule(pruneColumns, plans);
  });
});
