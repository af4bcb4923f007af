/**
 * Starts a REPL over a backend: on a terminal the interactive one
 * (terminal-repl.ts), otherwise the script runner (script-repl.ts). Chooses
 * the language, prints the banner, finds the history file, and closes the
 * backend at the end. This is the REPL's one entry point.
 */
import type { Readable } from 'node:stream';
import { historyPath } from './history-file.js';
import type { ReplBackend } from './repl-backend.js';
import { ReplCore } from './repl-core.js';
import { runScript } from './script-repl.js';
import { runTerminal } from './terminal-repl.js';

export interface TextSink {
  write(text: string): unknown;
}

export interface RunReplOptions {
  readonly backend: ReplBackend;
  /** The language to start in (default: the backend's first). */
  readonly lang?: string;
  readonly input: Readable & { readonly isTTY?: boolean };
  /** Results (and, on a terminal, the prompts and echo). */
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** The stream readline draws on; required when `input` is a terminal. */
  readonly terminalOutput?: NodeJS.WritableStream;
  /** For PYRALOG_HISTORY / HOME. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export async function runRepl(options: RunReplOptions): Promise<number> {
  const { backend, stdout, stderr } = options;
  try {
    const core = await ReplCore.create(backend, { out: (t) => stdout.write(`${t}\n`), err: (t) => stderr.write(`${t}\n`) }, options.lang === undefined ? {} : { lang: options.lang });
    if (options.input.isTTY === true && options.terminalOutput !== undefined) {
      const others = core.languages.filter((l) => l !== core.lang).map((l) => `:lang ${l}`);
      const switchTo = others.length === 0 ? '' : `; switch with ${others.join(' or ')}`;
      const banner = `Pyralog REPL on ${backend.location} — ${core.lang} (the language${switchTo}). :help for help, Ctrl-D to exit.`;
      return await runTerminal(core, { input: options.input, output: options.terminalOutput, historyFile: historyPath(options.env), banner });
    }
    return await runScript(core, options.input);
  } finally {
    await backend.close();
  }
}
