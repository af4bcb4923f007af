/**
 * How the REPL shows things: a relation as an aligned table (the engine's
 * text-table format, with cells wider than the cap cut to `…` and at most
 * `maxRows` rows, followed by the row count), a value as EDN, the table
 * list of `:tables`, a table's columns for `:schema`, and errors (a
 * PyralogError rendered with its caret; anything else as an internal error).
 */
import { codePointWidth, displayWidth } from '../engine/format/display-width.js';
import { escapeControl } from '../util/escape-control.js';
import { toTextTable } from '../engine/format/result-formats.js';
import { scalarToText } from '../engine/format/scalar-text.js';
import { isPyralogError } from '../errors/pyralog-error.js';
import type { Scalar } from '../types/data-type.js';
import type { Field, Schema } from '../types/schema.js';
import type { ReplOutcome, TableSummary } from './repl-backend.js';

export interface ViewOptions {
  /** Widest a cell may be, in terminal columns (default 40). */
  readonly maxCellWidth?: number;
  /** Rows shown (default 200); the count line says how many were left out. */
  readonly maxRows?: number;
}

export const DEFAULT_MAX_CELL_WIDTH = 40;
export const DEFAULT_MAX_ROWS = 200;

/** `text` cut to at most `max` terminal columns, ending in `…` when cut. */
export function truncateDisplay(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = codePointWidth(ch.codePointAt(0)!);
    if (used + w > max - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

const isNumeric = (f: Field): boolean => f.type === 'int64' || f.type === 'float64';

/** The aligned table of a relation, wide cells cut; numbers keep their right alignment. */
export function relationTable(schema: Schema, rows: readonly (readonly Scalar[])[], options: ViewOptions = {}): string {
  const cap = Math.max(2, options.maxCellWidth ?? DEFAULT_MAX_CELL_WIDTH);
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  // Non-numeric cells become their (escaped, cut) display text in a text column; the formatter does the rest.
  const fields = schema.fields.map((f) => ({ ...f, name: truncateDisplay(escapeControl(f.name), cap), type: isNumeric(f) ? f.type : ('utf8' as const) }));
  const cut = (r: readonly Scalar[]): Scalar[] =>
    schema.fields.map((f, i) => {
      const v = r[i] ?? null;
      return v === null || isNumeric(f) ? v : truncateDisplay(escapeControl(scalarToText(v, f)), cap);
    });
  const shown = rows.map((r, i) => (i < maxRows ? cut(r) : r));
  return toTextTable({ fields }, shown, { maxRows });
}

/** What an outcome prints (no trailing newline). */
export function renderOutcome(outcome: ReplOutcome, options: ViewOptions = {}): string {
  switch (outcome.kind) {
    case 'relation':
      return relationTable(outcome.schema, outcome.rows, options);
    case 'value':
      return outcome.edn;
  }
}

const text = (name: string): Field => ({ name, type: 'utf8', nullable: true });
const int = (name: string): Field => ({ name, type: 'int64', nullable: true });

/** `:tables`: name, column count, rows, primary key. */
export function renderTables(tables: readonly TableSummary[]): string {
  if (tables.length === 0) return '(no tables)';
  const schema: Schema = { fields: [text('table'), int('columns'), int('rows'), text('key')] };
  const rows = tables.map((t) => [t.name, BigInt(t.schema.fields.length), t.rowCount === undefined ? null : BigInt(t.rowCount), t.primaryKey.join(', ')]);
  return relationTable(schema, rows, { maxRows: Number.MAX_SAFE_INTEGER });
}

/** `:schema T`: one row per column. */
export function renderSchema(table: TableSummary): string {
  const schema: Schema = { fields: [text('column'), text('type'), text('nullable'), text('key')] };
  const rows = table.schema.fields.map((f) => {
    const k = table.primaryKey.indexOf(f.name);
    return [f.name, f.type, f.nullable ? 'yes' : 'no', k < 0 ? '' : String(k + 1)];
  });
  return `${table.name}\n${relationTable(schema, rows, { maxRows: Number.MAX_SAFE_INTEGER })}`;
}

/** An error as the user should read it: code, message, caret, hints — never a JS stack for a PyralogError. */
export function renderError(e: unknown): string {
  if (isPyralogError(e)) return e.render();
  return `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}
