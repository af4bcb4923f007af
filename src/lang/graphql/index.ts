/**
 * GraphQL as a registered query language (`db.query('graphql', …)`,
 * `pyralog explain --lang graphql`): a request with one root query field
 * compiles to that field's plan, whose rows are the field's flattened
 * columns (nested lists and aggregates as JSON text). Whole responses in
 * GraphQL's `{data, errors}` shape come from `prepareGraphql` (engine).
 */
import type { CatalogView, CompileOptions, Language } from '../registry.js';
import type { Rel } from '../../planner/ir/rel.js';
import { PyralogError, type SourceSpan } from '../../errors/pyralog-error.js';
import { isErrorCode } from '../../errors/error-codes.js';
import type { Scalar } from '../../types/data-type.js';
import { buildModel, type GqlModel, type GraphqlTableSource } from './catalog-model.js';
import { buildSchema } from './build-schema.js';
import { compileRequest } from './compile-request.js';

export { buildModel, buildSchema, compileRequest };
export type { GqlModel, GraphqlTableSource };

function modelOf(catalog: CatalogView): GqlModel {
  const sources: GraphqlTableSource[] = [];
  for (const name of catalog.tables()) {
    const t = catalog.table(name);
    if (t !== undefined) sources.push({ name: t.name, schema: t.schema, primaryKey: t.primaryKey, foreignKeys: t.foreignKeys ?? [] });
  }
  return buildModel(sources);
}

/** A query parameter as a GraphQL variable value (int64 beyond 2^53 as text, as the bigint scalar takes it). */
function variableOf(v: Scalar): unknown {
  return typeof v === 'bigint' ? (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v;
}

export const graphqlLanguage: Language = {
  name: 'graphql',
  compile(text: string, catalog: CatalogView, options?: CompileOptions): Rel {
    const model = modelOf(catalog);
    const variables = Object.fromEntries(Object.entries(options?.params ?? {}).map(([k, v]) => [k, variableOf(v)]));
    const compiled = compileRequest(model, buildSchema(model), { query: text, variables });
    if ('errors' in compiled) {
      const first = compiled.errors[0];
      const code = first?.extensions['code'];
      const spans: SourceSpan[] = (first?.locations ?? []).map((l) => ({ line: l.line, column: l.column }));
      throw new PyralogError(typeof code === 'string' && isErrorCode(code) ? code : 'GRAPHQL_VALIDATION_FAILED', first?.message ?? 'invalid request', {
        phase: 'parse',
        spans,
        sourceText: text,
      });
    }
    const reads = compiled.lowered.roots.filter((r) => r.kind === 'read');
    const only = reads[0];
    if (reads.length !== 1 || compiled.lowered.roots.length !== 1 || only === undefined || only.kind !== 'read') {
      throw new PyralogError('GRAPHQL_UNSUPPORTED', 'db.query with graphql runs exactly one root query field; use prepareGraphql (or pyralog query --lang graphql) for whole requests', {
        phase: 'lower',
      });
    }
    return only.plan.rel;
  },
};
