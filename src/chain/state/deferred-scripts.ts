/**
 * Runs the script checks a move collected (every input of every block to be
 * connected) as one batch: on the calling thread for a few inputs, else with
 * the ECDSA work spread over the worker pool (verifyInputsParallel gives
 * exactly the sequential answers). Returns the first failing block, in chain
 * order, as a move failure.
 */
import { SignatureCache } from '../crypto/signature-cache.js';
import { verifyInputsParallel, verifyInputsSequential } from '../script/verify-inputs-parallel.js';
import { blockInvalid } from './block-invalid.js';
import type { BlockScriptJobs, MoveFailure } from './plan-move.js';

/** Below this many inputs the batch runs on the calling thread. */
export const PARALLEL_SCRIPT_THRESHOLD = 64;

export async function verifyDeferredScripts(
  batches: readonly BlockScriptJobs[],
  sigCache: SignatureCache,
  gasLimit: number | null = null,
): Promise<MoveFailure | undefined> {
  const jobs = batches.flatMap((b) => b.jobs);
  if (jobs.length === 0) return undefined;
  const options = gasLimit === null ? { sigCache } : { sigCache, gasLimit };
  const results = jobs.length < PARALLEL_SCRIPT_THRESHOLD ? verifyInputsSequential(jobs, options) : await verifyInputsParallel(jobs, options);
  let at = 0;
  for (const b of batches) {
    for (const job of b.jobs) {
      const r = results[at++];
      if (r !== undefined && !r.ok) {
        return {
          kind: 'failed',
          failed: b.entry,
          error: blockInvalid('mandatory-script-verify-flag-failed', `transaction ${job.txIndex} input ${job.inputIndex}: ${r.error}`, { tx: job.txIndex, input: job.inputIndex }),
        };
      }
    }
  }
  return undefined;
}
