/**
 * The foreign keys between the chain's tables, declared (informational, not
 * enforced: the chain writes consistent rows itself) so that front ends such
 * as GraphQL can follow them: a transaction's block, an input's and an
 * output's transaction, an unspent output's output, and the output an input
 * spends (a coinbase input's null outpoint names no output).
 */
import type { ForeignKeySpec } from '../../types/foreign-key.js';

export interface ChainForeignKey {
  /** The referencing table. */
  readonly table: string;
  readonly spec: ForeignKeySpec & { readonly name: string };
}

const fk = (table: string, columns: string[], refTable: string, refColumns: string[]): ChainForeignKey => ({
  table,
  spec: { name: `${table}_${columns.join('_')}_fkey`, columns, references: { table: refTable, columns: refColumns } },
});

export const CHAIN_FOREIGN_KEYS: readonly ChainForeignKey[] = [
  fk('transactions', ['block_hash'], 'blocks', ['hash']),
  fk('inputs', ['txid'], 'transactions', ['txid']),
  fk('outputs', ['txid'], 'transactions', ['txid']),
  fk('inputs', ['prev_txid', 'prev_index'], 'outputs', ['txid', 'idx']),
  fk('utxos', ['txid', 'idx'], 'outputs', ['txid', 'idx']),
];

/** The foreign keys `table` declares. */
export function chainForeignKeysOf(table: string): ForeignKeySpec[] {
  return CHAIN_FOREIGN_KEYS.filter((k) => k.table === table).map((k) => k.spec);
}
