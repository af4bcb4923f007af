/**
 * The REPL's own commands — lines that start with `:` and a known name
 * (`:tables`, `:schema T`, `:explain FORM`, …) — and how such a line is
 * recognised. A line such as `:tracks` (a Batuta keyword) is not a command
 * and is evaluated as code. What each command does is in repl-core.ts.
 */

export const META_COMMANDS = [
  { name: 'help', args: '', summary: 'this help' },
  { name: 'tables', args: '', summary: 'the tables of the database, with column and row counts' },
  { name: 'schema', args: 'TABLE', summary: 'the columns of TABLE: name, type, nullable, key' },
  { name: 'explain', args: 'ENTRY', summary: 'the logical, optimized and physical plans of ENTRY (may span lines)' },
  { name: 'lang', args: 'LANGUAGE', summary: 'switch the language (no argument: show the current one and the choices)' },
  { name: 'timing', args: 'on|off', summary: 'print how long each entry took' },
  { name: 'quit', args: '', summary: 'leave the REPL (also Ctrl-D)' },
] as const;

export type MetaName = (typeof META_COMMANDS)[number]['name'];

const NAMES: ReadonlySet<string> = new Set(META_COMMANDS.map((c) => c.name));

export interface MetaLine {
  readonly name: MetaName;
  /** The rest of the line, trimmed. */
  readonly arg: string;
}

/** The command a line gives (`:schema tracks` → schema, "tracks"), or undefined for ordinary input. */
export function parseMetaCommand(line: string): MetaLine | undefined {
  const m = /^\s*:([a-z]+)(?:\s+([\s\S]*))?$/.exec(line);
  if (m === null || !NAMES.has(m[1]!)) return undefined;
  return { name: m[1] as MetaName, arg: (m[2] ?? '').trim() };
}

/** `:name ARGS  summary` lines for :help. */
export function metaHelpLines(): string[] {
  const usage = META_COMMANDS.map((c) => `:${c.name}${c.args === '' ? '' : ` ${c.args}`}`);
  const width = Math.max(...usage.map((u) => u.length));
  return META_COMMANDS.map((c, i) => `  ${usage[i]!.padEnd(width)}  ${c.summary}`);
}
