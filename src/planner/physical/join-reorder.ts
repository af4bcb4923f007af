/**
 * Join ordering: every maximal tree of inner/cross joins is flattened into
 * its inputs and the conjuncts of its conditions, then rebuilt in the order
 * of least estimated cost (sum of intermediate result sizes plus hash build
 * and probe sizes) — dynamic programming over subsets for up to 8 inputs,
 * greedy pairing beyond. Splits connected by a condition are preferred over
 * cross products. A projection on top restores the original column order.
 */
import type { Expr } from '../ir/expr.js';
import { childrenOf } from '../ir/children.js';
import { conjoin, conjuncts, referencedColumns, remapColumns } from '../ir/expr-utils.js';
import { Join } from '../ir/nodes/join.js';
import { Project } from '../ir/nodes/project.js';
import type { Rel } from '../ir/rel.js';
import { withChildren } from '../ir/with-children.js';
import type { Estimator } from './estimate.js';

export const DP_LIMIT = 8;

interface Cluster {
  readonly leaves: readonly Rel[];
  /** Conjuncts over the global column space (leaves concatenated in original order). */
  readonly preds: readonly Expr[];
}

const isInnerJoin = (r: Rel): boolean => r.kind === 'join' && (r.joinKind === 'inner' || r.joinKind === 'cross');

function flatten(rel: Rel, leaves: Rel[], preds: Expr[]): void {
  if (rel.kind === 'join' && isInnerJoin(rel)) {
    const offset = leaves.reduce((n, l) => n + l.schema.fields.length, 0);
    flatten(rel.left, leaves, preds);
    flatten(rel.right, leaves, preds);
    if (rel.condition !== null) for (const c of conjuncts(rel.condition)) preds.push(remapColumns(c, (i) => i + offset));
    return;
  }
  leaves.push(rel);
}

interface Plan {
  readonly mask: number;
  readonly rows: number;
  readonly cost: number;
  readonly left?: Plan;
  readonly right?: Plan;
}

/** Best join tree for the cluster, as a tree of leaf subsets. */
function bestTree(cluster: Cluster, est: Estimator): Plan {
  const n = cluster.leaves.length;
  const offsets: number[] = [];
  cluster.leaves.reduce((o, l) => (offsets.push(o), o + l.schema.fields.length), 0);
  const leafOf = (col: number): number => {
    let k = 0;
    while (k + 1 < n && (offsets[k + 1] ?? Infinity) <= col) k++;
    return k;
  };
  const predMasks = cluster.preds.map((p) => referencedColumns(p).reduce((m, c) => m | (1 << leafOf(c)), 0));
  const predSel = cluster.preds.map((p) => est.selectivityOver(p, cluster.leaves));
  const leafRows = cluster.leaves.map((l) => Math.max(1, est.rows(l)));
  const rowsOf = (mask: number): number => {
    let r = 1;
    for (let k = 0; k < n; k++) if (mask & (1 << k)) r *= leafRows[k] ?? 1;
    predMasks.forEach((pm, i) => {
      if (pm !== 0 && (pm & mask) === pm) r *= predSel[i] ?? 1;
    });
    return Math.max(1, r);
  };
  const connected = (a: number, b: number): boolean => predMasks.some((pm) => (pm & a) !== 0 && (pm & b) !== 0 && (pm & ~(a | b)) === 0);
  const joinOf = (a: Plan, b: Plan): Plan => {
    const mask = a.mask | b.mask;
    const rows = rowsOf(mask);
    const [big, small] = a.rows >= b.rows ? [a, b] : [b, a];
    return { mask, rows, cost: a.cost + b.cost + rows + a.rows + b.rows, left: big, right: small };
  };
  const leaves: Plan[] = cluster.leaves.map((_, k) => ({ mask: 1 << k, rows: leafRows[k] ?? 1, cost: 0 }));

  if (n <= DP_LIMIT) {
    const best = new Map<number, Plan>(leaves.map((p) => [p.mask, p]));
    const full = (1 << n) - 1;
    for (let mask = 1; mask <= full; mask++) {
      if ((mask & (mask - 1)) === 0) continue;
      let chosen: Plan | undefined;
      let chosenConnected = false;
      // Each unordered split once: sub contains the lowest bit of mask.
      const low = mask & -mask;
      for (let sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
        if ((sub & low) === 0) continue;
        const a = best.get(sub);
        const b = best.get(mask ^ sub);
        if (a === undefined || b === undefined) continue;
        const isConnected = connected(sub, mask ^ sub);
        const candidate = joinOf(a, b);
        if (chosen === undefined || (isConnected && !chosenConnected) || (isConnected === chosenConnected && candidate.cost < chosen.cost)) {
          chosen = candidate;
          chosenConnected = isConnected;
        }
      }
      if (chosen !== undefined) best.set(mask, chosen);
    }
    return best.get(full) ?? leaves[0]!;
  }

  let parts = [...leaves];
  while (parts.length > 1) {
    let pick: { i: number; j: number; plan: Plan; connected: boolean } | undefined;
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        const a = parts[i]!;
        const b = parts[j]!;
        const plan = joinOf(a, b);
        const c = connected(a.mask, b.mask);
        if (pick === undefined || (c && !pick.connected) || (c === pick.connected && plan.rows < pick.plan.rows)) pick = { i, j, plan, connected: c };
      }
    }
    if (pick === undefined) break;
    const { i, j, plan } = pick;
    parts = [...parts.filter((_, k) => k !== i && k !== j), plan];
  }
  return parts[0]!;
}

