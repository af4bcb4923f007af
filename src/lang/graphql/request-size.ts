/**
 * The size of a request as the work it asks for, checked before the depth
 * and cost measure and before anything is planned (docs/graphql.md "Limits"):
 * every selected field counts — each alias on its own, fragments expanded,
 * introspection and `__typename` included — and so does every relationship
 * selection (an object or array relationship or a `<rel>_aggregate`: each is
 * a join in the plan), and every `__schema`/`__type`. The walk stops at the
 * first count past its limit, so a fragment that expands exponentially costs
 * no more than the limit to refuse.
 */
import { GraphQLObjectType, getNamedType, type GraphQLError } from 'graphql';
import { subFields, type CollectedField } from './collect-fields.js';
import { graphqlError } from './graphql-errors.js';
import type { LowerContext } from './level.js';

export interface SizeLimits {
  readonly maxFields: number;
  readonly maxRelationships: number;
  readonly maxIntrospection: number;
}

interface Counts {
  fields: number;
  relationships: number;
  introspection: number;
}

/** Thrown inside the walk at the first count past its limit (caught by checkSize). */
class Over {
  constructor(readonly error: GraphQLError) {}
}

function isRelationship(ctx: LowerContext, parent: GraphQLObjectType, name: string): boolean {
  const table = ctx.model.tables.get(parent.name);
  if (table === undefined) return false;
  return table.relationships.has(name) || (name.endsWith('_aggregate') && table.relationships.has(name.slice(0, -'_aggregate'.length)));
}

/** `type` is null inside introspection (graphql-js's own types): only fields are counted there. */
function walk(ctx: LowerContext, fields: readonly CollectedField[], type: GraphQLObjectType | null, counts: Counts, limits: SizeLimits): void {
  for (const f of fields) {
    counts.fields += 1;
    if (counts.fields > limits.maxFields) {
      throw new Over(graphqlError('GRAPHQL_LIMIT_EXCEEDED', `the request selects more than ${limits.maxFields} fields (each alias and each fragment use counts)`, f.nodes));
    }
    if (f.name === '__typename') continue;
    const node = f.nodes[0];
    const hasSelection = node?.selectionSet !== undefined;
    if (f.name === '__schema' || f.name === '__type') {
      counts.introspection += 1;
      if (counts.introspection > limits.maxIntrospection) {
        throw new Over(graphqlError('GRAPHQL_LIMIT_EXCEEDED', `the request has more than ${limits.maxIntrospection} __schema/__type fields`, f.nodes));
      }
      walk(ctx, subFields(f, ctx), null, counts, limits);
      continue;
    }
    if (!hasSelection) continue;
    if (type === null) {
      walk(ctx, subFields(f, ctx), null, counts, limits);
      continue;
    }
    const def = type.getFields()[f.name];
    const named = def === undefined ? undefined : getNamedType(def.type);
    if (named instanceof GraphQLObjectType && isRelationship(ctx, type, f.name)) {
      counts.relationships += 1;
      if (counts.relationships > limits.maxRelationships) {
        throw new Over(graphqlError('GRAPHQL_LIMIT_EXCEEDED', `the request selects more than ${limits.maxRelationships} relationships (each is a join; each alias counts)`, f.nodes));
      }
    }
    walk(ctx, subFields(f, ctx), named instanceof GraphQLObjectType ? named : null, counts, limits);
  }
}

/** The first size limit `fields` (the operation's root selection over `root`) exceeds, or null. */
export function checkSize(ctx: LowerContext, fields: readonly CollectedField[], root: GraphQLObjectType, limits: SizeLimits): GraphQLError | null {
  try {
    walk(ctx, fields, root, { fields: 0, relationships: 0, introspection: 0 }, limits);
    return null;
  } catch (e) {
    if (e instanceof Over) return e.error;
    throw e;
  }
}
