/**
 * The executor's entry: run a physical plan (or a logical Rel with default
 * physical choices) as a pull-based stream of Arrow RecordBatches, or collect
 * the result as batches, an Arrow Table, row objects or row arrays.
 */
import { Table, type RecordBatch } from 'apache-arrow';
import type { Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { Snapshot } from '../../storage/api.js';
import type { Rel } from '../../planner/ir/rel.js';
import type { PhysicalPlan } from '../../planner/physical/plan.js';
import { PyralogError } from '../../errors/pyralog-error.js';
import { buildNode } from './build-node.js';
import { chunkToRecordBatch, toArrowSchema } from './arrow-convert.js';
import { ownChunk, rowCount, type Chunk } from './chunk.js';
import { getScalar, type Column } from './column.js';
import type { ExecContext } from './exec-node.js';

export interface ExecOptions {
  params?: Readonly<Record<string, Scalar>>;
  snapshot?: Snapshot;
  /** Rows per batch (default 4096). */
  batchSize?: number;
  /** Iterations a recursive query may take before RECURSION_LIMIT (default 10000). */
  recursionLimit?: number;
  /** Called between batches inside long-running operators; throws to cancel (ExecContext.checkCancel). */
  checkCancel?: (() => void) | undefined;
}

export interface ExecResult {
  schema: Schema;
  batches: RecordBatch[];
  table(): Table;
  /** Rows as objects keyed by field name (a later field with a repeated name, e.g. after a join, wins). */
  rows(): Record<string, Scalar>[];
  /** Rows as arrays in schema order. */
  arrays(): Scalar[][];
}

export const DEFAULT_BATCH_SIZE = 4096;

function context(plan: PhysicalPlan, options: ExecOptions): ExecContext {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new PyralogError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`, { phase: 'execute' });
  }
  return {
    params: options.params ?? {},
    snapshot: options.snapshot,
    batchSize,
    plan,
    recursive: new Map(),
    recursionLimit: options.recursionLimit ?? 10_000,
    checkCancel: options.checkCancel,
  };
}

/**
 * Streams the result chunks, dense and owned: columns that are views on the
 * column heap (segment data, valid only while the snapshot is open) are
 * copied out, so a result outlives its snapshot.
 */
export function* executeChunks(plan: PhysicalPlan, options: ExecOptions = {}): Generator<Chunk> {
  const node = buildNode(plan.root, context(plan, options));
  for (const c of node.open()) if (rowCount(c) > 0) yield ownChunk(c);
}

/** Runs `plan`, pulling Arrow record batches one at a time. */
export function* execute(plan: PhysicalPlan, options: ExecOptions = {}): Generator<RecordBatch> {
  const schema = plan.root.schema;
  for (const c of executeChunks(plan, options)) yield chunkToRecordBatch(c, schema);
}

/** The default physical plan of a logical tree: full scans, hash joins building the right side. */
export function defaultPhysicalPlan(rel: Rel): PhysicalPlan {
  return { root: rel, access: new Map(), joins: new Map() };
}

/** Runs `plan` to completion. */
/** An executed plan's chunks; `batches` is a prototype getter, not an object literal's (see ChunkedResult in query-result.ts). */
class CollectedResult implements ExecResult {
  private cachedBatches: RecordBatch[] | null = null;
  readonly table: () => Table;
  readonly rows: () => Record<string, Scalar>[];
  readonly arrays: () => Scalar[][];

  constructor(
    readonly schema: Schema,
    private readonly chunks: readonly Chunk[],
  ) {
    this.arrays = () => {
      const out: Scalar[][] = [];
      for (const c of chunks) {
        for (let i = 0; i < c.length; i++) out.push(c.columns.map((col: Column) => getScalar(col, i)));
      }
      return out;
    };
    this.table = () => (chunks.length === 0 ? new Table(toArrowSchema(schema)) : new Table(this.batches));
    this.rows = () => {
      const names = schema.fields.map((f) => f.name);
      return this.arrays().map((r) => Object.fromEntries(names.map((n, j) => [n, r[j] ?? null])));
    };
  }

  get batches(): RecordBatch[] {
    return (this.cachedBatches ??= this.chunks.map((c) => chunkToRecordBatch(c, this.schema)));
  }
}

export function collect(plan: PhysicalPlan, options: ExecOptions = {}): ExecResult {
  return new CollectedResult(plan.root.schema, [...executeChunks(plan, options)]);
}

/** Runs a logical tree with the default physical choices. */
export function executeRel(rel: Rel, options: ExecOptions = {}): ExecResult {
  return collect(defaultPhysicalPlan(rel), options);
}

export type { Chunk } from './chunk.js';
export type { Column } from './column.js';
