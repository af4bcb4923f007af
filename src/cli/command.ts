/**
 * What a CLI command is: a name, its help text, its node:util parseArgs
 * option table, and a `run` that gets the parsed arguments and the process
 * context (streams, cwd, TTY). Commands return an exit code; they throw a
 * PyralogError for anything the user should read.
 */
import type { ParseArgsConfig } from 'node:util';

export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs gives a command: option values by name, and positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Where a command reads and writes: the real process, or a capture in tests. */
export interface CliContext {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, e.g. `pyralog import --db DIR FILE.csv… [--table T]`. */
  readonly usage: string;
  /** Longer help: what it does, each option, examples. */
  readonly help: string;
  readonly options: OptionTable;
  /** Whether positional arguments are accepted (default false). */
  readonly positionals?: boolean;
  /** Pass every word after the command name through as positionals, unparsed (the command parses them itself). */
  readonly rawArgs?: boolean;
  run(args: ParsedArgs, context: CliContext): Promise<number>;
}
