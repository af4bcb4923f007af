/**
 * Running a relation value: plan it against the host's catalog of the
 * moment, run it, and turn the rows into Batuta values (a vector of maps
 * with keyword keys; dates and timestamps as timestamp values). A column
 * name that occurs more than once (a join of two tables with a `name`
 * column) is keyed by its qualified name (`:artists/name`), so no value
 * overwrites another; columns that share name and qualifier are an error.
 */
import { BMap, BVector, Keyword, Timestamp } from '../../../grammars/batuta/forms.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { evalError } from '../batuta-error.js';
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

/** The map key of each column: its name, or `qualifier/name` where the name repeats. */
function rowKeys(frame: Frame): Keyword[] {
  const count = new Map<string, number>();
  for (const c of frame.cols) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  const names = frame.cols.map((c) => ((count.get(c.name) ?? 0) > 1 && c.quals[0] !== undefined ? `${c.quals[0]}/${c.name}` : c.name));
  const seen = new Set<string>();
  const repeated = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (repeated.length > 0) {
    throw evalError(`the rows would have the key :${repeated[0] ?? ''} twice (columns: ${names.map((n) => `:${n}`).join(' ')})`, undefined, [
      'give the inputs aliases with (from :t :as :x) or (as rel :x), or rename columns with select {:new :col}',
    ]);
  }
  return names.map((n) => new Keyword(n));
}

/** Runs `r` and returns its rows as maps. */
export function relationRows(r: Relation, rt: Runtime): BVector {
  const frame = planRelation(r, rt);
  const keys = rowKeys(frame);
  const { schema, rows } = rt.host.run(frame.rel, rt.params);
  rt.proc.alloc(rows.length * (16 + 16 * keys.length));
  return new BVector(rows.map((row) => BMap.from(keys.map((k, i) => [k, scalarValue(row[i] ?? null, schema.fields[i]?.type ?? 'null')] as const))));
}
