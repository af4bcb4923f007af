/**
 * Verifying many inputs with their ECDSA checks spread over the worker pool,
 * with exactly the results of sequential verification. Each input's scripts
 * first run speculatively on the calling thread with a checker that answers
 * "valid" to every signature it has not already cached, recording the
 * (sighash, key, signature) triples; the triples are then verified in one
 * parallel batch. An input whose recorded checks all hold ran exactly as it
 * would have for real, so its speculative result stands; an input with a
 * failed check is re-run sequentially with the real checker.
 */

import { parseDerLax } from '../crypto/der-signature.js';
import { normalizePublicKey } from '../crypto/ecdsa.js';
import { SignatureCache } from '../crypto/signature-cache.js';
import { sharedVerifyPool, type VerifyPool, type VerifyStream } from '../crypto/verify-pool.js';
import { legacySighash } from '../tx/sighash.js';
import type { Transaction, TxOut } from '../tx/transaction.js';
import type { ScriptFlags } from './flags.js';
import type { ScriptResult } from './script-error.js';
import type { SignatureChecker } from './signature-checker.js';
import { TransactionSignatureChecker } from './transaction-signature-checker.js';
import { verifyScript } from './verify-script.js';

export interface InputJob {
  readonly tx: Transaction;
  readonly inputIndex: number;
  /** The output this input spends. */
  readonly spent: TxOut;
  readonly flags: ScriptFlags;
}

export interface ParallelVerifyOptions {
  /** The pool to use (default: the shared pool of `verifyBatch`). */
  readonly pool?: VerifyPool;
  readonly sigCache?: SignatureCache;
  /** Gas budget per input. */
  readonly gasLimit?: number;
}

interface Recorded {
  /** Position in the verify stream. */
  readonly at: number;
  readonly key: string | undefined;
}

/** Answers true to every signature check, remembering what it was asked. */
class SpeculativeChecker implements SignatureChecker {
  readonly recorded: Recorded[] = [];
  private readonly real: TransactionSignatureChecker;

  constructor(
    private readonly job: InputJob,
    private readonly sigCache: SignatureCache | undefined,
    private readonly verify: (msg32: Uint8Array, normalizedKey: Uint8Array, compact: Uint8Array) => number,
  ) {
    this.real = new TransactionSignatureChecker(job.tx, job.inputIndex, job.spent.value);
  }

  checkSignature(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array): boolean {
    // Answers the real checker gives without ECDSA are given as they are, not speculated.
    if (sig.length === 0) return false;
    const normalized = normalizePublicKey(pubkey);
    if (normalized === undefined) return false;
    const der = sig.subarray(0, sig.length - 1);
    const compact = parseDerLax(der);
    if (compact === undefined || compact === 'overflow') return false;
    const sighash = legacySighash(this.job.tx, this.job.inputIndex, scriptCode, sig[sig.length - 1]!);
    const key = this.sigCache === undefined ? undefined : SignatureCache.key(sighash, pubkey, der);
    if (key !== undefined && this.sigCache!.has(key)) return true;
    this.recorded.push({ at: this.verify(sighash, normalized, compact), key });
    return true;
  }

  checkLockTime(lockTime: number): boolean {
    return this.real.checkLockTime(lockTime);
  }

  checkSequence(sequence: number): boolean {
    return this.real.checkSequence(sequence);
  }
}

/**
 * Results of verifying each job, identical to `verifyScript` with a TransactionSignatureChecker on each.
 * The signature checks are streamed to the pool while the scripts are still running, so the
 * workers' ECDSA overlaps the speculative runs on this thread.
 */
export async function verifyInputsParallel(jobs: readonly InputJob[], options: ParallelVerifyOptions = {}): Promise<ScriptResult[]> {
  const scriptOptions = options.gasLimit === undefined ? {} : { gasLimit: options.gasLimit };
  let stream: VerifyStream | undefined;
  const verify = (msg32: Uint8Array, key: Uint8Array, compact: Uint8Array): number =>
    (stream ??= (options.pool ?? sharedVerifyPool()).stream()).addParsed(msg32, key, compact);
  const speculative = jobs.map((job) => {
    const checker = new SpeculativeChecker(job, options.sigCache, verify);
    const result = verifyScript(job.tx.inputs[job.inputIndex]!.scriptSig, job.spent.scriptPubKey, checker, job.flags, scriptOptions);
    return { result, recorded: checker.recorded };
  });
  const verdicts = stream === undefined ? [] : await stream.finish();
  return speculative.map((s, j) => {
    let allValid = true;
    for (const r of s.recorded) {
      const ok = verdicts[r.at] === true;
      if (ok && r.key !== undefined) options.sigCache!.add(r.key);
      if (!ok) allValid = false;
    }
    if (allValid) return s.result;
    const job = jobs[j]!;
    const checker = new TransactionSignatureChecker(job.tx, job.inputIndex, job.spent.value, options.sigCache);
    return verifyScript(job.tx.inputs[job.inputIndex]!.scriptSig, job.spent.scriptPubKey, checker, job.flags, scriptOptions);
  });
}

/** One-by-one reference used by tests and small inputs: the same answers, on the calling thread. */
export function verifyInputsSequential(jobs: readonly InputJob[], options: Omit<ParallelVerifyOptions, 'pool'> = {}): ScriptResult[] {
  const scriptOptions = options.gasLimit === undefined ? {} : { gasLimit: options.gasLimit };
  return jobs.map((job) => {
    const checker = new TransactionSignatureChecker(job.tx, job.inputIndex, job.spent.value, options.sigCache);
    return verifyScript(job.tx.inputs[job.inputIndex]!.scriptSig, job.spent.scriptPubKey, checker, job.flags, scriptOptions);
  });
}

/** The jobs for every input of a transaction; `spent[i]` is the output spent by input i. */
export function inputJobs(tx: Transaction, spent: readonly TxOut[], flags: ScriptFlags): InputJob[] {
  return tx.inputs.map((_, i) => {
    const prev = spent[i];
    if (prev === undefined) throw new RangeError(`no spent output given for input ${i}`);
    return { tx, inputIndex: i, spent: prev, flags };
  });
}
