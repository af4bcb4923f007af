/**
 * Decoded catalog records and segment lists shared by snapshots. Both change
 * only in write transactions that touch the 'catalog' or 'segments'
 * sub-databases, and every such transaction bumps the persisted LAYOUT_GEN
 * counter (Store.writeKv). A snapshot reads that counter inside its own read
 * transaction, so an entry recorded under the same generation describes
 * exactly the state the snapshot sees, also when another process wrote it.
 */
import type { TableRecord } from '../catalog/table-record.js';
import type { SegmentEntry } from './table-view.js';

interface Layout {
  readonly gen: number;
  readonly rec: TableRecord;
  readonly segments: readonly SegmentEntry[];
}

export class LayoutCache {
  private readonly byTable = new Map<string, Layout>();

  constructor(private readonly maxTables = 1024) {}

  get(table: string, gen: number): Layout | undefined {
    const hit = this.byTable.get(table);
    return hit !== undefined && hit.gen === gen ? hit : undefined;
  }

  set(table: string, gen: number, rec: TableRecord, segments: readonly SegmentEntry[]): void {
    const old = this.byTable.get(table);
    if (old !== undefined && old.gen > gen) return; // an older snapshot never replaces a newer layout
    if (old === undefined && this.byTable.size >= this.maxTables) {
      const first = this.byTable.keys().next();
      if (!first.done) this.byTable.delete(first.value);
    }
    this.byTable.set(table, { gen, rec, segments });
  }

  clear(): void {
    this.byTable.clear();
  }
}
