/**
 * The column heap: the process-wide home of column buffers, one shared,
 * growable WebAssembly.Memory with a block allocator over it. Storage copies
 * each segment column out of LMDB straight into a block here and Arrow builds
 * its vectors as views on it, so WebAssembly (SIMD) kernels can read the
 * columns in place without a per-query copy.
 *
 * Why shared: growing a non-shared WebAssembly.Memory detaches every view on
 * it, while a shared one keeps old views valid (and can be handed to worker
 * threads). Why a cap: a WebAssembly.Memory never shrinks, so its size is the
 * process's high-water mark; when a block would pass the cap, `heapAlloc`
 * returns null and callers fall back to ordinary ArrayBuffers (correct, only
 * not WebAssembly-resident).
 *
 * Allocator: blocks are 64-byte aligned (a cache line, any SIMD width); free
 * blocks are kept sorted by offset and coalesced with their neighbours; an
 * allocation takes the best-fitting free block, else bumps the top (growing
 * the memory by whole 64 KiB pages). Offset 0 is never handed out.
 */
import { totalmem } from 'node:os';
import { PyralogError } from '../errors/pyralog-error.js';

const PAGE = 65536;
const ALIGN = 64;

/** The slice of the WebAssembly JS API used here (lib.dom's typings are not part of this build). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** One allocated region of the heap: bytes [offset, offset + bytes) of the memory. */
export interface HeapBlock {
  readonly offset: number;
  readonly bytes: number;
}

export interface HeapStats {
  /** The cap on the memory's size (bytes). */
  readonly maxBytes: number;
  /** Bytes the memory has grown to (its high-water mark; never shrinks). */
  readonly capacityBytes: number;
  /** Bytes in live blocks. */
  readonly usedBytes: number;
  readonly liveBlocks: number;
  /** Allocations refused because the cap was reached (the caller used an ordinary ArrayBuffer). */
  readonly refused: number;
}

interface FreeBlock {
  offset: number;
  bytes: number;
}

/** Default cap: 1 GiB or a quarter of physical memory, whichever is smaller (PYRALOG_HEAP_MB overrides). */
function defaultMaxBytes(): number {
  const env = process.env['PYRALOG_HEAP_MB'];
  if (env !== undefined && env !== '') {
    const mb = Number(env);
    if (Number.isFinite(mb) && mb >= 0) return Math.floor(mb) * 1024 * 1024;
  }
  return Math.min(1024 * 1024 * 1024, Math.floor(totalmem() / 4));
}

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/** A heap over its own memory; the process has one (below), tests make their own. */
export class WasmHeap {
  private memory: WasmMemory | null = null;
  /** The memory's maximum, fixed when it is created. */
  private memoryMax = 0;
  private unavailable = false;
  private top = ALIGN;
  private readonly freeList: FreeBlock[] = [];
  private used = 0;
  private live = 0;
  private refusedCount = 0;

  constructor(private maxBytes: number) {}

  configure(maxBytes: number): void {
    if (!Number.isInteger(maxBytes) || maxBytes < 0) {
      throw new PyralogError('INVALID_ARGUMENT', `the column heap cap must be a whole number of bytes >= 0, got ${maxBytes}`, { phase: 'execute' });
    }
    if (this.memory !== null && maxBytes > this.memoryMax) {
      throw new PyralogError('INVALID_ARGUMENT', `the column heap is in use with a maximum of ${this.memoryMax} bytes; it cannot be raised beyond that`, {
        phase: 'execute',
        hints: ['call configureColumnHeap() before opening a database'],
      });
    }
    this.maxBytes = maxBytes;
  }

  /** The memory, created on first use; null when WebAssembly shared memory is unavailable or the cap is 0. */
  mem(): WasmMemory | null {
    if (this.memory === null && !this.unavailable && this.maxBytes >= PAGE) {
      try {
        const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
        const pages = Math.floor(this.maxBytes / PAGE);
        this.memory = new Wasm.Memory({ initial: 1, maximum: pages, shared: true });
        this.memoryMax = pages * PAGE;
      } catch {
        this.unavailable = true;
      }
    }
    return this.memory;
  }

