/**
 * A utf8 column read from Arrow that keeps the Arrow offsets and bytes and
 * makes its JS strings only when something asks for `values` (then all at
 * once, kept). The fused filter (operators/compare-select.ts) compares the
 * bytes with the utf8 kernels (engine/kernels/utf8-kernels.ts: SIMD when the
 * bytes are in the column heap), so a filtered text column that is not
 * otherwise read never turns into strings. To everything else it is an
 * ordinary Column.
 */
import type { DataType } from '../../types/data-type.js';
import type { Utf8Bytes } from '../kernels/utf8-kernels.js';
import type { Column } from './column.js';

export class Utf8ArrowColumn implements Column {
  readonly type: DataType = 'utf8';
  private strings: string[] | undefined;

  constructor(
    /** Row i is bytes.data[offsets[i] .. offsets[i + 1]); offsets has length + 1 entries. */
    readonly bytes: Utf8Bytes,
    readonly valid: Uint8Array | null,
    readonly length: number,
    private readonly decode: (data: Uint8Array, start: number, end: number) => string,
  ) {}

  get values(): string[] {
    if (this.strings === undefined) {
      const { offsets, data } = this.bytes;
      const out = new Array<string>(this.length);
      for (let i = 0; i < this.length; i++) out[i] = this.decode(data, offsets[i]!, offsets[i + 1]!);
      this.strings = out;
    }
    return this.strings;
  }
}
