/**
 * The optimizer driver: applies the ordered rule list to a logical plan until
 * nothing changes (or a pass limit), doing the recursion each rule declares
 * (top-down or bottom-up), and checking after every rewrite that the node's
 * output kept its arity, field types and names (INTERNAL error naming the rule
 * otherwise). Rules live one per file in ./rules.
 */
import { PyralogError } from '../errors/pyralog-error.js';
import { childrenOf } from './ir/children.js';
import { printPlan } from './ir/print.js';
import type { Rel } from './ir/rel.js';
import { describeSchema } from './ir/schema-utils.js';
import { withChildren } from './ir/with-children.js';
import {
  commonSubexpressions,
  emptyPropagation,
  filterFusion,
  filterIntoJoin,
  filterThroughAggregate,
  filterThroughDistinct,
  filterThroughProject,
  filterThroughWindow,
  filterThroughSetOp,
  filterThroughSort,
  joinConditionPushdown,
  limitMerge,
  limitPushdown,
  absorbRename,
  mergeProjects,
  pruneColumns,
  removeIdentityProject,
  removeRedundantDistinct,
  scanHints,
  simplifyExpressions,
  type Rule,
} from './rules/index.js';

/**
 * Why this order:
 * 1. simplify first, so later rules see folded literals (a filter on `false`,
 *    `x AND true`) and null-rejection tests fold cleanly;
 * 2. empty propagation next, to drop dead branches before work is spent on them;
 * 3. filter fusion before pushdown, so each pushdown moves a whole conjunct list;
 * 4. the pushdowns (top-down, so one pass carries a filter many levels down);
 *    join-condition pushdown after filter-into-join, which may have just
 *    added conjuncts to a condition;
 * 5. scan hints once filters sit right above their scans; redundant distincts
 *    go before the limit and projection rules so those see the simpler tree;
 * 6. limits (merge, then push) — independent of filters, which never cross a limit;
 * 7. projections last: renames sink into the aggregate or set operation that
 *    names those columns (so front ends that rename in different places meet),
 *    then merge stacked ones, prune columns down to the scans
 *    (which needs to know every filter's final place), drop identities;
 * 8. common subexpressions at the very end: the projection it adds below is
 *    one merge-projects leaves alone (its computed columns are read twice).
 */
export const DEFAULT_RULES: readonly Rule[] = [
  simplifyExpressions,
  emptyPropagation,
  filterFusion,
  filterIntoJoin,
  joinConditionPushdown,
  filterThroughProject,
  filterThroughAggregate,
  filterThroughSetOp,
  filterThroughSort,
  filterThroughDistinct,
  filterThroughWindow,
  scanHints,
  removeRedundantDistinct,
  limitMerge,
  limitPushdown,
  absorbRename,
  mergeProjects,
  pruneColumns,
  removeIdentityProject,
  commonSubexpressions,
];

export interface TraceEntry {
  readonly rule: string;
  readonly before: string;
  readonly after: string;
}

export interface OptimizeOptions {
  /** Passes over the whole rule list before giving up on a fixpoint (default 12). */
  readonly maxPasses?: number;
  /** Called after every successful rewrite with the node before and after. */
  readonly observer?: (ruleName: string, before: Rel, after: Rel) => void;
  /** Record printed before/after plans in `trace` (default true; off for speed). */
  readonly trace?: boolean;
  /** The rules to run, in order (default DEFAULT_RULES). */
  readonly rules?: readonly Rule[];
}

export interface OptimizeResult {
  readonly rel: Rel;
  readonly trace: readonly TraceEntry[];
  /** Passes run (the last one changed nothing unless the limit was hit). */
  readonly passes: number;
}

/** Max rewrites of one node by one rule in a row (guards a rule that keeps matching its own output). */
const MAX_LOCAL_REWRITES = 32;

function checkSchema(rule: Rule, before: Rel, after: Rel): void {
  const a = before.schema.fields;
  const b = after.schema.fields;
  const same = a.length === b.length && a.every((f, i) => f.type === b[i]?.type && f.name === b[i]?.name);
  if (!same) {
    throw new PyralogError(
      'INTERNAL',
      `optimizer rule ${rule.name} changed the output schema from ${describeSchema(before.schema)} to ${describeSchema(after.schema)}`,
      { phase: 'optimize', details: { rule: rule.name, before: printPlan(before), after: printPlan(after) } },
    );
  }
}

/** `rule.apply`, with any error it raises turned into an INTERNAL error naming the rule (a rule bug, not bad input). */
function applySafely(rule: Rule, rel: Rel): Rel | null {
  try {
    return rule.apply(rel);
  } catch (cause) {
    throw new PyralogError('INTERNAL', `optimizer rule ${rule.name} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      phase: 'optimize',
      cause,
      details: { rule: rule.name, node: printPlan(rel) },
    });
  }
}

/** Run one rule over the whole tree in its declared order; `changed` is set when anything was rewritten. */
function runRule(rule: Rule, root: Rel, record: (rule: Rule, before: Rel, after: Rel) => void): { rel: Rel; changed: boolean } {
  let changed = false;
  const rewriteHere = (rel: Rel): Rel => {
    let current = rel;
    for (let i = 0; i < MAX_LOCAL_REWRITES; i++) {
      const next = applySafely(rule, current);
      if (next === null || next === current) break;
      checkSchema(rule, current, next);
      record(rule, current, next);
      changed = true;
      current = next;
    }
    return current;
  };
  const visit = (rel: Rel): Rel => {
    if (rule.order === 'top_down') {
      const here = rewriteHere(rel);
      return withChildren(here, childrenOf(here).map(visit));
    }
    const below = withChildren(rel, childrenOf(rel).map(visit));
    return rewriteHere(below);
  };
  return { rel: visit(root), changed };
}

/** The optimized plan: same results as `rel`, same output columns (names, types, order). */
export function optimize(rel: Rel, options: OptimizeOptions = {}): OptimizeResult {
  const rules = options.rules ?? DEFAULT_RULES;
  const maxPasses = options.maxPasses ?? 12;
  const keepTrace = options.trace ?? true;
  const trace: TraceEntry[] = [];
  const record = (rule: Rule, before: Rel, after: Rel): void => {
    options.observer?.(rule.name, before, after);
    if (keepTrace) trace.push({ rule: rule.name, before: printPlan(before), after: printPlan(after) });
  };
  let current = rel;
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    let changed = false;
    for (const rule of rules) {
      const result = runRule(rule, current, record);
      if (result.changed) {
        checkSchema(rule, current, result.rel);
        changed = true;
        current = result.rel;
      }
    }
    if (!changed) break;
  }
  return { rel: current, trace, passes };
}
