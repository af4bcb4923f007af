/** The `values` arrow: a literal relation (also the empty relation produced by the optimizer). */
import type { SourceSpan } from '../../../errors/pyralog-error.js';
import type { Scalar } from '../../../types/data-type.js';
import type { Schema } from '../../../types/schema.js';
import { planError } from '../plan-error.js';
import type { Rel, ValuesRel } from '../rel.js';
import { valueFitsType } from '../type-rules.js';

/** Rules trust a declared key (e.g. to drop a distinct), so a literal relation must honour it. */
function checkKey(schema: Schema, rows: readonly (readonly Scalar[])[], span?: SourceSpan): void {
  const key = schema.key ?? [];
  const seen = new Set<string>();
  const text = (v: Scalar): string =>
    v === null ? 'N' : typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `x${Buffer.from(v).toString('hex')}` : typeof v === 'object' ? `${v.months}m${v.nanos}` : JSON.stringify(v);
  rows.forEach((row, r) => {
    const k = key.map((i) => text(row[i] ?? null)).join('|');
    if (seen.has(k)) throw planError('INVALID_PLAN', `values row ${r + 1} repeats the key of an earlier row`, span);
    seen.add(k);
  });
}

export const Values = {
  /** Rows must have the schema's arity; each value must fit its field's type, NULL only where nullable. */
  create(schema: Schema, rows: readonly (readonly Scalar[])[], span?: SourceSpan): ValuesRel {
    rows.forEach((row, r) => {
      if (row.length !== schema.fields.length) {
        throw planError('SCHEMA_MISMATCH', `values row ${r + 1} has ${row.length} value(s), the schema has ${schema.fields.length}`, span);
      }
      row.forEach((v, c) => {
        const f = schema.fields[c];
        if (f === undefined) return;
        if (v === null ? !f.nullable && f.type !== 'null' : !valueFitsType(v, f.type)) {
          throw planError('TYPE_MISMATCH', `values row ${r + 1}, column ${f.name}: ${String(v)} is not a valid ${f.type}${f.nullable ? '' : ' (not null)'}`, span);
        }
      });
    });
    if (schema.key !== undefined) checkKey(schema, rows, span);
    return { kind: 'values', schema, rows, ...(span !== undefined ? { span } : {}) };
  },
  /** The empty relation of a schema. */
  empty(schema: Schema, span?: SourceSpan): ValuesRel {
    return { kind: 'values', schema, rows: [], ...(span !== undefined ? { span } : {}) };
  },
  is(r: Rel): r is ValuesRel {
    return r.kind === 'values';
  },
};
