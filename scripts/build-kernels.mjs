#!/usr/bin/env node
/**
 * Builds the WebAssembly SIMD kernels from their AssemblyScript source
 * (src/engine/kernels/assembly/*.as) with the `asc` compiler of the
 * `assemblyscript` dev dependency, into
 *   src/engine/kernels/wasm/kernels.wasm       (read by tests and tsx-style runs from src/)
 *   dist/src/engine/kernels/wasm/kernels.wasm  (read by the compiled package)
 * Run by `npm install` (prepare) and `npm run build`; the .wasm is a build
 * output, not committed (see src/engine/kernels/README.md).
 *
 * The sources are named .as, not .ts, so the project's TypeScript build does
 * not try to type-check AssemblyScript; asc is handed them through its
 * readFile hook under the .ts names it asks for.
 *
 * The module must import the column heap's shared memory and own nothing in
 * it: a data segment would be written into the heap at instantiation, so
 * the build fails if one appears.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src/engine/kernels/assembly');
const outputs = [join(root, 'src/engine/kernels/wasm/kernels.wasm'), join(root, 'dist/src/engine/kernels/wasm/kernels.wasm')];

// Up to date: both outputs newer than every source and this script (PYRALOG_KERNELS_REBUILD=1 forces a build).
const newest = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, ...readdirSync(srcDir).filter((f) => f.endsWith('.as')).map((f) => statSync(join(srcDir, f)).mtimeMs));
if (process.env.PYRALOG_KERNELS_REBUILD !== '1' && outputs.every((p) => existsSync(p) && statSync(p).mtimeMs >= newest)) {
  process.stdout.write('build-kernels: up to date\n');
  process.exit(0);
}

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch (e) {
  // A production install (no dev dependencies) runs on the JS fallback; say so instead of failing the install.
  const built = outputs.filter((p) => existsSync(p));
  process.stderr.write(`build-kernels: assemblyscript is not installed (${e instanceof Error ? e.message : e}); ${built.length > 0 ? 'keeping the built kernels' : 'the JS fallback will be used'}\n`);
  process.exit(0);
}

let binary = null;
const { error, stderr } = await asc.main(
  [
    'kernels.ts',
    '--outFile', 'kernels.wasm',
    '-O3', '--noAssert',
    '--runtime', 'stub',
    '--use', 'abort=',
    '--importMemory', '--sharedMemory', '--noExportMemory',
    '--initialMemory', '1', '--maximumMemory', '65536',
    '--enable', 'simd,threads',
  ],
  {
    readFile(name, baseDir) {
      const dir = baseDir === '.' || baseDir === '' ? srcDir : join(srcDir, baseDir);
      const path = join(dir, name.replace(/\.ts$/, '.as'));
      return existsSync(path) && path.startsWith(srcDir) ? readFileSync(path, 'utf8') : null;
    },
    writeFile(name, contents) {
      if (name.endsWith('.wasm')) binary = contents;
    },
    listFiles() {
      return [];
    },
  },
);
if (error) {
  process.stderr.write(stderr.toString());
  process.stderr.write(`build-kernels: ${error.message}\n`);
  process.exit(1);
}
if (binary === null) throw new Error('build-kernels: asc produced no binary');

// Section ids: 2 import, 8 start, 11 data. Walk the sections (LEB128 sizes).
const bytes = Uint8Array.from(binary);
const ids = [];
for (let p = 8; p < bytes.length; ) {
  const id = bytes[p++];
  let size = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[p++];
    size += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
  }
  ids.push(id);
  p += size;
}
if (ids.includes(11) || ids.includes(8)) {
  throw new Error(`build-kernels: the kernel module has a ${ids.includes(11) ? 'data' : 'start'} section; it must own nothing in the shared column heap`);
}
const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
if (imports.length !== 1 || imports[0].module !== 'env' || imports[0].name !== 'memory') {
  throw new Error(`build-kernels: the kernel module must import env.memory only, got ${JSON.stringify(imports)}`);
}
for (const out of outputs) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
}
process.stdout.write(`build-kernels: ${bytes.length} bytes → ${outputs.map((p) => p.slice(root.length + 1)).join(', ')}\n`);
