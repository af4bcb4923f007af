/**
 * The REPL without a terminal (input piped or redirected): reads the whole
 * input, splits it into entries as entry-buffer.ts does in script mode,
 * runs them in order, prints results to `io.out` and errors to `io.err`
 * with no prompts, and stops at `:quit`. Exit code 1 if any entry failed,
 * so `pyralog repl < script.bt` can guard a shell script.
 */
import type { Readable } from 'node:stream';
import { EntryBuffer, type Entry } from './entry-buffer.js';
import type { ReplCore } from './repl-core.js';

async function readAll(input: Readable): Promise<string> {
  const parts: string[] = [];
  input.setEncoding('utf8');
  for await (const chunk of input) parts.push(String(chunk));
  return parts.join('');
}

/** Runs every entry of `input`; resolves to the exit code (0, or 1 when any entry failed). */
export async function runScript(core: ReplCore, input: Readable): Promise<number> {
  const text = await readAll(input);
  const buffer = new EntryBuffer(() => core.lang, 'script');
  let failed = false;
  const run = async (entries: readonly Entry[]): Promise<boolean> => {
    for (const entry of entries) {
      const result = await core.run(entry);
      if (result === 'error') failed = true;
      if (result === 'quit') return false;
    }
    return true;
  };
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (!(await run(buffer.push(line)))) return failed ? 1 : 0;
  }
  const last = buffer.end();
  await run(last === undefined ? [] : [last]);
  return failed ? 1 : 0;
}
