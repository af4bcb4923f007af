/**
 * What a token may see of the GraphQL schema: `visibleSchema` rebuilds the
 * catalog's schema without the tables the token does not grant (their root
 * query/subscription fields, their types, relationship fields and filter
 * inputs pointing at them) and without the mutation fields of tables it may
 * not write (all of them for a read-only token); cached per schema and grant.
 * `answerIntrospection` re-answers a request's root `__schema`/`__type`
 * fields (only those) over that schema, so introspection shows only what the
 * token can use (the engine answers it over the whole catalog). A type belongs to the table
 * whose name is its longest table-name prefix (`albums`, `albums_aggregate`,
 * `albums_bool_exp`, …).
 */
import {
  execute as executeGraphql,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldConfigArgumentMap,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type OperationDefinitionNode,
} from 'graphql';
import type { Database } from '../../engine/database.js';
import type { VerifiedToken } from '../capability-tokens.js';
import type { GraphqlRequest } from '../../engine/graphql-request.js';
import { introspectionDocument } from '../../index.js';

interface Grant {
  /** Tables the token may read (undefined: every table). */
  readonly read: ReadonlySet<string> | undefined;
  /** Tables it may write (undefined: every table it may read). */
  readonly write: ReadonlySet<string> | undefined;
  readonly readOnly: boolean;
}

function grantOf(token: VerifiedToken | undefined): Grant | undefined {
  if (token === undefined) return undefined;
  let read: Set<string> | undefined;
  let write: Set<string> | undefined;
  let readOnly = false;
  for (const c of token.caveats) {
    if (c.kind === 'read-only') readOnly = true;
    if (c.kind !== 'tables') continue;
    const r = new Set([...c.grants.keys()]);
    const w = new Set([...c.grants].filter(([, m]) => m === 'rw').map(([t]) => t));
    read = read === undefined ? r : new Set([...read].filter((t) => r.has(t)));
    write = write === undefined ? w : new Set([...write].filter((t) => w.has(t)));
  }
  if (read === undefined && !readOnly) return undefined;
  return { read, write, readOnly };
}

const cache = new WeakMap<GraphQLSchema, Map<string, GraphQLSchema>>();

/** The schema `token` may see (the whole schema for an open server or an unrestricted token). */
export function visibleSchema(schema: GraphQLSchema, tables: readonly string[], token: VerifiedToken | undefined): GraphQLSchema {
  const grant = grantOf(token);
  if (grant === undefined) return schema;
  const key = JSON.stringify([grant.read === undefined ? null : [...grant.read].sort(), grant.write === undefined ? null : [...grant.write].sort(), grant.readOnly]);
  let perSchema = cache.get(schema);
  if (perSchema === undefined) cache.set(schema, (perSchema = new Map()));
  let out = perSchema.get(key);
  if (out === undefined) {
    out = rebuild(schema, tables, grant);
    perSchema.set(key, out);
  }
  return out;
}

