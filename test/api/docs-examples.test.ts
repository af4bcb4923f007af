/**
 * Every `pyralog` command shown in README.md, docs/cli.md and docs/chain.md
 * runs, in order, in a scratch directory (with test/ and examples/ beside
 * it, as in a checkout), in-process through the CLI's main(): a command
 * whose shown output is an error must fail with that code, every other one
 * must succeed with nothing on stderr. A doc that names a file that does not
 * exist, or a command that no longer works, fails here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../../src/storage/sequencer/__tests__/transpile-for-child.js';

interface Example {
  readonly doc: string;
  readonly argv: readonly string[];
  /** The error code the doc shows as this command's output, if any. */
  readonly error?: string;
}

/** Shell words of one command line: quotes, backslash line continuations joined before; `*` globs expanded in `cwd`. */
function words(line: string, cwd: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (const m of line.matchAll(re)) {
    const w = m[1] ?? m[2] ?? m[3]!;
    if (m[3] !== undefined && w.includes('*')) {
      const dir = path.dirname(w);
      const pattern = new RegExp(`^${path.basename(w).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
      out.push(...fs.readdirSync(path.join(cwd, dir)).filter((f) => pattern.test(f)).sort().map((f) => path.join(dir, f)));
    } else out.push(w);
  }
  return out;
}

/** The pyralog commands of a markdown file, in order: lines in fenced blocks starting with `npx pyralog`, `$ npx pyralog` or `$ pyralog`. */
function examples(doc: string, cwd: string): Example[] {
  const text = fs.readFileSync(path.join(repoRoot, doc), 'utf8');
  const found: Example[] = [];
  let fenced = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) continue;
    let line = raw.replace(/^\$ /, '');
    if (!/^(npx )?pyralog /.test(line) || (raw === line && !line.startsWith('npx '))) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.trim();
    line = line.replace(/\s+#.*$/, '');
    const error = /^error\[([A-Z_]+)\]/.exec(lines[i + 1] ?? '')?.[1];
    for (const part of line.split(' && ')) {
      const argv = words(part.replace(/^npx /, ''), cwd);
      if (argv[0] !== 'pyralog' || argv[1] === 'repl') continue;
      found.push({ doc, argv: argv.slice(1), ...(error !== undefined ? { error } : {}) });
    }
  }
  return found;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-docs-'));
  for (const d of ['test', 'examples']) fs.symlinkSync(path.join(repoRoot, d), path.join(tmp, d));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: tmp, env: {} };
  const code = await main(argv, context);
  return { code, stdout, stderr };
}

describe('the commands in the docs work', () => {
  it('README.md, docs/cli.md and docs/chain.md, in order', async () => {
    const all = ['README.md', 'docs/cli.md', 'docs/chain.md'].flatMap((doc) => examples(doc, tmp));
    expect(all.filter((e) => e.doc === 'README.md').length).toBeGreaterThanOrEqual(7);
    expect(all.filter((e) => e.doc === 'docs/chain.md').length).toBeGreaterThanOrEqual(8);
    for (const e of all) {
      const r = await run(e.argv);
      const what = `${e.doc}: pyralog ${e.argv.join(' ')}\n${r.stderr}`;
      expect(r.stderr, what).not.toMatch(/internal error|\n\s+at /);
      if (e.error !== undefined) {
        expect(r.code, what).toBe(1);
        expect(r.stderr, what).toContain(`error[${e.error}]`);
      } else {
        expect(r.code, what).toBe(0);
        expect(r.stderr, what).toBe('');
      }
    }
    // what the README promises of --key: a point lookup, not a full scan
    const plan = await run(['explain', '--db', './music', 'from tracks | filter track_id == 42']);
    expect(plan.stdout).toMatch(/Scan: tracks .*\[point_get \(42\)\]/);
    const top = await run(['query', '--db', './music', '--format', 'json', '--file', 'examples/top-countries.prql']);
    const [country, n, revenue] = JSON.parse(top.stdout).rows[0] as [string, number, number];
    expect([country, n, revenue.toFixed(2)]).toEqual(['USA', 91, '523.06']);
  }, 300_000);
});
