/**
 * The selection tree of a validated request as the lowering reads it: field
 * nodes grouped by response key (alias or name) in order, through fragment
 * spreads and inline fragments, leaving out what @skip/@include exclude —
 * GraphQL's CollectFields — with each field's coerced arguments. Our object
 * types are all concrete, so every valid type condition applies.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type SelectionSetNode,
} from 'graphql';

export interface CollectContext {
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** One response key: its field name and every node that selects it (merged sub-selections). */
export interface CollectedField {
  readonly key: string;
  readonly name: string;
  readonly nodes: readonly FieldNode[];
}

function included(node: FieldNode | { readonly directives?: FieldNode['directives'] }, ctx: CollectContext): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, ctx.variables);
  if (skip?.['if'] === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables);
  return include?.['if'] !== false;
}

function collectInto(set: SelectionSetNode, ctx: CollectContext, out: Map<string, FieldNode[]>, seen: Set<string>): void {
  for (const sel of set.selections) {
    switch (sel.kind) {
      case Kind.FIELD: {
        if (!included(sel, ctx)) break;
        const key = sel.alias?.value ?? sel.name.value;
        const list = out.get(key);
        if (list === undefined) out.set(key, [sel]);
        else list.push(sel);
        break;
      }
      case Kind.INLINE_FRAGMENT:
        if (included(sel, ctx)) collectInto(sel.selectionSet, ctx, out, seen);
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = sel.name.value;
        if (seen.has(name) || !included(sel, ctx)) break;
        seen.add(name);
        const frag = ctx.fragments[name];
        if (frag !== undefined) collectInto(frag.selectionSet, ctx, out, seen);
        break;
      }
    }
  }
}

/** The fields selected by these selection sets (one per response key, in first-seen order). */
export function collectFields(sets: readonly (SelectionSetNode | undefined)[], ctx: CollectContext): CollectedField[] {
  const out = new Map<string, FieldNode[]>();
  for (const set of sets) if (set !== undefined) collectInto(set, ctx, out, new Set());
  return [...out].map(([key, nodes]) => ({ key, name: (nodes[0] as FieldNode).name.value, nodes }));
}

/** The sub-fields of a collected field (its nodes' selection sets merged). */
export function subFields(field: CollectedField, ctx: CollectContext): CollectedField[] {
  return collectFields(
    field.nodes.map((n) => n.selectionSet),
    ctx,
  );
}

/** The coerced arguments of a field (defaults applied, variables substituted). */
export function argsOf(def: GraphQLField<unknown, unknown>, field: CollectedField, ctx: CollectContext): Record<string, unknown> {
  return getArgumentValues(def, field.nodes[0] as FieldNode, ctx.variables);
}
