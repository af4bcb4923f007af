/**
 * Test support: random columns (values over the whole domain, NULLs, an
 * optional selection) and copies of typed arrays placed in the column heap,
 * where the WebAssembly kernels read them in place.
 */
import fc from 'fast-check';
import { heapAlloc, heapBytes, heapFree, inColumnHeap, type HeapBlock } from '../../../memory/wasm-heap.js';

export interface RandomColumn<T> {
  readonly values: readonly T[];
  /** null = no validity map; else 1 = present, 0 = NULL. */
  readonly valid: readonly number[] | null;
  /** null = every row; else ascending physical rows. */
  readonly sel: readonly number[] | null;
}

/** A column of up to `maxLength` rows of `value`, about a third of columns with NULLs, half with a selection. */
export function columnArb<T>(value: fc.Arbitrary<T>, maxLength = 70): fc.Arbitrary<RandomColumn<T>> {
  return fc.array(fc.tuple(value, fc.integer({ min: 0, max: 3 })), { maxLength }).chain((rows) => {
    const values = rows.map(([v]) => v);
    const validBytes = rows.map(([, r]) => (r === 0 ? 0 : 1));
    const indices = rows.map((_, i) => i);
    return fc.record({
      values: fc.constant(values),
      valid: fc.oneof(fc.constant(null), fc.constant(validBytes)),
      sel: fc.oneof(fc.constant(null), fc.subarray(indices)),
    });
  });
}

type Typed = Float64Array | BigInt64Array | Int32Array | Uint8Array;
type TypedCtor<A extends Typed> = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): A; readonly BYTES_PER_ELEMENT: number };

/** Heap copies made by `resident`, freed by `freeAll`. */
export class HeapCopies {
  private readonly blocks: HeapBlock[] = [];

  /** A copy of `src` in the column heap at an address `shift` elements past a 64-byte boundary. */
  resident<A extends Typed>(ctor: TypedCtor<A>, src: A, shift = 0): A {
    const width = ctor.BYTES_PER_ELEMENT;
    const block = heapAlloc((src.length + shift) * width + 64);
    if (block === null) throw new Error('the column heap refused a test block');
    this.blocks.push(block);
    const bytes = heapBytes(block);
    const view = new ctor(bytes.buffer, bytes.byteOffset + shift * width, src.length);
    (view as unknown as { set(a: A): void }).set(src);
    if (!inColumnHeap(view)) throw new Error('a heap copy is not in the heap');
    return view;
  }

  freeAll(): void {
    for (const b of this.blocks.splice(0)) heapFree(b);
  }
}

export const validOf = (c: RandomColumn<unknown>): Uint8Array | null => (c.valid === null ? null : Uint8Array.from(c.valid));
export const selOf = (c: RandomColumn<unknown>): Int32Array | null => (c.sel === null ? null : Int32Array.from(c.sel));
/** Physical rows visited: the selection, else all rows. */
export const visited = (c: RandomColumn<unknown>): readonly number[] => c.sel ?? c.values.map((_, i) => i);
export const present = (c: RandomColumn<unknown>, i: number): boolean => c.valid === null || c.valid[i] === 1;
