/**
 * Runs plans with the executor and compares results: as multisets of rows,
 * or in order when a sort fixes it.
 */
import { expect } from 'vitest';
import type { Scalar } from '../../../../types/data-type.js';
import { executeRel } from '../../../../engine/exec/index.js';
import type { Rel } from '../../../ir/rel.js';
import { printPlan } from '../../../ir/print.js';
import { isPyralogError } from '../../../../errors/pyralog-error.js';

function key(v: Scalar): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return `f${Object.is(v, -0) ? 0 : v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  return `v${v.months}:${v.nanos}`;
}

/** Rows as comparable strings (bigint, number, text, NULL kept apart). */
export function rowKeys(rows: readonly (readonly Scalar[])[]): string[] {
  return rows.map((row) => row.map(key).join('|'));
}

export function rowsOf(rel: Rel): string[] {
  return rowKeys(executeRel(rel).arrays());
}

/** Both plans give the same rows (as a multiset unless `ordered`), with the plans in the failure message. */
export function expectSameResults(before: Rel, after: Rel, ordered = false): void {
  const message = `before:\n${printPlan(before)}\nafter:\n${printPlan(after)}`;
  const a = outcome(before);
  const b = outcome(after);
  // A rewrite may avoid an error (e.g. a filter pushed below an overflowing projection runs it on fewer
  // rows, or a pruned column is never computed), never introduce one or change the rows.
  if (typeof a === 'string') {
    if (typeof b === 'string') expect(b, message).toBe(a);
    return;
  }
  expect(b, message).not.toBeTypeOf('string');
  const rows = b as string[];
  expect(ordered ? rows : [...rows].sort(), message).toEqual(ordered ? a : [...a].sort());
}

/** The rows of a plan, or the code of the PyralogError it raised (e.g. NUMERIC_OVERFLOW). */
function outcome(rel: Rel): string[] | string {
  try {
    return rowsOf(rel);
  } catch (e) {
    if (isPyralogError(e) && e.code !== 'INTERNAL') return e.code;
    throw e;
  }
}
