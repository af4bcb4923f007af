/**
 * The error a block fails validation with: code CHAIN_INVALID_BLOCK, a
 * Bitcoin-Core-style reason string (e.g. `bad-txns-inputs-missingorspent`)
 * in `details.reason`, and the offending block's hash.
 */
import { PyralogError } from '../../errors/pyralog-error.js';

export function blockInvalid(reason: string, message: string, details: Record<string, unknown> = {}): PyralogError {
  return new PyralogError('CHAIN_INVALID_BLOCK', `${reason}: ${message}`, { phase: 'chain', details: { reason, ...details } });
}

/** The reason string of a CHAIN_INVALID_BLOCK error, or the error code for other errors. */
export function invalidReason(e: unknown): string {
  if (e instanceof PyralogError) {
    const reason = e.details?.['reason'];
    return typeof reason === 'string' ? reason : e.code;
  }
  return e instanceof Error ? e.message : String(e);
}
