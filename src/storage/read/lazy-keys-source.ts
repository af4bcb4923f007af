/**
 * A segment as a merge source whose key column is read on first use (the
 * disjoint fast path never reads it; the general merge reads it per row, so
 * it is held once read). A class, so `keys` is a getter on the prototype: as
 * an object literal with `get keys()`, each source's getter lived in old space
 * and kept its closure (the reader, the segment's metadata) through every
 * young-generation GC until a full one — see ChunkedResult in
 * engine/query-result.ts for what that cost.
 */
import type { Column } from '../arrow/column-ops.js';
import type { MergeSource } from './merge-runs.js';

export interface LazyKeysFields {
  readonly start: number;
  readonly end: number;
  readonly bounds: { readonly low: Uint8Array; readonly high: Uint8Array };
  readonly deleted: ((row: number) => boolean) | null;
  readonly emit: boolean;
  readonly rank: number;
}

// The fields are LazyKeysFields' (declaration merging), set from the constructor's argument.
export interface LazyKeysSource extends LazyKeysFields {}

export class LazyKeysSource implements MergeSource {
  private loaded: Column | undefined;

  constructor(
    private readonly load: () => Column,
    fields: LazyKeysFields,
  ) {
    Object.assign(this, fields);
  }

  get keys(): Column {
    return (this.loaded ??= this.load());
  }
}

/** A lazy-keys source that also reads its value columns (the scan's). */
export class LazyKeysColumnsSource extends LazyKeysSource {
  constructor(
    load: () => Column,
    fields: LazyKeysFields,
    readonly columns: () => readonly Column[],
  ) {
    super(load, fields);
  }
}