  alloc(n: number): HeapBlock | null {
    const size = roundUp(Math.max(n, 1), ALIGN);
    const free = this.freeList;
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const b = free[i]!.bytes;
      if (b >= size && (best < 0 || b < free[best]!.bytes)) {
        best = i;
        if (b === size) break;
      }
    }
    let offset: number;
    if (best >= 0) {
      const f = free[best]!;
      offset = f.offset;
      if (f.bytes === size) free.splice(best, 1);
      else {
        f.offset += size;
        f.bytes -= size;
      }
    } else {
      const memory = this.mem();
      const end = this.top + size;
      if (memory === null || end > Math.floor(this.maxBytes / PAGE) * PAGE) {
        this.refusedCount++;
        return null;
      }
      const have = memory.buffer.byteLength;
      if (end > have) {
        try {
          memory.grow(Math.ceil((end - have) / PAGE));
        } catch {
          this.refusedCount++;
          return null;
        }
      }
      offset = this.top;
      this.top = end;
    }
    this.used += size;
    this.live++;
    return { offset, bytes: size };
  }

  release(block: HeapBlock): void {
    const free = this.freeList;
    // Binary search for the first free block after this one.
    let lo = 0;
    let hi = free.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (free[mid]!.offset < block.offset) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? free[lo - 1] : undefined;
    const next = free[lo];
    if ((prev !== undefined && prev.offset + prev.bytes > block.offset) || (next !== undefined && block.offset + block.bytes > next.offset)) {
      throw new PyralogError('INTERNAL', `column heap block at ${block.offset} freed twice`, { phase: 'execute' });
    }
    this.used -= block.bytes;
    this.live--;
    let merged: FreeBlock;
    if (prev !== undefined && prev.offset + prev.bytes === block.offset) {
      prev.bytes += block.bytes;
      merged = prev;
      lo--;
    } else {
      merged = { offset: block.offset, bytes: block.bytes };
      free.splice(lo, 0, merged);
    }
    const after = free[lo + 1];
    if (after !== undefined && merged.offset + merged.bytes === after.offset) {
      merged.bytes += after.bytes;
      free.splice(lo + 1, 1);
    }
    // A free block touching the top is given back to the bump region.
    const last = free[free.length - 1];
    if (last !== undefined && last.offset + last.bytes === this.top) {
      this.top = last.offset;
      free.pop();
    }
  }

  /** Every buffer object the memory has shown (a new one after each grow; all share one backing store). */
  private readonly buffers = new WeakSet<object>();

  /** A byte view of a block (valid for as long as the block is allocated). */
  bytes(block: HeapBlock, length = block.bytes): Uint8Array {
    const memory = this.memory;
    if (memory === null) throw new PyralogError('INTERNAL', 'the column heap has no memory', { phase: 'execute' });
    const buffer = memory.buffer;
    this.buffers.add(buffer);
    return new Uint8Array(buffer, block.offset, length);
  }

  /** True when `view` lies in this heap's memory (its byteOffset is then a WebAssembly address). */
  owns(view: ArrayBufferView): boolean {
    return this.buffers.has(view.buffer);
  }

  stats(): HeapStats {
    return {
      maxBytes: this.maxBytes,
      capacityBytes: this.memory === null ? 0 : this.memory.buffer.byteLength,
      usedBytes: this.used,
      liveBlocks: this.live,
      refused: this.refusedCount,
    };
  }

  /** Free-list fragments (for tests). */
  fragments(): number {
    return this.freeList.length;
  }
}

const heap = new WasmHeap(defaultMaxBytes());

/** A block of at least `bytes` bytes, or null when the cap is reached (use an ordinary ArrayBuffer then). */
export function heapAlloc(bytes: number): HeapBlock | null {
  return heap.alloc(bytes);
}

/** Gives a block back; every view on it must be dead by now. */
export function heapFree(block: HeapBlock): void {
  heap.release(block);
}

/** A byte view of `length` bytes (default: all) at the start of an allocated block. */
export function heapBytes(block: HeapBlock, length?: number): Uint8Array {
  return heap.bytes(block, length);
}

/** True when `view` lies in the column heap, so a WebAssembly kernel can read it at address view.byteOffset. */
export function inColumnHeap(view: ArrayBufferView): boolean {
  return heap.owns(view);
}

/** The shared WebAssembly.Memory every heap block lives in (for WebAssembly kernels to import), or null if unavailable. */
export function columnHeapMemory(): WasmMemory | null {
  return heap.mem();
}

/** Sets the heap's cap in bytes (0 turns new allocations off). Once in use it cannot rise above the first cap. */
export function configureColumnHeap(options: { readonly maxBytes: number }): void {
  heap.configure(options.maxBytes);
}

export function columnHeapStats(): HeapStats {
  return heap.stats();
}

/** True when a typed array's bytes live in a shared memory (the column heap), so they must be copied before they outlive their owner. */
export function isSharedView(view: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && view.buffer instanceof SharedArrayBuffer;
}
