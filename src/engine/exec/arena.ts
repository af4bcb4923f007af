/**
 * Where the executor's fixed-width column buffers live. By default plain
 * ArrayBuffers; `useSharedArena()` switches allocation to a bump arena inside
 * one shared, growable WebAssembly.Memory (the future home of SIMD kernels:
 * a shared memory grows without detaching existing views, so columns already
 * handed out stay valid). `resetArena()` recycles the whole arena at once.
 */

const PAGE = 65536;

/** The slice of the WebAssembly JS API used here (lib.dom's typings are not part of this build). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface SharedArena {
  memory: WasmMemory;
  offset: number;
}

let arena: SharedArena | null = null;

/** Route fixed-width allocations into a shared WebAssembly.Memory (initial/maximum in 64 KiB pages). */
export function useSharedArena(initialPages = 256, maximumPages = 65536): WasmMemory {
  const memory = new Wasm.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
  arena = { memory, offset: 0 };
  return memory;
}

/** Back to plain ArrayBuffers. */
export function usePlainBuffers(): void {
  arena = null;
}

/** Forget every allocation of the shared arena (callers must no longer use its columns). */
export function resetArena(): void {
  if (arena !== null) arena.offset = 0;
}

/** Bytes handed out by the shared arena so far (0 when it is off). */
export function arenaBytesUsed(): number {
  return arena === null ? 0 : arena.offset;
}

export function isArenaShared(): boolean {
  return arena !== null;
}

function carve(bytes: number): { buffer: ArrayBufferLike; byteOffset: number } {
  const a = arena as SharedArena;
  const start = (a.offset + 7) & ~7;
  const end = start + bytes;
  const have = a.memory.buffer.byteLength;
  if (end > have) a.memory.grow(Math.ceil((end - have) / PAGE));
  a.offset = end;
  return { buffer: a.memory.buffer, byteOffset: start };
}

export function allocBytes(n: number): Uint8Array {
  if (arena === null || n === 0) return new Uint8Array(n);
  const { buffer, byteOffset } = carve(n);
  const out = new Uint8Array(buffer, byteOffset, n);
  out.fill(0);
  return out;
}

export function allocI32(n: number): Int32Array {
  if (arena === null || n === 0) return new Int32Array(n);
  const { buffer, byteOffset } = carve(n * 4);
  const out = new Int32Array(buffer, byteOffset, n);
  out.fill(0);
  return out;
}

export function allocF64(n: number): Float64Array {
  if (arena === null || n === 0) return new Float64Array(n);
  const { buffer, byteOffset } = carve(n * 8);
  const out = new Float64Array(buffer, byteOffset, n);
  out.fill(0);
  return out;
}

export function allocI64(n: number): BigInt64Array {
  if (arena === null || n === 0) return new BigInt64Array(n);
  const { buffer, byteOffset } = carve(n * 8);
  const out = new BigInt64Array(buffer, byteOffset, n);
  out.fill(0n);
  return out;
}
