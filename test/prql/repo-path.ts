/**
 * Paths of test data relative to the repository root, found by walking up
 * from this file, so the same code works from test/ (vitest) and from
 * dist/test/ (compiled benchmarks).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function repoPath(relative: string): string {
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${relative} above ${import.meta.dirname}`);
    dir = parent;
  }
}
