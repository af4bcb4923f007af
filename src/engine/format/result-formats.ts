/**
 * The three text renderings of a query result used by the CLI and servers:
 * the JSON format `{"columns":[{"name","type"}],"rows":[[…]]}`, CSV (RFC 4180),
 * and an aligned text table for terminals (control characters in names and
 * values escaped, columns padded by display width, float64 shown with at most
 * 15 significant digits; JSON and CSV keep every digit).
 */
import type { Scalar } from '../../types/data-type.js';
import type { Schema } from '../../types/schema.js';
import { displayWidth as width, padEndDisplay as padEnd, padStartDisplay as padStart } from './display-width.js';
import { escapeControl } from '../../util/escape-control.js';
import { floatDisplayText, scalarToJson, scalarToText } from './scalar-text.js';

export interface ResultJson {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

export function toResultJson(schema: Schema, rows: readonly (readonly Scalar[])[]): ResultJson {
  const fields = schema.fields;
  return {
    columns: fields.map((f) => ({ name: f.name, type: f.type })),
    rows: rows.map((r) => fields.map((f, i) => scalarToJson(r[i] ?? null, f))),
  };
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(schema: Schema, rows: readonly (readonly Scalar[])[]): string {
  const fields = schema.fields;
  const lines = [fields.map((f) => csvCell(f.name)).join(',')];
  for (const r of rows) lines.push(fields.map((f, i) => csvCell(scalarToText(r[i] ?? null, f))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toTextTable(schema: Schema, rows: readonly (readonly Scalar[])[], options: { maxRows?: number } = {}): string {
  const fields = schema.fields;
  const shown = options.maxRows !== undefined ? rows.slice(0, options.maxRows) : rows;
  const cell = (v: Scalar, f: Schema['fields'][number]): string => (typeof v === 'number' && f.type === 'float64' ? floatDisplayText(v) : scalarToText(v, f, 'NULL'));
  const cells = shown.map((r) => fields.map((f, i) => escapeControl(cell(r[i] ?? null, f))));
  const names = fields.map((f) => escapeControl(f.name));
  const widths = fields.map((_, i) => Math.max(width(names[i] ?? ''), ...cells.map((c) => width(c[i] ?? ''))));
  const numeric = fields.map((f) => f.type === 'int64' || f.type === 'float64');
  const sep = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cs: readonly string[], header = false) =>
    `| ${cs.map((c, i) => (numeric[i] && !header ? padStart(c, widths[i] ?? 0) : padEnd(c, widths[i] ?? 0))).join(' | ')} |`;
  const out = [sep, line(names, true), sep, ...cells.map((c) => line(c)), sep];
  const more = rows.length - shown.length;
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'}${more > 0 ? `, ${more} not shown` : ''})`);
  return out.join('\n');
}
