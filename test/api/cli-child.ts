/**
 * Test helper: the `pyralog` executable as users run it (bin/pyralog.js over
 * dist/src/…), built from the CURRENT sources into a temporary package by
 * transpiling (TypeScript's transpileModule, no type check: a second or two),
 * so child-process tests never run a stale dist/. Every command module the
 * registry loads lazily is named explicitly (dynamic imports are not
 * followed), and node_modules is linked in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, transpileForChild } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

/** Builds the package under `dir`; returns the path of its bin/pyralog.js. */
export function buildCliPackage(dir: string): string {
  const registry = fs.readFileSync(path.join(repoRoot, 'src/cli/command-registry.ts'), 'utf8');
  const commands = [...registry.matchAll(/import\('\.\/(commands\/[^']+)\.js'\)/g)].map((m) => `src/cli/${m[1]}.ts`);
  transpileForChild(dir, ['src/cli/main.ts', 'src/lang/prql/index.ts', 'src/index.ts', ...commands], 'dist');
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'bin/pyralog.js'), path.join(dir, 'bin/pyralog.js'));
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(repoRoot, 'test'), path.join(dir, 'test')); // the demo's Chinook sample, as in a checkout
  return path.join(dir, 'bin/pyralog.js');
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
