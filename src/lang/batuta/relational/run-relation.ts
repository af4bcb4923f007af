/**
 * Running a relation value: plan it against the host's catalog of the
 * moment, run it, and turn the rows into Batuta values (a vector of maps
 * with keyword keys; dates and timestamps as timestamp values).
 */
import { BMap, BVector, Keyword, Timestamp } from '../../../grammars/batuta/forms.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import type { Runtime } from '../runtime.js';
import type { Relation, Value } from '../values.js';
import type { Frame, RelContext } from './frame.js';

export function relContext(rt: Runtime): RelContext {
  return { catalog: rt.host.catalog(), params: rt.params, rt };
}

/** The frame (IR plan) of a relation value, planned now. */
export function planRelation(r: Relation, rt: Runtime): Frame {
  return r.build(relContext(rt));
}

export function scalarValue(v: Scalar, type: DataType): Value {
  if (v === null) return null;
  if (type === 'timestamp' && typeof v === 'bigint') return new Timestamp(v, false);
  if (type === 'date' && typeof v === 'number') return new Timestamp(BigInt(v) * 86_400_000_000_000n, true);
  if (typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return `${v.months} months ${v.nanos} ns`;
}

/** Runs `r` and returns its rows as maps. */
export function relationRows(r: Relation, rt: Runtime): BVector {
  const frame = planRelation(r, rt);
  const { schema, rows } = rt.host.run(frame.rel, rt.params);
  const keys = schema.fields.map((f) => new Keyword(f.name));
  rt.proc.alloc(rows.length * (16 + 16 * keys.length));
  return new BVector(rows.map((row) => BMap.from(keys.map((k, i) => [k, scalarValue(row[i] ?? null, schema.fields[i]?.type ?? 'null')] as const))));
}
