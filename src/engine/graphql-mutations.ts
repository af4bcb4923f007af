/**
 * Executes the mutation fields of one GraphQL request atomically: the rows
 * each update/delete matches (and the rows an upsert would overwrite) are
 * found by their plans in one snapshot taken at the start of the request;
 * then every write of every field happens in ONE db.transaction, in field
 * order, reading the current version of each row inside it (so `_inc` adds
 * to what an earlier field wrote). After the commit, `returning` and the
 * by-pk results are planned over the written rows and read in a fresh
 * snapshot. Any error rolls the whole request back.
 */
import { Values } from '../planner/ir/index.js';
import type { Row, WriteTxn } from '../storage/api.js';
import type { Scalar } from '../types/data-type.js';
import { PyralogError } from '../errors/pyralog-error.js';
import { valuesEqual } from '../types/value-order.js';
import type { GqlTable } from '../lang/graphql/catalog-model.js';
import type { MutationResult, MutationSpec } from '../lang/graphql/lower-mutation.js';
import type { RootStep } from '../lang/graphql/lower-request.js';
import type { GraphqlLimits } from '../lang/graphql/request-limits.js';
import { assembleValue } from '../lang/graphql/assemble-result.js';
import type { Database } from './database.js';
import { runReadPlan, withSnapshot, type PlanRunner } from './graphql-run-plan.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function keyOf(table: GqlTable, row: Row): Scalar[] {
  return table.key.map((k) => row[table.schema.fields[k]?.name ?? ''] ?? null);
}

function toRow(table: GqlTable, values: readonly Scalar[]): Row {
  return Object.fromEntries(table.schema.fields.map((f, i) => [f.name, values[i] ?? null]));
}

function toArray(table: GqlTable, row: Row): Scalar[] {
  return table.schema.fields.map((f) => row[f.name] ?? null);
}

function increment(name: string, cur: Scalar, by: Scalar): Scalar {
  if (cur === null || by === null) return cur;
  if (typeof cur === 'bigint' && typeof by === 'bigint') {
    const sum = cur + by;
    if (sum < INT64_MIN || sum > INT64_MAX) throw new PyralogError('NUMERIC_OVERFLOW', `_inc of ${name} overflows int64`, { phase: 'execute' });
    return sum;
  }
  return Number(cur) + Number(by);
}

/** What the pre-pass found for one field: the matched rows, or the keys an upsert may overwrite. */
interface Matched {
  readonly rows: readonly Row[];
  readonly updatable: ReadonlySet<string> | null;
}

const keyText = (key: readonly Scalar[]): string => JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function prepass(run: PlanRunner, spec: MutationSpec): Matched {
  // as Hasura: an update with nothing to set or add writes nothing and reports no rows (affected_rows 0)
  if (spec.op === 'update' && Object.keys(spec.set).length === 0 && Object.keys(spec.inc).length === 0) return { rows: [], updatable: null };
  if (spec.op !== 'insert') return { rows: runReadPlanRows(run, spec), updatable: null };
  const conflict = spec.onConflict;
  if (conflict === null || conflict.where === null) return { rows: [], updatable: null };
  const existing: Scalar[][] = [];
  for (const row of spec.rows) {
    const old = run.snapshot.get(spec.table.name, keyOf(spec.table, row));
    if (old !== undefined) existing.push(toArray(spec.table, old));
  }
  if (existing.length === 0) return { rows: [], updatable: new Set() };
  const kept = runReadPlan(run, conflict.where(Values.create(spec.table.schema, existing)));
  return { rows: [], updatable: new Set(kept.map((r) => keyText(keyOf(spec.table, toRow(spec.table, r))))) };
}

function runReadPlanRows(run: PlanRunner, spec: Extract<MutationSpec, { op: 'update' | 'delete' }>): Row[] {
  return runReadPlan(run, spec.match).map((r) => toRow(spec.table, r));
}

