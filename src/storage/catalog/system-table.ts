/**
 * System tables: tables the system owns (the chain's blocks, transactions,
 * inputs, outputs and utxos), flagged `system: true` in their catalog
 * record. Users cannot drop, replace or alter them, nor write them through
 * the public table API; only their owner writes them, through storage.
 */
import { PyralogError } from '../../errors/pyralog-error.js';

/** SYSTEM_TABLE: `name` is a system table and cannot be `what` (dropped, altered, written) by a user. */
export function systemTableError(name: string, what: string): PyralogError {
  return new PyralogError('SYSTEM_TABLE', `table ${name} belongs to the system (the chain) and cannot be ${what}`, {
    phase: 'storage',
    details: { table: name },
    hints: ['chain tables change only through `pyralog chain`; import your data under another name (--table NAME)'],
  });
}
