/**
 * The scan operator: reads a stored table through the storage Snapshot,
 * following the physical plan's AccessPath: a full scan (zone-map predicates
 * passed down for segment skipping), a primary-key range, point gets, or
 * nothing. A parameterized path is bound to this run's parameter values when
 * the scan opens (each value normalized to its parameter's type, as the
 * filter above sees it).
 * Only the projected columns are requested; Arrow batches become executor
 * chunks at this border.
 */
import type { Chunk } from '../chunk.js';
import type { CompiledExpr } from '../expr/kernel-util.js';
import type { DataType } from '../../../types/data-type.js';
import type { ScanRel } from '../../../planner/ir/rel.js';
import type { AccessPath, ParamRef, ResolvedAccessPath } from '../../../planner/physical/plan.js';
import type { ScanOptions } from '../../../storage/api.js';
import { bindAccessPath } from '../../../planner/physical/access-path.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Field } from '../../../types/schema.js';
import { PyralogError, assertNever } from '../../../errors/pyralog-error.js';
import type { Data } from 'apache-arrow';
import { columnFromScalars, type Column } from '../column.js';
import { dataToColumn } from '../arrow-convert.js';
import { normalizeScalar } from '../expr/compile-expr.js';
import { typesOf, type ExecContext, type ExecNode } from '../exec-node.js';

/** The storage scan options of a bound full-scan or key-range access path. */
export function storageScanOptions(access: ResolvedAccessPath & { readonly kind: 'full_scan' | 'key_range' }, columns: readonly string[], batchSize: number): ScanOptions {
  return {
    columns,
    batchSize,
    ...(access.predicates.length > 0 ? { predicates: access.predicates } : {}),
    ...(access.kind === 'key_range' && access.lower !== undefined ? { lower: access.lower } : {}),
    ...(access.kind === 'key_range' && access.upper !== undefined ? { upper: access.upper } : {}),
  };
}

/** The bound access path of `rel` for this run (parameters normalized to their types). */
export function boundAccess(rel: ScanRel, ctx: ExecContext): ResolvedAccessPath {
  const planned: AccessPath = ctx.plan.access.get(rel) ?? { kind: 'full_scan', predicates: [] };
  const bind = (p: ParamRef): Scalar | undefined =>
    Object.prototype.hasOwnProperty.call(ctx.params, p.name) ? normalizeScalar(ctx.params[p.name] ?? null, p.type) : undefined;
  return bindAccessPath(planned, bind);
}

export function scanNode(rel: ScanRel, ctx: ExecContext): ExecNode {
  const types = typesOf(rel.schema);
  const fields: Field[] = rel.projection === null ? [...rel.tableSchema.fields] : rel.projection.map((i) => rel.tableSchema.fields[i] as Field);
  const names = fields.map((f) => f.name);
  // Under a limit, no batch larger than the rows the limit can take (decoding stops early).
  const rowLimit = ctx.plan.scanRowLimits?.get(rel);
  const scanBatch = rowLimit === undefined ? ctx.batchSize : Math.max(1, Math.min(ctx.batchSize, rowLimit));
  return {
    types,
    open: () => scanRows(rel, ctx, names, types, scanBatch),
  };
}

function* scanRows(rel: ScanRel, ctx: ExecContext, names: readonly string[], types: readonly DataType[], scanBatch: number): Generator<Chunk> {
  const snap = ctx.snapshot;
  if (snap === undefined) {
    throw new PyralogError('NO_SNAPSHOT', `cannot scan table '${rel.table}': the query was run without a storage snapshot`, { phase: 'execute' });
  }
  const access = boundAccess(rel, ctx);
  switch (access.kind) {
    case 'empty':
      return;
    case 'point_get': {
      const rows = access.keys.map((k) => snap.get(rel.table, k)).filter((r) => r !== undefined);
      for (let s = 0; s < rows.length; s += ctx.batchSize) {
        const part = rows.slice(s, s + ctx.batchSize);
        const columns: Column[] = names.map((name, j) =>
          columnFromScalars(types[j] ?? 'null', part.map((r) => normalizeScalar(r[name] ?? null, types[j] ?? 'null'))),
        );
        yield { columns, length: part.length, sel: null };
      }
      return;
    }
    case 'full_scan':
    case 'key_range': {
      // Column positions by batch schema (storage hands every batch of a scan the same schema object).
      let schemaSeen: unknown = null;
      let positions: number[] = [];
      for (const batch of snap.scan(rel.table, storageScanOptions(access, names, scanBatch))) {
        if (batch.numRows === 0) continue;
        if (batch.schema !== schemaSeen) {
          schemaSeen = batch.schema;
          const byName = new Map(batch.schema.fields.map((f, j) => [f.name, j]));
          positions = names.map((name, j) => byName.get(name) ?? j);
        }
        const children = batch.data.children;
        const columns = names.map((name, j) => {
          const at = positions[j]!;
          const data = children[at];
          if (data === undefined) {
            throw new PyralogError('INTERNAL', `scan of '${rel.table}' returned no column '${name}'`, { phase: 'execute' });
          }
          return dataToColumn(data as Data, types[j] ?? 'null');
        });
        yield { columns, length: batch.numRows, sel: null };
      }
      return;
    }
    default:
      assertNever(access, 'access path');
  }
}
