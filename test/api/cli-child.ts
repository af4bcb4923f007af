/**
 * Test helper: the `pyralog` executable as users run it (bin/pyralog.js over
 * dist/src/…), built from the CURRENT sources into a temporary package by
 * transpiling (TypeScript's transpileModule, no type check), so child-process
 * tests never run a stale dist/. Every command module the
 * registry loads lazily is named explicitly (dynamic imports are not
 * followed), and node_modules is linked in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

/** A hash of everything the package is built from: src/**, bin/pyralog.js and the package.json. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(repoRoot, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== '__tests__') walk(child);
      } else if (entry.name.endsWith('.ts')) hash.update(child).update(fs.readFileSync(path.join(repoRoot, child)));
    }
  };
  walk('src');
  for (const f of ['bin/pyralog.js', 'package.json']) hash.update(f).update(fs.readFileSync(path.join(repoRoot, f)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The CLI package built from the current sources; returns the path of its
 * bin/pyralog.js. Built once per state of the sources (keyed by their hash,
 * under the OS temp directory) and shared by the test files that spawn it:
 * transpiling takes seconds on a busy machine. Built in a private directory
 * and renamed into place, so concurrent test files never see half a package.
 * (A directory argument, from callers written before the cache, is ignored.)
 */
export function buildCliPackage(_legacyDir?: string): string {
  const root = path.join(os.tmpdir(), 'pyralog-cli-build');
  const dir = path.join(root, sourceHash());
  const bin = path.join(dir, 'bin/pyralog.js');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(root, { recursive: true });
  const staging = fs.mkdtempSync(path.join(root, 'staging-'));
  const registry = fs.readFileSync(path.join(repoRoot, 'src/cli/command-registry.ts'), 'utf8');
  const commands = [...registry.matchAll(/import\('\.\/(commands\/[^']+)\.js'\)/g)].map((m) => `src/cli/${m[1]}.ts`);
  // db-worker.ts: the server's worker threads load it by URL (no import names it but a type-only one).
  transpileForChild(staging, ['src/cli/main.ts', 'src/lang/prql/index.ts', 'src/index.ts', 'src/server/db-worker.ts', ...commands], 'dist');
  fs.mkdirSync(path.join(staging, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'bin/pyralog.js'), path.join(staging, 'bin/pyralog.js'));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(staging, 'node_modules'));
  fs.symlinkSync(path.join(repoRoot, 'test'), path.join(staging, 'test')); // the demo's Chinook sample, as in a checkout
  try {
    fs.renameSync(staging, dir);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another test file built it meanwhile
  }
  return bin;
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin args…` to completion in `cwd`. */
export function runCli(bin: string, args: readonly string[], cwd: string, timeout = 120_000): ChildResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `node bin args…`; the caller reads its streams and signals it. */
export function startCli(bin: string, args: readonly string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves when `child`'s stdout has printed text matching `pattern` (rejects if it exits first). */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (pattern.test(out)) {
        child.stdout?.off('data', onData);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing ${pattern}: ${out}`)));
  });
}
