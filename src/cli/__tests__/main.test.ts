import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandTable } from '../command-registry.js';
import { main } from '../main.js';
import { parseCommandArgs, listOption } from '../parse-command-args.js';
import { ProgressBar } from '../progress-bar.js';
import type { Command } from '../command.js';
import { captureContext } from './capture-context.js';

const demo: Command = {
  name: 'demo-x',
  summary: 's',
  usage: 'pyralog demo-x --n N',
  help: 'h',
  options: { n: { type: 'string' }, key: { type: 'string', multiple: true }, flag: { type: 'boolean' } },
  positionals: true,
  run: () => Promise.resolve(0),
};

describe('CLI dispatcher', () => {
  it('lists commands for --help and exits 0, showing a command that cannot load', async () => {
    const ctx = captureContext('/');
    const table: CommandTable = {
      import: COMMANDS['import']!,
      zeta: () => Promise.reject(new Error('Cannot find module zeta.js')),
    };
    expect(await main(['--help'], ctx, table)).toBe(0);
    expect(ctx.out()).toContain('usage: pyralog <command> [options]');
    expect(ctx.out()).toContain('\n  import  Import CSV files into tables (one table per file, types inferred).\n');
    expect(ctx.out()).toContain('\n  zeta    (cannot load: Cannot find module zeta.js)\n');
  });

  it('prints a command help for `<cmd> --help` and `help <cmd>`', async () => {
    const a = captureContext('/');
    expect(await main(['import', '--help'], a)).toBe(0);
    expect(a.out()).toContain('usage: pyralog import --db DIR FILE.csv…');
    expect(a.out()).toContain('--replace');
    const b = captureContext('/');
    expect(await main(['help', 'import'], b)).toBe(0);
    expect(b.out()).toBe(a.out());
  });

  it('exits 2 with a rendered CLI_USAGE error for unknown commands and options', async () => {
    const a = captureContext('/');
    expect(await main(['frobnicate'], a)).toBe(2);
    expect(a.err()).toBe('error[CLI_USAGE]: unknown command "frobnicate"\n  hint: run `pyralog --help` for the list of commands\n');
    const b = captureContext('/');
    expect(await main(['import', '--bogus'], b)).toBe(2);
    expect(b.err()).toContain("error[CLI_USAGE]: import: Unknown option '--bogus'");
    expect(b.err()).toContain('hint: usage: pyralog import');
    const c = captureContext('/');
    expect(await main(['import', 'x.csv'], c)).toBe(2);
    expect(c.err()).toContain('--db is required');
    const d = captureContext('/');
    expect(await main([], d, { import: COMMANDS['import']! })).toBe(2);
    expect(d.out()).toContain('commands:\n  import  Import CSV files');
  });

  it('prints the version', async () => {
    const ctx = captureContext('/');
    expect(await main(['--version'], ctx)).toBe(0);
    expect(ctx.out()).toMatch(/^pyralog \d+\.\d+\.\d+/);
  });
});

describe('argument parsing', () => {
  it('parses options, repeatable lists split on commas, and positionals', () => {
    const args = parseCommandArgs(demo, ['--n', '3', 'a.csv', '--key', 'x,y', '--key', 'z', 'b.csv', '--flag']);
    expect(args.values['n']).toBe('3');
    expect(args.values['flag']).toBe(true);
    expect(listOption(args, 'key')).toEqual(['x', 'y', 'z']);
    expect(args.positionals).toEqual(['a.csv', 'b.csv']);
    expect(args.help).toBe(false);
    expect(parseCommandArgs(demo, ['-h']).help).toBe(true);
  });
});

describe('ProgressBar', () => {
  it('draws on a TTY and erases itself; stays silent otherwise', () => {
    const tty = captureContext('/', true);
    const bar = new ProgressBar(tty.stderr, 'albums');
    bar.update(50, 100, '10 rows');
    bar.clear();
    expect(tty.err()).toContain('albums  50% 10 rows');
    expect(tty.err()).toContain('[####');
    expect(tty.err().endsWith('\r\x1b[K')).toBe(true);
    let narrow = '';
    const zero = new ProgressBar({ write: (t: string) => (narrow += t), isTTY: true, columns: 0 }, 'tracks.csv');
    zero.update(3, 4, '1,000 rows');
    expect(narrow).toContain('tracks.csv  75% 1,000 rows\x1b[K');
    const pipe = captureContext('/', false);
    const quiet = new ProgressBar(pipe.stderr, 'albums');
    quiet.update(50, 100);
    quiet.clear();
    expect(pipe.err()).toBe('');
  });
});

describe('--help on every command', () => {
  it('each registered command (and each chain subcommand) prints its help and exits 0, never "needs a value"', async () => {
    const argvs = [...Object.keys(COMMANDS).map((name) => [name, '--help']), ...Object.keys(COMMANDS).map((name) => [name, '-h']), ...['init', 'mine', 'import', 'validate', 'info'].map((sub) => ['chain', sub, '--help'])];
    for (const argv of argvs) {
      const ctx = captureContext('/');
      const code = await main(argv, ctx);
      expect({ argv, code, err: ctx.err() }).toEqual({ argv, code: 0, err: '' });
      expect(ctx.out(), argv.join(' ')).toMatch(/^usage: pyralog /);
    }
  });
});
