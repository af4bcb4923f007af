/**
 * Blocks whose parent is not known yet, kept in memory (bounded) by the hash
 * of the missing parent, until that parent arrives.
 */
import type { Block } from '../block/block.js';

export class OrphanPool {
  private readonly byParent = new Map<string, { readonly block: Block; readonly id: string }[]>();
  private count = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.count;
  }

  /** Keeps the block unless the pool is full or already holds it. */
  add(parentId: string, id: string, block: Block): void {
    if (this.count >= this.max) return;
    const list = this.byParent.get(parentId) ?? [];
    if (list.some((o) => o.id === id)) return;
    list.push({ block, id });
    this.byParent.set(parentId, list);
    this.count++;
  }

  /** Removes and returns the blocks waiting for `parentId`. */
  take(parentId: string): readonly { readonly block: Block; readonly id: string }[] {
    const list = this.byParent.get(parentId);
    if (list === undefined) return [];
    this.byParent.delete(parentId);
    this.count -= list.length;
    return list;
  }
}
