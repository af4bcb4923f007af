/** `pyralog bench` from the CLI: help, a coded error when the runner is not built, a bad --compare file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/__tests__/capture-context.js';
import { main } from '../../src/cli/main.js';
import { benchRunnerPath } from '../../src/cli/commands/bench-command.js';

const dir = mkdtempSync(join(tmpdir(), 'pyralog-bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pyralog bench', () => {
  it('prints its help', async () => {
    const ctx = captureContext(dir);
    expect(await main(['bench', '--help'], ctx)).toBe(0);
    expect(ctx.out()).toContain('pyralog bench [suite…] [--json FILE] [--report DIR] [--compare FILE]');
  });

  it('is FILE_NOT_FOUND naming npm run build when the compiled runner is missing (as when run from the sources)', async () => {
    expect(benchRunnerPath().endsWith(join('bench', 'run.js'))).toBe(true);
    const ctx = captureContext(dir);
    expect(await main(['bench', 'prql'], ctx)).not.toBe(0);
    expect(ctx.err()).toContain('FILE_NOT_FOUND');
    expect(ctx.err()).toContain('npm run build');
  });

  it('is FILE_READ for a --compare file that is not a bench run', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"nope": 1}');
    writeFileSync(join(dir, 'broken.json'), '{');
    const a = captureContext(dir);
    expect(await main(['bench', '--compare', 'bad.json'], a)).not.toBe(0);
    expect(a.err()).toMatch(/FILE_READ[\s\S]*no "results" array/);
    const b = captureContext(dir);
    expect(await main(['bench', '--compare', 'broken.json'], b)).not.toBe(0);
    expect(b.err()).toContain('FILE_READ');
  });
});
