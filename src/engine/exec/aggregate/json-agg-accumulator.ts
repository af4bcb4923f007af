/**
 * The `json_agg(text [, ordinal])` aggregate (planner/ir/functions-json.ts):
 * per group, the JSON texts seen (NULLs skipped) with their ordinals; finished
 * into one JSON array text per group, sorted by ordinal (stable: input order
 * for ties and without an ordinal).
 */
import type { Scalar } from '../../../types/data-type.js';
import { getScalar, makeColumn, type Column } from '../column.js';
import type { Chunk } from '../chunk.js';
import type { Accumulator } from './accumulator.js';

interface Item {
  readonly ord: bigint;
  readonly text: string;
}

export class JsonAggAccumulator implements Accumulator {
  private groups: Item[][] = [];

  ensure(size: number): void {
    while (this.groups.length < size) this.groups.push([]);
  }

  update(groups: Int32Array, args: readonly Column[], c: Chunk): void {
    const [texts, ords] = args;
    if (texts === undefined) return;
    const sel = c.sel;
    const n = sel === null ? c.length : sel.length;
    for (let k = 0; k < n; k++) {
      const g = groups[k] as number;
      if (g < 0) continue;
      const i = sel === null ? k : (sel[k] as number);
      const text = getScalar(texts, i);
      if (text === null) continue;
      const ord = ords === undefined ? 0n : ((getScalar(ords, i) as bigint | null) ?? 0n);
      (this.groups[g] as Item[]).push({ ord, text: text as string });
    }
  }

  result(g: number): Scalar {
    const items = [...(this.groups[g] ?? [])].sort((a, b) => (a.ord < b.ord ? -1 : a.ord > b.ord ? 1 : 0));
    return '[' + items.map((it) => it.text).join(',') + ']';
  }

  finish(size: number): Column {
    const out = new Array<string>(size);
    for (let g = 0; g < size; g++) out[g] = this.result(g) as string;
    return makeColumn('utf8', out, null, size);
  }

  reset(g: number): void {
    this.groups[g] = [];
  }
}
