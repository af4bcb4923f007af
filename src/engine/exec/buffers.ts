/**
 * Where the executor's own fixed-width buffers come from: zero-filled
 * ordinary typed arrays, short-lived (most live for one batch) and reclaimed
 * by the garbage collector. Column data read from storage is different: it
 * lives in the column heap (src/memory/wasm-heap.ts), a shared WebAssembly
 * memory, pinned by the query's snapshot, and is copied out before a result
 * leaves the query (chunk.ts, ownChunk). All executor allocations go through
 * these four functions, so kernels that want their outputs in WebAssembly
 * memory have one place to change.
 */

export function allocBytes(n: number): Uint8Array {
  return new Uint8Array(n);
}

export function allocI32(n: number): Int32Array {
  return new Int32Array(n);
}

export function allocF64(n: number): Float64Array {
  return new Float64Array(n);
}

export function allocI64(n: number): BigInt64Array {
  return new BigInt64Array(n);
}