/** Rebuild a cluster from its best tree; returns the rel and, for each of its columns, the global column index. */
function build(plan: Plan, cluster: Cluster, used: Set<number>, offsets: readonly number[]): { rel: Rel; columns: number[] } {
  if (plan.left === undefined || plan.right === undefined) {
    const k = Math.log2(plan.mask);
    const leaf = cluster.leaves[k]!;
    return { rel: leaf, columns: leaf.schema.fields.map((_, i) => (offsets[k] ?? 0) + i) };
  }
  const l = build(plan.left, cluster, used, offsets);
  const r = build(plan.right, cluster, used, offsets);
  const columns = [...l.columns, ...r.columns];
  const position = new Map(columns.map((g, i) => [g, i]));
  const here: Expr[] = [];
  cluster.preds.forEach((p, i) => {
    if (used.has(i)) return;
    if (referencedColumns(p).every((c) => position.has(c))) {
      used.add(i);
      here.push(remapColumns(p, (c) => position.get(c) ?? c));
    }
  });
  const condition = conjoin(here);
  return { rel: Join.create(l.rel, r.rel, condition === null ? 'cross' : 'inner', condition), columns };
}

function reorderCluster(root: Rel, est: Estimator, reorderLeaf: (r: Rel) => Rel): Rel {
  const leaves: Rel[] = [];
  const preds: Expr[] = [];
  flatten(root, leaves, preds);
  const cluster: Cluster = { leaves: leaves.map(reorderLeaf), preds };
  if (cluster.leaves.length < 3) {
    // Two inputs: the order is decided by the build side, not by rebuilding.
    return withChildren(root, childrenOf(root).map(reorderLeaf));
  }
  const offsets: number[] = [];
  cluster.leaves.reduce((o, l) => (offsets.push(o), o + l.schema.fields.length), 0);
  const used = new Set<number>();
  const built = build(bestTree(cluster, est), cluster, used, offsets);
  // Conjuncts over no columns (constants) go on top.
  const rest = preds.filter((_, i) => !used.has(i));
  let rel = built.rel;
  if (rest.length > 0 && rel.kind === 'join') {
    const all = conjoin([...(rel.condition === null ? [] : [rel.condition]), ...rest]);
    rel = Join.create(rel.left, rel.right, 'inner', all);
  }
  const identity = built.columns.every((g, i) => g === i);
  if (identity) return rel;
  const positionOf = new Map(built.columns.map((g, i) => [g, i]));
  return Project.create(
    rel,
    root.schema.fields.map((f, g) => ({ name: f.name, expr: { kind: 'column', index: positionOf.get(g) ?? g, name: f.name } })),
  );
}

/** `rel` with every inner-join tree of 3+ inputs rebuilt in its cheapest estimated order. */
export function reorderJoins(rel: Rel, est: Estimator): Rel {
  const visit = (r: Rel): Rel => (isInnerJoin(r) ? reorderCluster(r, est, visit) : withChildren(r, childrenOf(r).map(visit)));
  return visit(rel);
}
