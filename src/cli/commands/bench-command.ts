/**
 * `pyralog bench [suite…] [--json FILE] [--report DIR] [--compare FILE]`:
 * loads the compiled bench runner (dist/bench/run.js, built by `npm run
 * build`) and runs it. A missing build is FILE_NOT_FOUND with the fix; a
 * --compare file that is not a bench run is FILE_READ. Exit code 1 when the
 * comparison flags a regression beyond the measured noise.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PyralogError } from '../../errors/pyralog-error.js';
import type { Command } from '../command.js';
import { stringOption } from '../parse-command-args.js';

interface Runner {
  readonly SUITES: readonly string[];
  runBench(o: { suites: readonly string[]; json?: string; reportDir?: string; compare?: string; log: (l: string) => void; out: (t: string) => void }): Promise<{ comparisons?: readonly { verdict: string }[]; comparable?: boolean }>;
}

/** dist/bench/run.js beside this build (src/cli/commands → ../../../bench). */
export function benchRunnerPath(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bench', 'run.js');
}

const benchCommand: Command = {
  name: 'bench',
  summary: 'Run the benchmark suites: table, JSON, HTML report, regression check.',
  usage: 'pyralog bench [suite…] [--json FILE] [--report DIR] [--compare FILE]',
  help: `Runs the suites in bench/ (all, or those named) and prints median, spread,
ops/s and the ratio to each comparison measured in the same run.
  --json FILE      write the run (machine + every sample) here (default bench/results/latest.json)
  --report DIR     write DIR/index.html: one self-contained page with charts
  --compare FILE   compare with an earlier run's JSON; flags changes beyond the measured noise (exit 1);
                   warns when one run is quick and the other full, or they come from different machines
Set PYRALOG_BENCH_QUICK=1 for a smoke run (tiny sizes; not performance figures).
Needs the build: npm run build. See docs/bench.md.`,
  options: { json: { type: 'string' }, report: { type: 'string' }, compare: { type: 'string' } },
  positionals: true,
  async run(args, context) {
    const abs = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(context.cwd, p));
    const compare = abs(stringOption(args, 'compare', benchCommand));
    if (compare !== undefined) {
      let ok = false;
      try {
        const j: unknown = JSON.parse(readFileSync(compare, 'utf8'));
        ok = typeof j === 'object' && j !== null && Array.isArray((j as { results?: unknown }).results);
      } catch (e) {
        throw new PyralogError('FILE_READ', `cannot read ${compare} as a bench run: ${(e as Error).message}`, { phase: 'cli', cause: e });
      }
      if (!ok) throw new PyralogError('FILE_READ', `${compare} is not a bench run (no "results" array)`, { phase: 'cli' });
    }
    const file = benchRunnerPath();
    if (!existsSync(file)) {
      throw new PyralogError('FILE_NOT_FOUND', `the bench runner is not built: ${file} is missing`, { phase: 'cli', hints: ['run `npm run build` in the Pyralog source tree (the bench is not part of a published package)'] });
    }
    const runner = (await import(pathToFileURL(file).href)) as Runner;
    const unknown = args.positionals.filter((s) => !runner.SUITES.includes(s));
    if (unknown.length > 0) throw new PyralogError('CLI_USAGE', `unknown suite(s): ${unknown.join(', ')}`, { phase: 'cli', hints: [`suites: ${runner.SUITES.join(', ')}`] });
    const opts = { suites: args.positionals, log: (l: string) => void context.stderr.write(`${l}\n`), out: (t: string) => void context.stdout.write(`${t}\n`) };
    const json = abs(stringOption(args, 'json', benchCommand));
    const reportDir = abs(stringOption(args, 'report', benchCommand));
    const r = await runner.runBench({ ...opts, ...(json ? { json } : {}), ...(reportDir ? { reportDir } : {}), ...(compare ? { compare } : {}) });
    return r.comparable !== false && r.comparisons?.some((c) => c.verdict === 'regression') === true ? 1 : 0;
  },
};

export default benchCommand;
