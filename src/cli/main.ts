/**
 * The `pyralog` command line: dispatches `pyralog <command> [args]` to the
 * command table (command-registry.ts), prints help, and turns errors into
 * exit codes: a PyralogError is rendered to stderr with `render()` and exits
 * 1, or 2 for usage errors; anything else is a bug and prints its stack.
 */
import * as fs from 'node:fs';
import { isPyralogError } from '../errors/pyralog-error.js';
import type { CliContext } from './command.js';
import { COMMANDS, loadAllCommands, loadCommand, type CommandTable } from './command-registry.js';
import { USAGE_ERROR, parseCommandArgs, usageError } from './parse-command-args.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/**
 * The real process's streams. When the reader of stdout goes away
 * (`pyralog query … | head -2`), the next write fails with EPIPE: there is
 * no one left to tell, so the process exits quietly instead of dying on an
 * unhandled 'error' event.
 */
function processContext(): CliContext {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) {
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
        throw e;
      });
    }
  }
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** The version in the nearest package.json named pyralog above this file (dist/src/cli or src/cli). */
function version(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(fs.readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pyralog' && pkg.version !== undefined) return pkg.version;
    } catch {
      // not there: try the next level
    }
  }
  return 'unknown';
}

async function overview(table: CommandTable): Promise<string> {
  const commands = await loadAllCommands(table);
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Pyralog — an embedded database: an LSM of Arrow segments in LMDB.',
    '',
    'usage: pyralog <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.command?.summary ?? `(cannot load: ${c.error ?? 'unknown error'})`}`),
    '',
    'Run `pyralog <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/** Runs the CLI on `argv` (the words after `pyralog`); resolves to the exit code. `table` is for tests. */
export async function main(argv: readonly string[], context: CliContext = processContext(), table: CommandTable = COMMANDS): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      const command = topic === undefined ? undefined : await loadCommand(topic, table);
      if (topic !== undefined && command === undefined) throw usageError(`unknown command "${topic}"`);
      context.stdout.write(command === undefined ? await overview(table) : commandHelp(command));
      return name === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (name === '--version' || name === '-v') {
      context.stdout.write(`pyralog ${version()}\n`);
      return EXIT_OK;
    }
    const command = await loadCommand(name, table);
    if (command === undefined) throw usageError(`unknown command "${name}"`);
    const args = command.rawArgs === true && !(rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h'))
      ? { values: {}, positionals: rest, help: false }
      : parseCommandArgs(command, rest);
    if (args.help) {
      context.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(args, context);
  } catch (e) {
    if (isPyralogError(e)) {
      context.stderr.write(`${e.render()}\n`);
      return e.code === USAGE_ERROR ? EXIT_USAGE : EXIT_ERROR;
    }
    context.stderr.write(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_ERROR;
  }
}

function commandHelp(command: { usage: string; summary: string; help: string }): string {
  return `usage: ${command.usage}\n\n${command.summary}\n\n${command.help.trimEnd()}\n`;
}
