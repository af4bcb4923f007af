/**
 * Shared argument parsing for every command: node:util parseArgs in strict
 * mode over the command's option table, plus `--help`. Parse failures become
 * CLI_USAGE errors (exit code 2) that name the command.
 */
import { parseArgs } from 'node:util';
import { PyralogError } from '../errors/pyralog-error.js';
import type { Command, ParsedArgs } from './command.js';

export const USAGE_ERROR = 'CLI_USAGE';

/** A usage error: wrong or missing arguments. The dispatcher exits with code 2 for these. */
export function usageError(message: string, command?: Command): PyralogError {
  return new PyralogError(USAGE_ERROR, message, {
    phase: 'cli',
    hints: command === undefined ? ['run `pyralog --help` for the list of commands'] : [`usage: ${command.usage}`, `run \`pyralog ${command.name} --help\` for details`],
  });
}

/** Parses `argv` (the words after the command name) for `command`; `help` is true when --help/-h was given. */
export function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs & { readonly help: boolean } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw usageError(`${command.name}: ${message.replace(/\. To specify a positional argument.*$/s, '')}`, command);
  }
  const { help, ...values } = parsed.values;
  return { values, positionals: parsed.positionals, help: help === true };
}

/** A string option's value, or a usage error when it is required and absent. */
export function stringOption(args: ParsedArgs, name: string, command: Command, required: true): string;
export function stringOption(args: ParsedArgs, name: string, command: Command, required?: false): string | undefined;
export function stringOption(args: ParsedArgs, name: string, command: Command, required = false): string | undefined {
  const v = args.values[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const last = v[v.length - 1];
    if (typeof last === 'string') return last;
  }
  if (required) throw usageError(`${command.name}: --${name} is required`, command);
  return undefined;
}

/** All values of a repeatable string option (`multiple: true`), each also split on commas. */
export function listOption(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  const raw = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return raw
    .filter((x): x is string => typeof x === 'string')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}
