/**
 * GraphQL benchmark over Chinook (with its foreign keys): nested requests
 * compiled into one plan per root field (runGraphql) against a naive
 * graphql-js server written here only for comparison — a resolver per field,
 * each relationship or aggregate field one engine lookup per parent row
 * (prepared PRQL queries and primary-key gets: the N+1 pattern); both answers
 * are checked equal first. Also the compile time (parse + validate + plan,
 * with and without the rewrite rules) of the same requests.
 * Usage: node dist/bench/graphql.js [iterations=5]
 */
import { pathToFileURL } from 'node:url';
import { execute, parse, type GraphQLFieldResolver } from 'graphql';
import { graphqlSchema, prepareGraphql, runGraphql, type Database, type PreparedQuery } from '../src/index.js';
import { graphqlCatalog } from '../src/engine/graphql-schema-cache.js';
import { optimizedPlan } from '../src/engine/graphql-run-plan.js';
import { compileRequest } from '../src/lang/graphql/compile-request.js';
import type { GqlModel, GqlTable } from '../src/lang/graphql/catalog-model.js';
import { jsonValue } from '../src/types/json-encode.js';
import type { Scalar } from '../src/types/data-type.js';
import { openChinookGraphql } from '../test/graphql/chinook-graphql.js';
import { QUICK, measureAll, perOp } from './lib/harness.js';
import { fromStats, MS, US } from './lib/result.js';
import type { BenchResult } from './lib/types.js';

export const REQUESTS: readonly { readonly name: string; readonly query: string }[] = [
  {
    name: 'artists → albums → tracks (filters, aggregates)',
    query:
      '{ artists(where: {artist_id: {_lte: 60}}) { name albums { title tracks(where: {milliseconds: {_gt: 200000}}) { name milliseconds } tracks_aggregate { aggregate { count sum { milliseconds } } } } } }',
  },
  {
    name: 'customers → invoices → invoice_items → track',
    query: '{ customers(where: {customer_id: {_lte: 20}}) { first_name invoices { total invoice_items { quantity track { name } } } } }',
  },
];

type Row = Record<string, Scalar>;
type Args = Record<string, unknown>;

/** A PRQL filter for the tiny `where` subset the bench requests use: {col: {_op: value}}. */
function prqlFilter(where: Args | undefined): string {
  const ops: Record<string, string> = { _eq: '==', _neq: '!=', _gt: '>', _gte: '>=', _lt: '<', _lte: '<=' };
  const parts: string[] = [];
  for (const [col, cmp] of Object.entries(where ?? {})) {
    for (const [op, v] of Object.entries(cmp as Args)) parts.push(`${col} ${ops[op]} ${typeof v === 'string' && /^-?\d+$/.test(v) ? v : JSON.stringify(v)}`);
  }
  return parts.length === 0 ? '' : ` && ${parts.join(' && ')}`;
}

/** The naive server: graphql-js executing with one resolver per field and one engine lookup per relationship field per row. */
function naiveResolver(db: Database, model: GqlModel): GraphQLFieldResolver<unknown, unknown> {
  const prepared = new Map<string, PreparedQuery>();
  const query = (text: string, params: Record<string, Scalar>): Row[] => {
    let p = prepared.get(text);
    if (p === undefined) {
      p = db.prepare('prql', text, params);
      prepared.set(text, p);
    }
    return p.runSync(params).rows() as Row[];
  };
  const tableOf = (typeName: string): GqlTable | undefined => model.tables.get(typeName);
  return (source, args, _ctx, info) => {
    const parent = info.parentType.name;
    const field = info.fieldName;
    if (parent === 'query_root') {
      const t = model.tables.get(field)!;
      const key = t.schema.fields[t.key[0]!]!.name;
      return query(`from ${field} | filter true${prqlFilter((args as Args)['where'] as Args)} | sort ${key}`, {}).map((r) => ({ table: t, row: r }));
    }
    const t = tableOf(parent);
    if (t !== undefined) {
      const { row } = source as { table: GqlTable; row: Row };
      const c = t.columnByName.get(field);
      if (c !== undefined) return jsonValue(row[c.name] ?? null, c.type);
      const aggregate = field.endsWith('_aggregate');
      const rel = t.relationships.get(aggregate ? field.slice(0, -'_aggregate'.length) : field)!;
      const target = model.tables.get(rel.target)!;
      const local = t.schema.fields[rel.pairs[0]!.local]!.name;
      const remote = target.schema.fields[rel.pairs[0]!.remote]!.name;
      if (rel.kind === 'object') {
        const got = db.table(target.name).get([row[local] ?? null]);
        return got === undefined ? null : { table: target, row: got };
      }
      const where = prqlFilter((args as Args)['where'] as Args);
      if (aggregate) {
        const [r] = query(`from ${target.name} | filter ${remote} == $k${where} | aggregate {count = count this, ms = sum milliseconds}`, { k: row[local] ?? null });
        return { count: Number(r!['count']), sum: { milliseconds: Number(r!['ms']) } };
      }
      const key = target.schema.fields[target.key[0]!]!.name;
      return query(`from ${target.name} | filter ${remote} == $k${where} | sort ${key}`, { k: row[local] ?? null }).map((r) => ({ table: target, row: r }));
    }
    if (field === 'aggregate') return source;
    return (source as Record<string, unknown>)[field];
  };
}