/** The writes of one field inside the transaction; returns the rows it affected (as they are now, or were, for delete). */
function write(tx: WriteTxn, spec: MutationSpec, matched: Matched): Row[] {
  const t = spec.table;
  const writer = tx.table(t.name);
  switch (spec.op) {
    case 'insert': {
      if (spec.onConflict === null) {
        writer.insert(spec.rows);
        return spec.rows.map((r) => tx.get(t.name, keyOf(t, r)) ?? r);
      }
      const out: Row[] = [];
      for (const row of spec.rows) {
        const key = keyOf(t, row);
        const old = tx.get(t.name, key);
        if (old === undefined) {
          writer.insert([row]);
          out.push(tx.get(t.name, key) ?? row);
          continue;
        }
        const cols = spec.onConflict.updateColumns;
        if (cols.length === 0 || (matched.updatable !== null && !matched.updatable.has(keyText(key)))) continue;
        const merged: Record<string, Scalar> = { ...old };
        for (const c of cols) if (c in row) merged[c] = row[c] ?? null;
        writer.upsert([merged]);
        out.push(merged);
      }
      return out;
    }
    case 'update': {
      const out: Row[] = [];
      for (const m of matched.rows) {
        const oldKey = keyOf(t, m);
        const cur = tx.get(t.name, oldKey);
        if (cur === undefined) continue;
        const next: Record<string, Scalar> = { ...cur, ...spec.set };
        for (const [c, by] of Object.entries(spec.inc)) next[c] = increment(c, next[c] ?? null, by);
        const newKey = keyOf(t, next);
        if (newKey.some((v, i) => !valuesEqual(v, oldKey[i] ?? null))) {
          writer.delete([oldKey]);
          writer.insert([next]);
        } else writer.upsert([next]);
        out.push(next);
      }
      return out;
    }
    case 'delete': {
      const out: Row[] = [];
      for (const m of matched.rows) {
        const cur = tx.get(t.name, keyOf(t, m));
        if (cur === undefined) continue;
        writer.delete([keyOf(t, m)]);
        out.push(cur);
      }
      return out;
    }
  }
}

function answer(run: PlanRunner, table: GqlTable, result: MutationResult, rows: readonly Row[], maxRows: number | undefined): unknown {
  const values = (): ReturnType<typeof Values.create> => Values.create(table.schema, rows.map((r) => toArray(table, r)));
  const read = (plan: (rows: ReturnType<typeof Values.create>) => { rel: Parameters<typeof runReadPlan>[1]; shape: Parameters<typeof assembleValue>[0] }) => {
    const p = plan(values());
    return runReadPlan(run, p.rel, maxRows).map((r) => assembleValue(p.shape, r));
  };
  if (result.kind === 'object') return rows.length === 0 ? null : (read(result.plan)[0] ?? null);
  const out: Record<string, unknown> = {};
  for (const f of result.fields) {
    if (f.kind === 'affected_rows') out[f.key] = rows.length;
    else if (f.kind === 'typename') out[f.key] = f.value;
    else out[f.key] = read(f.plan);
  }
  return out;
}

/**
 * Runs the mutation root steps of a request; the response data by response
 * key. `at` is told each root field's key before its work (match, write,
 * answer) starts, so a failure can name the field in its `path`.
 */
export function runMutations(db: Database, roots: readonly RootStep[], limits: GraphqlLimits, at: (key: string) => void = () => undefined): Record<string, unknown> {
  const steps = roots.filter((r): r is Extract<RootStep, { kind: 'mutation' }> => r.kind === 'mutation');
  const matched = withSnapshot(db, (run) =>
    steps.map((s) => {
      at(s.key);
      return prepass(run, s.spec);
    }),
  );
  const written =
    steps.length === 0
      ? []
      : db.transaction((tx) =>
          steps.map((s, i) => {
            at(s.key);
            return write(tx, s.spec, matched[i] as Matched);
          }),
        );
  const data: Record<string, unknown> = {};
  withSnapshot(db, (run) => {
    roots.forEach((r) => {
      at(r.key);
      if (r.kind === 'const') data[r.key] = r.value;
      else if (r.kind === 'mutation') {
        const i = steps.indexOf(r);
        data[r.key] = answer(run, r.spec.table, r.spec.result, written[i] ?? [], limits.maxRows);
      }
    });
  });
  return data;
}
