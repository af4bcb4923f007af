/**
 * Foreign keys as the CLI spells them: `REFTABLE(COL[,COL])` for the
 * referenced side, and `[T.]COL[,COL]=REFTABLE(COL[,COL])` for
 * `import --references`. Malformed text is a CLI_USAGE error.
 */
import type { ForeignKeySpec } from '../types/foreign-key.js';
import type { Command } from './command.js';
import { usageError } from './parse-command-args.js';

function columnList(text: string): string[] {
  return text.split(',').map((c) => c.trim());
}

function validList(cols: readonly string[]): boolean {
  return cols.length > 0 && cols.every((c) => c.length > 0);
}

/** `COL[,COL]` and `REFTABLE(COL[,COL])` as a foreign key spec; `what` names the argument in the error. */
export function parseForeignKeyArgs(columns: string, target: string, what: string, command: Command): ForeignKeySpec {
  const m = /^([^()]+)\(([^()]*)\)$/.exec(target.trim());
  const cols = columnList(columns);
  const refCols = m === null ? [] : columnList(m[2]!);
  if (m === null || !validList(cols) || !validList(refCols) || m[1]!.trim().length === 0) {
    throw usageError(`${command.name}: ${what} wants COL[,COL] REFTABLE(COL[,COL]), got ${JSON.stringify(`${columns} ${target}`)}`, command);
  }
  return { columns: cols, references: { table: m[1]!.trim(), columns: refCols } };
}

/** One `--references [T.]COL[,COL]=REFTABLE(COL[,COL])`: the table it is limited to (if any) and the key. */
export function parseReferencesOption(text: string, command: Command): { table?: string; spec: ForeignKeySpec } {
  const eq = text.indexOf('=');
  const bad = (): never => {
    throw usageError(`${command.name}: --references wants [TABLE.]COL[,COL]=REFTABLE(COL[,COL]), got ${JSON.stringify(text)}`, command);
  };
  if (eq <= 0) return bad();
  let left = text.slice(0, eq);
  let table: string | undefined;
  const dot = left.indexOf('.');
  if (dot >= 0) {
    table = left.slice(0, dot);
    left = left.slice(dot + 1);
    if (table.length === 0) return bad();
  }
  try {
    const spec = parseForeignKeyArgs(left, text.slice(eq + 1), '--references', command);
    return table === undefined ? { spec } : { table, spec };
  } catch {
    return bad();
  }
}
