/**
 * EXPLAIN for a compiled query: the logical plan as the front end produced
 * it, the plan after the rewrite rules with the trace of every rule that
 * fired (in order), and the physical plan (access path of every scan, join
 * strategy, estimated rows), as separate strings and as one text.
 */
import { printPlan } from '../planner/ir/print.js';
import type { TraceEntry } from '../planner/optimizer.js';
import { explainPhysical, type PlannedPhysical } from '../planner/physical/index.js';
import { QueryCompiler, type CompiledQuery } from './query-compiler.js';

export type { TraceEntry };

export interface Explain {
  /** The plan the front end produced. */
  readonly logical: string;
  /** The plan after the rewrite rules. */
  readonly optimized: string;
  /** The optimized plan with access paths, join strategies and row estimates. */
  readonly physical: string;
  /** Every rule application, in order, with the node before and after. */
  readonly trace: readonly TraceEntry[];
  /** All of the above as one text, as `pyralog explain` prints it. */
  readonly text: string;
}

export function explainQuery(q: CompiledQuery, physical: PlannedPhysical): Explain {
  const trace = QueryCompiler.trace(q);
  const logical = printPlan(q.logical);
  const optimized = printPlan(q.optimized);
  const physicalText = explainPhysical(physical);
  const traceLines = trace.length === 0 ? ['(no rule applied)'] : trace.map((t, i) => `${i + 1}. ${t.rule}`);
  const text = [
    '== logical plan ==',
    logical,
    '',
    '== rule trace ==',
    ...traceLines,
    '',
    '== optimized plan ==',
    optimized,
    '',
    '== physical plan ==',
    physicalText,
  ].join('\n');
  return { logical, optimized, physical: physicalText, trace, text };
}
