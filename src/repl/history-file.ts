/**
 * The REPL's history file: where it is (PYRALOG_HISTORY, else
 * ~/.pyralog_history; PYRALOG_HISTORY set to an empty string turns history
 * off), reading it at start and writing it after every entry. The file
 * holds one line per entry, oldest first, at most HISTORY_SIZE lines; node's
 * readline keeps the list newest first, so the order flips at both ends.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const HISTORY_SIZE = 1000;

/** The history file for this environment, or undefined when history is off. */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const configured = env['PYRALOG_HISTORY'];
  if (configured !== undefined) return configured.trim() === '' ? undefined : configured;
  const home = env['HOME'] ?? env['USERPROFILE'] ?? os.homedir();
  return path.join(home, '.pyralog_history');
}

/** The saved lines, newest first (readline's order); none when the file is missing or unreadable. */
export function loadHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-HISTORY_SIZE)
    .reverse();
}

/** Writes `newestFirst` (readline's list) to the file, oldest first; returns an error message instead of throwing. */
export function saveHistory(file: string | undefined, newestFirst: readonly string[]): string | undefined {
  if (file === undefined) return undefined;
  const lines = newestFirst
    .slice(0, HISTORY_SIZE)
    .filter((l) => !l.includes('\n'))
    .reverse();
  try {
    fs.writeFileSync(file, lines.length === 0 ? '' : `${lines.join('\n')}\n`, { mode: 0o600 });
    return undefined;
  } catch (e) {
    return `cannot write the history file ${file}: ${e instanceof Error ? e.message : String(e)}`;
  }
}
