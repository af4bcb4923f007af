/**
 * The relational tables and key-value namespaces the chain keeps in the
 * engine. Tables serve queries (hashes and txids as display hex text, scripts
 * as binary, amounts as int64 satoshis); key-value namespaces serve
 * validation (UTXO point lookups, undo data, the block index, raw blocks).
 */
import type { TableDef } from '../../storage/api.js';
import type { DataType } from '../../types/data-type.js';
import type { Field } from '../../types/schema.js';

const f = (name: string, type: DataType, nullable = false): Field => ({ name, type, nullable });

export const BLOCKS_TABLE: TableDef = {
  name: 'blocks',
  fields: [
    f('hash', 'utf8'),
    f('height', 'int64'),
    f('prev_hash', 'utf8'),
    f('time', 'timestamp'),
    f('bits', 'int64'),
    f('nonce', 'int64'),
    f('version', 'int64'),
    f('merkle_root', 'utf8'),
    f('tx_count', 'int64'),
    f('size', 'int64'),
    /** Cumulative work up to and including this block, 64 hex digits (sorts like the number). */
    f('chain_work', 'utf8'),
    /** True while the block is on the best chain; side-branch blocks are kept with false. */
    f('main_chain', 'bool'),
  ],
  primaryKey: ['hash'],
};

export const TRANSACTIONS_TABLE: TableDef = {
  name: 'transactions',
  fields: [
    f('txid', 'utf8'),
    f('block_hash', 'utf8'),
    f('height', 'int64'),
    f('idx', 'int64'),
    f('version', 'int64'),
    f('locktime', 'int64'),
    f('size', 'int64'),
    f('is_coinbase', 'bool'),
    /** Inputs minus outputs; null for a coinbase. */
    f('fee', 'int64', true),
  ],
  primaryKey: ['txid'],
};

export const INPUTS_TABLE: TableDef = {
  name: 'inputs',
  fields: [
    f('txid', 'utf8'),
    f('idx', 'int64'),
    f('prev_txid', 'utf8'),
    f('prev_index', 'int64'),
    f('script_sig', 'binary'),
    f('sequence', 'int64'),
    /** Value of the spent output; null for a coinbase input. */
    f('value', 'int64', true),
  ],
  primaryKey: ['txid', 'idx'],
};

export const OUTPUTS_TABLE: TableDef = {
  name: 'outputs',
  fields: [
    f('txid', 'utf8'),
    f('idx', 'int64'),
    f('value', 'int64'),
    f('script_pubkey', 'binary'),
    f('script_type', 'utf8'),
    f('address', 'utf8', true),
  ],
  primaryKey: ['txid', 'idx'],
};

export const UTXOS_TABLE: TableDef = {
  name: 'utxos',
  fields: [f('txid', 'utf8'), f('idx', 'int64'), f('value', 'int64'), f('height', 'int64'), f('script_type', 'utf8')],
  primaryKey: ['txid', 'idx'],
};

export const CHAIN_TABLES: readonly TableDef[] = [BLOCKS_TABLE, TRANSACTIONS_TABLE, INPUTS_TABLE, OUTPUTS_TABLE, UTXOS_TABLE];

/** Key-value namespaces. */
export const KV = {
  /** outpoint (36 bytes) -> coin */
  utxo: 'chain.utxo',
  /** block hash -> spent coins of the block, for disconnecting it */
  undo: 'chain.undo',
  /** block hash -> index entry (header, height, chain work, status) */
  index: 'chain.index',
  /** block hash -> raw block bytes */
  blocks: 'chain.blocks',
  /** height (u32 big-endian) -> hash of the best-chain block at that height */
  height: 'chain.height',
  /** 'tip' -> best block hash; 'params' -> chain name */
  meta: 'chain.meta',
} as const;
