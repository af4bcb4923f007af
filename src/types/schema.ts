/**
 * Objects of the IR's category: schemas. A schema is an ordered list of named,
 * typed fields plus an optional key (indices of fields that identify a row).
 * Two schemas are "compatible" (the same object) when their field types and
 * nullability line up position by position; names only label them.
 */
import type { DataType } from './data-type.js';

export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** The relation (table name or alias) the field came from, used to resolve `a.x` vs `b.x` after a join. */
  readonly qualifier?: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface Schema {
  readonly fields: readonly Field[];
  /** Indices into `fields` that form a unique key of the relation, when one is known. */
  readonly key?: readonly number[];
}
