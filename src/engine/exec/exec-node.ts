/**
 * The shape of a prepared operator and the per-query context they share.
 * `buildNode` compiles a plan once into a tree of ExecNodes; `open()` starts a
 * fresh pull-based stream of chunks (a recursive step is opened once per
 * iteration without being compiled again).
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import type { Snapshot } from '../../storage/api.js';
import type { PhysicalPlan } from '../../planner/physical/plan.js';
import type { Chunk } from './chunk.js';

export interface ExecNode {
  /** Column types of every chunk this node produces. */
  readonly types: readonly DataType[];
  /** Starts a new stream over the node's output. */
  open(): Iterable<Chunk>;
}

export interface ExecContext {
  readonly params: Readonly<Record<string, Scalar>>;
  readonly snapshot: Snapshot | undefined;
  readonly batchSize: number;
  readonly plan: PhysicalPlan;
  /** Rows of the previous iteration of each running recursive fixpoint, by name. */
  readonly recursive: Map<string, Chunk[]>;
  /** Maximum iterations of a recursive fixpoint before RECURSION_LIMIT. */
  readonly recursionLimit: number;
  /**
   * Called between batches by operators that can loop long without yielding
   * (a join's output loop, an aggregate's input): throws (e.g. QUERY_TIMEOUT)
   * to stop the query. Undefined: never cancelled.
   */
  readonly checkCancel?: (() => void) | undefined;
}

export function typesOf(schema: Schema): DataType[] {
  return schema.fields.map((f) => f.type);
}
