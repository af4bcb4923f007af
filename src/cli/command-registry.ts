/**
 * The table of CLI commands. Each command lives in its own file under
 * commands/ and default-exports a `Command`; it is loaded only when used, so
 * a command's heavy dependencies cost nothing to the others.
 *
 * Adding a command = one line here.
 */
import type { Command } from './command.js';

export type CommandLoader = () => Promise<{ default: Command }>;

/** Command name -> loader of its module. */
export type CommandTable = Readonly<Record<string, CommandLoader>>;

export const COMMANDS: CommandTable = {
  import: () => import('./commands/import-command.js'),
  query: () => import('./commands/query-command.js'),
  explain: () => import('./commands/explain-command.js'),
  demo: () => import('./commands/demo-command.js'),
  chain: () => import('./commands/chain-command.js'),
  serve: () => import('./commands/serve-command.js'),
  token: () => import('./commands/token-command.js'),
  repl: () => import('./commands/repl-command.js'),
  start: () => import('./commands/start-command.js'),
  bench: () => import('./commands/bench-command.js'),
  schema: () => import('./commands/schema-command.js'),
};

/** The command called `name`, or undefined. */
export async function loadCommand(name: string, table: CommandTable = COMMANDS): Promise<Command | undefined> {
  const loader = Object.hasOwn(table, name) ? table[name] : undefined;
  return loader === undefined ? undefined : (await loader()).default;
}

/** Every command in name order; a command whose module fails to load is listed with the error instead. */
export async function loadAllCommands(table: CommandTable = COMMANDS): Promise<{ readonly name: string; readonly command?: Command; readonly error?: string }[]> {
  const out: { name: string; command?: Command; error?: string }[] = [];
  for (const name of Object.keys(table).sort()) {
    try {
      const command = await loadCommand(name, table);
      if (command !== undefined) out.push({ name, command });
    } catch (e) {
      out.push({ name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