export async function run(iterations = 5): Promise<BenchResult[]> {
  const db = await openChinookGraphql();
  const schema = graphqlSchema(db);
  const { model } = graphqlCatalog(db);
  const resolver = naiveResolver(db, model);
  const results: BenchResult[] = [];
  for (const r of REQUESTS) {
    const document = parse(r.query);
    const naive = (): unknown => execute({ schema, document, fieldResolver: resolver });
    const planned = (): Promise<unknown> => runGraphql(db, { query: r.query });
    const a = JSON.stringify(await planned());
    const b = JSON.stringify(await naive());
    if (a !== b) throw new Error(`bench answers differ for ${r.name}:\n${a.slice(0, 300)}\n${b.slice(0, 300)}`);
    const m = await measureAll({ planned, naive }, { iterations: QUICK ? 2 : iterations, time: QUICK ? 20 : 200 });
    const p = m['planned']!;
    const n = m['naive']!;
    results.push(
      fromStats('graphql', `${r.name}: one plan per root field`, p, MS, {
        compare: { name: 'naive resolver per field (graphql-js, one engine lookup per field)', stats: n },
        note: `${(n.median / p.median).toFixed(1)}x faster; ${a.length} bytes of JSON`,
      }),
    );
  }
  const compileOnly = (): void => {
    for (const r of REQUESTS) {
      const c = compileRequest(model, schema, { query: r.query });
      if ('errors' in c) throw new Error(JSON.stringify(c.errors));
    }
  };
  const compileAndOptimize = (): void => {
    for (const r of REQUESTS) {
      const c = compileRequest(model, schema, { query: r.query });
      if ('errors' in c) throw new Error(JSON.stringify(c.errors));
      for (const root of c.lowered.roots) if (root.kind === 'read') optimizedPlan(root.plan.rel);
    }
  };
  const c = await measureAll({ compile: compileOnly, optimize: compileAndOptimize, prepare: () => REQUESTS.map((r) => prepareGraphql(db, { query: r.query })) }, { iterations: QUICK ? 2 : 20, time: QUICK ? 20 : 200 });
  results.push(
    fromStats('graphql', 'compile: parse + validate + plan', perOp(c['compile']!, REQUESTS.length), US, { note: 'per request, the two nested requests above' }),
    fromStats('graphql', 'compile + rewrite rules', perOp(c['optimize']!, REQUESTS.length), US, { note: 'per request: the plan after optimize()' }),
    fromStats('graphql', 'prepareGraphql, a repeated request', perOp(c['prepare']!, REQUESTS.length), US, { note: 'per request, through the public API: the compiled request (and its optimized plans) are cached per schema' }),
  );
  db.close();
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run(Number(process.argv[2] ?? 5));
  console.table(
    results.map((r) => ({
      name: r.name,
      value: Number(r.value.toFixed(3)),
      unit: r.unit,
      compare: r.compare ? `${r.compare.name}: ${r.compare.value.toFixed(3)} ${r.compare.unit}` : '',
      note: r.note ?? '',
    })),
  );
}
