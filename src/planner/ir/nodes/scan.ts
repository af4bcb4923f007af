/** The `scan` arrow: read a stored table, optionally projecting columns, with storage hints. */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { Schema } from '../../../types/schema.js';
import type { Expr } from '../expr.js';
import { expectBool, inferExpr } from '../infer.js';
import { planError } from '../plan-error.js';
import type { Rel, ScanRel } from '../rel.js';
import { makeField, makeSchema } from '../schema-utils.js';

export interface ScanOptions {
  /** Name that qualifies the output fields (default: the table name). */
  readonly alias?: string;
  /** Table columns to produce, in order (default: all). */
  readonly projection?: readonly number[] | null;
  /** Conjunctive predicates over the table schema storage may use to skip data. */
  readonly hints?: readonly Expr[];
  readonly span?: SourceSpan;
}

export const Scan = {
  create(table: string, tableSchema: Schema, options: ScanOptions = {}): ScanRel {
    const alias = options.alias ?? table;
    const projection = options.projection ?? null;
    const hints = options.hints ?? [];
    const columns = projection ?? tableSchema.fields.map((_, i) => i);
    const fields = columns.map((c) => {
      const f = tableSchema.fields[c];
      if (f === undefined) {
        throw planError('COLUMN_OUT_OF_RANGE', `scan of ${table}: column #${c} does not exist (${tableSchema.fields.length} columns)`, options.span);
      }
      return makeField(f.name, f.type, f.nullable, alias, f.metadata);
    });
    for (const h of hints) expectBool(inferExpr(h, tableSchema), h.span ?? options.span, 'a scan hint');
    const key = tableSchema.key?.map((k) => columns.indexOf(k));
    const schema = makeSchema(fields, key !== undefined && key.every((k) => k >= 0) ? key : undefined);
    return {
      kind: 'scan',
      schema,
      table,
      alias,
      tableSchema,
      projection,
      hints,
      ...(options.span !== undefined ? { span: options.span } : {}),
    };
  },
  is(r: Rel): r is ScanRel {
    return r.kind === 'scan';
  },
};