function rebuild(schema: GraphQLSchema, tables: readonly string[], grant: Grant): GraphQLSchema {
  const byLength = [...tables].sort((a, b) => b.length - a.length);
  const owner = (name: string): string | undefined => byLength.find((t) => name === t || name.startsWith(`${t}_`));
  const readable = (t: GraphQLNamedType): boolean => {
    const o = owner(t.name);
    return o === undefined || grant.read === undefined || grant.read.has(o);
  };
  const writable = (t: GraphQLNamedType): boolean => {
    if (grant.readOnly) return false;
    const o = owner(t.name);
    return o === undefined || (grant.write ?? grant.read) === undefined || (grant.write ?? grant.read)?.has(o) === true;
  };
  const objects = new Map<string, GraphQLObjectType>();
  const inputs = new Map<string, GraphQLInputObjectType>();
  const inputType = (t: GraphQLInputType): GraphQLInputType => {
    if (isNonNullType(t)) return new GraphQLNonNull(inputType(t.ofType));
    if (isListType(t)) return new GraphQLList(inputType(t.ofType));
    return isInputObjectType(t) ? input(t) : t;
  };
  const args = (a: GraphQLFieldConfigArgumentMap): GraphQLFieldConfigArgumentMap => {
    const out: GraphQLFieldConfigArgumentMap = {};
    for (const [k, v] of Object.entries(a)) if (readable(getNamedType(v.type))) out[k] = { ...v, type: inputType(v.type) };
    return out;
  };
  const input = (t: GraphQLInputObjectType): GraphQLInputObjectType => {
    let r = inputs.get(t.name);
    if (r === undefined) {
      const config = t.toConfig();
      r = new GraphQLInputObjectType({
        ...config,
        fields: () => {
          const out: GraphQLInputFieldConfigMap = {};
          for (const [k, v] of Object.entries(config.fields)) if (readable(getNamedType(v.type))) out[k] = { ...v, type: inputType(v.type) };
          return out;
        },
      });
      inputs.set(t.name, r);
    }
    return r;
  };
  const outputType = (t: GraphQLOutputType): GraphQLOutputType => {
    if (isNonNullType(t)) return new GraphQLNonNull(outputType(t.ofType));
    if (isListType(t)) return new GraphQLList(outputType(t.ofType));
    return isObjectType(t) ? object(t) : t;
  };
  const object = (t: GraphQLObjectType, keep: (type: GraphQLNamedType) => boolean = readable): GraphQLObjectType => {
    let r = objects.get(t.name);
    if (r === undefined) {
      const config = t.toConfig();
      r = new GraphQLObjectType({
        ...config,
        fields: () => {
          const out: GraphQLFieldConfigMap<unknown, unknown> = {};
          for (const [k, v] of Object.entries(config.fields)) if (keep(getNamedType(v.type))) out[k] = { ...v, type: outputType(v.type), args: args(v.args ?? {}) };
          return out;
        },
      });
      objects.set(t.name, r);
    }
    return r;
  };
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  const mutationRoot = mutation === null || mutation === undefined ? undefined : object(mutation, writable);
  return new GraphQLSchema({
    ...(query !== null && query !== undefined ? { query: object(query) } : {}),
    ...(mutationRoot !== undefined && Object.keys(mutationRoot.getFields()).length > 0 ? { mutation: mutationRoot } : {}),
    ...(subscription !== null && subscription !== undefined ? { subscription: object(subscription) } : {}),
    directives: schema.getDirectives(),
  });
}

/** The request's document when it may select `__schema` or `__type` (a cheap text test first). */
function introspects(query: string): DocumentNode | undefined {
  if (!query.includes('__schema') && !query.includes('__type')) return undefined;
  try {
    return parse(query);
  } catch {
    return undefined;
  }
}

/**
 * A document whose operation (`operationName`'s, or the only one) keeps
 * only its root `__schema`/`__type` fields — also those inside root inline
 * fragments and fragment spreads (a spread becomes an inline fragment with
 * the spread's directives) — and every fragment definition (introspection
 * queries nest them); undefined when it selects none. The other root
 * fields are the engine's to answer: sent through graphql-js again they
 * would be serialized twice (a Float avg of "NaN" fails).
 */
function introspectionRoots(document: DocumentNode, operationName: string | null | undefined): DocumentNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === null || operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  return operation === undefined ? undefined : introspectionDocument(document, operation);
}

/**
 * The result with its introspection fields answered over the schema `token`
 * may see (unchanged when it sees all): only the root `__schema`/`__type`
 * fields run again, and their values replace the engine's; the other
 * fields' values are kept as they are.
 */
export function answerIntrospection(db: Database, schema: GraphQLSchema, token: VerifiedToken | undefined, request: GraphqlRequest, result: ExecutionResult): ExecutionResult {
  if (result.data === null || result.data === undefined || grantOf(token) === undefined) return result;
  const parsed = introspects(request.query);
  const document = parsed === undefined ? undefined : introspectionRoots(parsed, request.operationName);
  if (document === undefined) return result;
  const visible = visibleSchema(schema, db.tables().map((t) => t.name), token);
  const again = executeGraphql({
    schema: visible,
    document,
    operationName: request.operationName ?? null,
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    rootValue: {},
  });
  if (again instanceof Promise || again.data === null || again.data === undefined) return result;
  const errors = [...(result.errors ?? []), ...(again.errors ?? [])];
  return { ...result, data: { ...result.data, ...again.data }, ...(errors.length > 0 ? { errors } : {}) };
}
