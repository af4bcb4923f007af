/**
 * The document graphql-js runs for a request's introspection: its operation
 * keeping only the root `__schema`/`__type` fields — also those inside root
 * inline fragments and fragment spreads (a spread becomes an inline fragment
 * with the spread's directives) — plus every fragment definition
 * (introspection queries nest them). The other root fields are the engine's
 * values, merged in as they are: sent through graphql-js they would be
 * serialized a second time (a Float avg of "NaN" fails).
 */
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** `operation` of `document` cut down to its introspection root fields; undefined when it selects none. */
export function introspectionDocument(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode | undefined {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const keep = (set: SelectionSetNode, seen: ReadonlySet<string>): SelectionNode[] =>
    set.selections.flatMap((sel): SelectionNode[] => {
      if (sel.kind === Kind.FIELD) return sel.name.value === '__schema' || sel.name.value === '__type' ? [sel] : [];
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments.get(sel.name.value) : undefined;
      if (sel.kind === Kind.FRAGMENT_SPREAD && (fragment === undefined || seen.has(sel.name.value))) return [];
      const inner = keep(fragment?.selectionSet ?? (sel as InlineFragmentNode).selectionSet, fragment === undefined ? seen : new Set([...seen, fragment.name.value]));
      if (inner.length === 0) return [];
      const typeCondition = fragment?.typeCondition ?? (sel as InlineFragmentNode).typeCondition;
      return [{ kind: Kind.INLINE_FRAGMENT, ...(typeCondition !== undefined ? { typeCondition } : {}), directives: sel.directives ?? [], selectionSet: { kind: Kind.SELECTION_SET, selections: inner } }];
    });
  const selections = keep(operation.selectionSet, new Set());
  if (selections.length === 0) return undefined;
  return { kind: Kind.DOCUMENT, definitions: [{ ...operation, selectionSet: { ...operation.selectionSet, selections } }, ...fragments.values()] };
}
