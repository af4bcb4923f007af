/**
 * Scratch space in the column heap for kernel calls: inputs that are not
 * heap-resident but small (validity byte maps, selection vectors, a needle)
 * are copied in, and outputs are written here and copied out to ordinary
 * memory (results outlive the call; the scratch is reused by the next one).
 * Kernels run synchronously on one thread, so one arena per process serves
 * every call; it grows by reallocating and never shrinks below its peak.
 */
import { heapAlloc, heapBytes, heapFree, inColumnHeap, type HeapBlock } from '../../memory/wasm-heap.js';

/** The most bytes a single call may take from the arena (larger work falls back to JS). */
export const SCRATCH_LIMIT = 64 * 1024 * 1024;

const ALIGN = 16;

/** A bump allocator over one heap block; `reset` before each kernel call. */
export class ScratchArena {
  private block: HeapBlock | null = null;
  private bytes: Uint8Array = new Uint8Array(0);
  private top = 0;
  private failed = false;

  /** Bytes of the column heap the arena holds (kept for the process's life; 0 before the first kernel call). */
  heldBytes(): number {
    return this.block?.bytes ?? 0;
  }

  /** Makes room for `total` bytes (after reset); false when the heap refused. */
  reserve(total: number): boolean {
    this.top = 0;
    if (total > SCRATCH_LIMIT) return false;
    if (this.block !== null && this.block.bytes >= total) return true;
    if (this.failed && this.block === null) return false;
    if (this.block !== null) heapFree(this.block);
    const block = heapAlloc(Math.max(total, 64 * 1024, (this.block?.bytes ?? 0) * 2));
    this.block = block;
    if (block === null) {
      this.failed = true;
      this.bytes = new Uint8Array(0);
      return false;
    }
    this.bytes = heapBytes(block);
    return true;
  }

  /** The address of `n` fresh bytes (16-byte aligned) inside the reservation. */
  take(n: number): number {
    const at = this.bytes.byteOffset + this.top;
    this.top += Math.ceil(n / ALIGN) * ALIGN;
    return at;
  }

  /** The address of `view` in the heap: itself when resident, else a copy in the arena. */
  place(view: ArrayBufferView, byteLength: number): number {
    if (inColumnHeap(view)) return view.byteOffset;
    const at = this.take(byteLength);
    const len = Math.min(byteLength, view.byteLength);
    this.u8(at, len).set(new Uint8Array(view.buffer, view.byteOffset, len));
    return at;
  }

  u8(at: number, n: number): Uint8Array {
    return new Uint8Array(this.bytes.buffer, at, n);
  }
  i32(at: number, n: number): Int32Array {
    return new Int32Array(this.bytes.buffer, at, n);
  }
  f64(at: number, n: number): Float64Array {
    return new Float64Array(this.bytes.buffer, at, n);
  }
  i64(at: number, n: number): BigInt64Array {
    return new BigInt64Array(this.bytes.buffer, at, n);
  }
}

/** Bytes of scratch a view would need when it is not resident (0 when it is, or absent). */
export function placeCost(view: ArrayBufferView | null, byteLength: number): number {
  return view === null || inColumnHeap(view) ? 0 : Math.ceil(byteLength / ALIGN) * ALIGN;
}

/** The process's arena (the heap it lives in is process-wide too). */
export const scratch = new ScratchArena();
