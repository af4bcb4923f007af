/**
 * The interactive REPL on a terminal, over node:readline: prompts
 * (`prql> `, and `....> ` while an entry continues), line editing, the
 * history file, Tab completion, Ctrl-C (clears the entry being typed, or
 * aborts the running one through its AbortSignal) and Ctrl-D (exits).
 * Lines typed while an entry runs wait their turn.
 */
import * as readline from 'node:readline';
import { complete } from './completer.js';
import { EntryBuffer } from './entry-buffer.js';
import { HISTORY_SIZE, loadHistory, saveHistory } from './history-file.js';
import type { ReplCore } from './repl-core.js';

export interface TerminalOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** The history file (undefined: no history is kept). */
  readonly historyFile?: string;
  /** Printed once before the first prompt. */
  readonly banner?: string;
}

function promptOf(lang: string, continuing: boolean): string {
  return continuing ? `${'.'.repeat(lang.length)}> ` : `${lang}> `;
}

/** Runs the REPL until Ctrl-D or `:quit`; resolves to the exit code (0). */
export function runTerminal(core: ReplCore, options: TerminalOptions): Promise<number> {
  const { output, historyFile } = options;
  const buffer = new EntryBuffer(() => core.lang, 'interactive');
  const rl = readline.createInterface({
    input: options.input,
    output,
    terminal: true,
    history: loadHistory(historyFile),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (err: Error | null, result: [string[], string]) => void) => {
      complete(line, core.completionContext()).then(
        (result) => callback(null, result),
        () => callback(null, [[], line]),
      );
    },
  });
  let historyWarning = false;
  rl.on('history', (history: string[]) => {
    const problem = saveHistory(historyFile, history);
    if (problem !== undefined && !historyWarning) {
      historyWarning = true;
      output.write(`warning: ${problem}\n`);
    }
  });

  let running: AbortController | undefined;
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const prompt = (): void => {
    if (closed) return;
    rl.setPrompt(promptOf(core.lang, buffer.pending));
    rl.prompt();
  };

  const onLine = async (line: string): Promise<void> => {
    if (closed) return;
    for (const entry of buffer.push(line)) {
      running = new AbortController();
      const result = await core.run(entry, running.signal);
      running = undefined;
      if (result === 'quit') {
        rl.close();
        return;
      }
    }
    prompt();
  };

  rl.on('line', (line) => {
    queue = queue.then(() => onLine(line));
  });

  rl.on('SIGINT', () => {
    if (running !== undefined) {
      running.abort();
      return;
    }
    const typed = rl.line.length > 0 || buffer.pending;
    buffer.clear();
    output.write(typed ? '^C\n' : '^C\n(To exit, press Ctrl-D or type :quit)\n');
    // Drop the half-typed line as node's own REPL does; readline has no public call for it.
    const editor = rl as unknown as { line: string; cursor: number };
    editor.line = '';
    editor.cursor = 0;
    prompt();
  });

  return new Promise((resolve) => {
    rl.on('close', () => {
      closed = true;
      running?.abort();
      output.write('\n');
      void queue.then(() => resolve(0));
    });
    if (options.banner !== undefined) output.write(`${options.banner}\n`);
    prompt();
  });
}
