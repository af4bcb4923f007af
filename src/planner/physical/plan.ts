/**
 * The physical plan handed to the engine: the optimized logical tree (joins
 * already in their chosen order) plus the physical decisions the planner made
 * for individual nodes, keyed by node identity. The engine executes `root`,
 * consulting `access` for every scan and `joins` for every join; a node with no
 * entry gets the default (full scan / hash join building the right side).
 */
import type { Scalar } from '../../types/data-type.js';
import type { KeyBound, ZonePredicate } from '../../storage/api.js';
import type { JoinRel, Rel, ScanRel } from '../ir/rel.js';

export type AccessPath =
  /** Read everything, skipping segments whose zone maps rule out `predicates`. */
  | { readonly kind: 'full_scan'; readonly predicates: readonly ZonePredicate[] }
  /** Read a primary-key range. */
  | {
      readonly kind: 'key_range';
      readonly lower?: KeyBound;
      readonly upper?: KeyBound;
      readonly predicates: readonly ZonePredicate[];
    }
  /** Look up these full primary keys one by one. */
  | { readonly kind: 'point_get'; readonly keys: readonly (readonly Scalar[])[] };

export interface JoinStrategy {
  readonly algorithm: 'hash' | 'nested_loop';
  /** Which input the hash table is built from. */
  readonly buildSide: 'left' | 'right';
}

export interface PhysicalPlan {
  readonly root: Rel;
  readonly access: ReadonlyMap<ScanRel, AccessPath>;
  readonly joins: ReadonlyMap<JoinRel, JoinStrategy>;
}
