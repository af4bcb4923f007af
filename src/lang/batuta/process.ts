/**
 * A Batuta process: the unit that owns a step budget, a memory (allocation)
 * budget, a call-depth limit and an abort signal. Every evaluation step calls
 * `tick()`; every `sliceSteps` steps it asks the evaluator to yield so an
 * async driver can let the event loop run (abort signals fire, other
 * processes get a turn). Actors (spawn/send/receive) will be processes with
 * a mailbox that a scheduler resumes at these same yield points.
 */
import { PyralogError } from '../../errors/pyralog-error.js';

export interface ProcessLimits {
  /** Evaluation steps before BATUTA_BUDGET_EXCEEDED (default 10,000,000). */
  readonly maxSteps?: number;
  /** Estimated bytes allocated (collections, strings) before BATUTA_BUDGET_EXCEEDED (default 256 MiB). */
  readonly maxMemoryBytes?: number;
  /** Nested calls before BATUTA_BUDGET_EXCEEDED (default 2,000). */
  readonly maxDepth?: number;
  readonly signal?: AbortSignal;
}

export const DEFAULT_MAX_STEPS = 10_000_000;
export const DEFAULT_MAX_MEMORY = 256 * 1024 * 1024;
const SLICE_STEPS = 4096;

export class Process {
  steps = 0;
  allocated = 0;
  depth = 0;
  readonly maxSteps: number;
  readonly maxMemory: number;
  readonly maxDepth: number;
  private untilSlice = SLICE_STEPS;

  constructor(readonly limits: ProcessLimits = {}) {
    this.maxSteps = limits.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxMemory = limits.maxMemoryBytes ?? DEFAULT_MAX_MEMORY;
    this.maxDepth = limits.maxDepth ?? 2000;
  }

  /** Counts one step; true when the evaluator should yield a slice. Throws when the budget is spent or the signal aborted. */
  tick(): boolean {
    if (++this.steps > this.maxSteps) {
      throw new PyralogError('BATUTA_BUDGET_EXCEEDED', `the program ran past its step budget (${this.maxSteps} steps)`, {
        phase: 'execute',
        hints: ['an endless loop? raise maxSteps if the work is real'],
      });
    }
    if (--this.untilSlice > 0) return false;
    this.untilSlice = SLICE_STEPS;
    this.checkAbort();
    return true;
  }

  checkAbort(): void {
    if (this.limits.signal?.aborted === true) throw new PyralogError('BATUTA_ABORTED', 'the program was cancelled', { phase: 'execute' });
  }

  /** Records an allocation of about `bytes`. */
  alloc(bytes: number): void {
    this.allocated += bytes;
    if (this.allocated > this.maxMemory) {
      throw new PyralogError('BATUTA_BUDGET_EXCEEDED', `the program allocated more than its memory budget (${this.maxMemory} bytes)`, { phase: 'execute' });
    }
  }

  enter(): void {
    if (++this.depth > this.maxDepth) {
      this.depth = 0;
      throw new PyralogError('BATUTA_BUDGET_EXCEEDED', `calls nested deeper than ${this.maxDepth} (a runaway recursion? use loop/recur)`, { phase: 'execute' });
    }
  }

  leave(): void {
    this.depth--;
  }
}
