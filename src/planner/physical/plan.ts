/**
 * The physical plan handed to the engine: the optimized logical tree (joins
 * already in their chosen order) plus the physical decisions the planner made
 * for individual nodes, keyed by node identity. The engine executes `root`,
 * consulting `access` for every scan and `joins` for every join; a node with no
 * entry gets the default (full scan / hash join building the right side).
 *
 * Access paths never hold a parameter's value (plans are cached by parameter
 * types only): a scan whose hints compare a column with `$param` gets a
 * `parameterized` path, which the scan operator binds to concrete values
 * (`bindAccessPath`) each time it opens.
 */
import type { DataType, Scalar } from '../../types/data-type.js';
import type { ZonePredicate } from '../../storage/api.js';
import type { JoinRel, Rel, ScanRel } from '../ir/rel.js';

export type ZoneOp = ZonePredicate['op'];

/** A zone-map predicate whose values are of type V (Scalar: what storage takes). */
export interface PredicateOf<V> {
  readonly column: string;
  readonly op: ZoneOp;
  readonly value?: V;
  readonly values?: readonly V[];
}

/** A primary-key bound whose values are of type V (Scalar: what storage takes). */
export interface KeyBoundOf<V> {
  readonly values: readonly V[];
  readonly inclusive: boolean;
}

/** An access path over values of type V (Scalar for executable paths, PlanValue for templates). */
export type AccessPathOf<V> =
  /** Read everything, skipping segments whose zone maps rule out `predicates`. */
  | { readonly kind: 'full_scan'; readonly predicates: readonly PredicateOf<V>[] }
  /** Read a primary-key range. */
  | {
      readonly kind: 'key_range';
      readonly lower?: KeyBoundOf<V>;
      readonly upper?: KeyBoundOf<V>;
      readonly predicates: readonly PredicateOf<V>[];
    }
  /** Look up these full primary keys one by one. */
  | { readonly kind: 'point_get'; readonly keys: readonly (readonly V[])[] }
  /** Read nothing: some hint can never hold (e.g. `int_col = 2.5`, or `col = NULL`). */
  | { readonly kind: 'empty' };

/** An access path with concrete values, ready for storage. */
export type ResolvedAccessPath = AccessPathOf<Scalar>;

/** A query parameter inside a physical plan, bound when the scan opens. */
export interface ParamRef {
  readonly kind: 'param';
  readonly name: string;
  /** The parameter's IR type: its bound value is normalized to it first, as the filter does. */
  readonly type: DataType;
}

/** A plan-time constant (as typed in the IR, before conversion to the column type). */
export interface LiteralRef {
  readonly kind: 'literal';
  readonly value: Scalar;
  readonly type: DataType;
}

export type Operand = LiteralRef | ParamRef;

/** A value in a template path: a constant already converted to the column type, or a parameter. */
export type PlanValue = Scalar | ParamRef;

/**
 * One scan hint in normal form, `column op operands` (column on the left):
 * one operand for comparisons, the list for `in`, none for the NULL tests.
 */
export interface ScanCondition {
  readonly column: string;
  readonly columnType: DataType;
  readonly op: ZoneOp;
  readonly operands: readonly Operand[];
}

/** An access path that depends on parameter values: chosen again from `conditions` when the scan opens. */
export interface ParameterizedAccessPath {
  readonly kind: 'parameterized';
  /** The path expected for well-typed values (what EXPLAIN prints, parameters as `$name`). */
  readonly template: AccessPathOf<PlanValue>;
  readonly conditions: readonly ScanCondition[];
  readonly primaryKey: readonly string[];
}

export type AccessPath = ResolvedAccessPath | ParameterizedAccessPath;

export interface JoinStrategy {
  readonly algorithm: 'hash' | 'nested_loop';
  /** Which input the hash table is built from. */
  readonly buildSide: 'left' | 'right';
}

export interface PhysicalPlan {
  readonly root: Rel;
  readonly access: ReadonlyMap<ScanRel, AccessPath>;
  readonly joins: ReadonlyMap<JoinRel, JoinStrategy>;
  /**
   * Scans under a limit with nothing row-removing in between (only
   * projections): at most this many rows are needed, so the scan reads
   * batches no larger than that instead of decoding a full batch.
   */
  readonly scanRowLimits?: ReadonlyMap<ScanRel, number>;
}
