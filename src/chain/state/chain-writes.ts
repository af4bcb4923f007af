/**
 * Writes chain steps into one storage write transaction: for each connected
 * or disconnected block, the rows of the blocks / transactions / inputs /
 * outputs tables and the undo and height-index records; then the UTXO view's
 * net changes to both the `chain.utxo` namespace and the `utxos` table (so the
 * two always agree), and the new tip. Nothing here validates.
 */
import type { Row, WriteTxn } from '../../storage/api.js';
import type { Block } from '../block/block.js';
import { reverseHex } from '../encoding/hex.js';
import type { ChainParams } from '../params/chain-params.js';
import { serializeTransactionWithWitness } from '../tx/transaction.js';
import { encodeIndexEntry, type IndexEntry } from './block-index.js';
import { BLOCKS_TABLE, INPUTS_TABLE, KV, OUTPUTS_TABLE, TRANSACTIONS_TABLE, UTXOS_TABLE } from './chain-tables.js';
import { encodeCoin, outpointFromKey, type Coin } from './coin.js';
import type { ConnectResult } from './connect-block.js';
import { classifyScript, scriptAddress } from './script-type.js';
import { encodeUndo, type SpentCoin } from './undo-data.js';
import type { UtxoView } from './utxo-view.js';

export type ChainStep =
  | { readonly kind: 'connect'; readonly entry: IndexEntry; readonly block: Block; readonly txids: readonly Uint8Array[]; readonly result: ConnectResult }
  | { readonly kind: 'disconnect'; readonly entry: IndexEntry; readonly block: Block; readonly txids: readonly Uint8Array[]; readonly undo: readonly SpentCoin[] };

export function heightKey(height: number): Uint8Array {
  const k = new Uint8Array(4);
  new DataView(k.buffer).setUint32(0, height, false);
  return k;
}

export const TIP_KEY = 'tip';
export const PARAMS_KEY = 'params';

export function blockRow(entry: IndexEntry, mainChain: boolean): Row {
  const h = entry.header;
  return {
    hash: entry.id,
    height: BigInt(entry.height),
    prev_hash: reverseHex(h.prevHash),
    time: BigInt(h.time) * 1_000_000_000n,
    bits: BigInt(h.bits),
    nonce: BigInt(h.nonce),
    version: BigInt(h.version),
    merkle_root: reverseHex(h.merkleRoot),
    tx_count: BigInt(entry.txCount),
    size: BigInt(entry.size),
    chain_work: entry.chainWork.toString(16).padStart(64, '0'),
    main_chain: mainChain,
  };
}

/** Rewrites a block's index record (after its status changed). */
export function writeIndexEntry(txn: WriteTxn, entry: IndexEntry): void {
  txn.kv(KV.index).put(entry.hash, encodeIndexEntry(entry));
}

/** Stores a newly accepted block: its index record, raw bytes and a (side-branch) blocks row. */
export function writeNewBlock(txn: WriteTxn, entry: IndexEntry, raw: Uint8Array): void {
  txn.kv(KV.index).put(entry.hash, encodeIndexEntry(entry));
  txn.kv(KV.blocks).put(entry.hash, raw);
  txn.table(BLOCKS_TABLE.name).upsert([blockRow(entry, false)]);
}

/** The rows of a connected block, built before the write transaction opens. */
interface ConnectRows {
  readonly txRows: Row[];
  readonly inRows: Row[];
  readonly outRows: Row[];
}

function connectRows(params: ChainParams, step: Extract<ChainStep, { kind: 'connect' }>): ConnectRows {
  const { entry, block, txids, result } = step;
  const txRows: Row[] = [];
  const inRows: Row[] = [];
  const outRows: Row[] = [];
  block.txs.forEach((tx, t) => {
    const id = reverseHex(txids[t] as Uint8Array);
    const fee = result.fees[t];
    txRows.push({
      txid: id,
      block_hash: entry.id,
      height: BigInt(entry.height),
      idx: BigInt(t),
      version: BigInt(tx.version),
      locktime: BigInt(tx.locktime),
      size: BigInt(serializeTransactionWithWitness(tx).length),
      is_coinbase: t === 0,
      fee: fee ?? null,
    });
    const values = result.inputValues[t] ?? [];
    tx.inputs.forEach((input, i) => {
      inRows.push({
        txid: id,
        idx: BigInt(i),
        prev_txid: reverseHex(input.prevout.txid),
        prev_index: BigInt(input.prevout.index >>> 0),
        script_sig: input.scriptSig,
        sequence: BigInt(input.sequence >>> 0),
        value: values[i] ?? null,
      });
    });
    tx.outputs.forEach((out, i) => {
      outRows.push({
        txid: id,
        idx: BigInt(i),
        value: out.value,
        script_pubkey: out.scriptPubKey,
        script_type: classifyScript(out.scriptPubKey),
        address: scriptAddress(out.scriptPubKey, params.addressVersions),
      });
    });
  });
  return { txRows, inRows, outRows };
}

function writeConnect(txn: WriteTxn, step: Extract<ChainStep, { kind: 'connect' }>, rows: ConnectRows): void {
  const { entry, result } = step;
  txn.table(BLOCKS_TABLE.name).upsert([blockRow(entry, true)]);
  txn.table(TRANSACTIONS_TABLE.name).upsert(rows.txRows);
  txn.table(INPUTS_TABLE.name).upsert(rows.inRows);
  txn.table(OUTPUTS_TABLE.name).upsert(rows.outRows);
  txn.kv(KV.undo).put(entry.hash, encodeUndo(result.spent));
  txn.kv(KV.height).put(heightKey(entry.height), entry.hash);
}

function writeDisconnect(txn: WriteTxn, step: Extract<ChainStep, { kind: 'disconnect' }>): void {
  const { entry, block, txids } = step;
  const inKeys: (string | bigint)[][] = [];
  const outKeys: (string | bigint)[][] = [];
  block.txs.forEach((tx, t) => {
    const id = reverseHex(txids[t] as Uint8Array);
    tx.inputs.forEach((_, i) => inKeys.push([id, BigInt(i)]));
    tx.outputs.forEach((_, i) => outKeys.push([id, BigInt(i)]));
  });
  txn.table(BLOCKS_TABLE.name).upsert([blockRow(entry, false)]);
  txn.table(TRANSACTIONS_TABLE.name).delete(txids.map((id) => [reverseHex(id)]));
  txn.table(INPUTS_TABLE.name).delete(inKeys);
  txn.table(OUTPUTS_TABLE.name).delete(outKeys);
  txn.kv(KV.undo).delete(entry.hash);
  txn.kv(KV.height).delete(heightKey(entry.height));
}

/**
 * Everything a move writes, computed without a transaction (rows, encoded coins), so it can be
 * built while signatures are still being verified elsewhere.
 */
export interface PreparedSteps {
  readonly steps: readonly ChainStep[];
  readonly rows: ReadonlyMap<ChainStep, ConnectRows>;
  /** The view's net UTXO changes (also what the coins cache applies after the commit). */
  readonly utxoChanges: readonly { readonly key: Uint8Array; readonly coin: Coin | null }[];
  readonly utxoPuts: readonly { readonly key: Uint8Array; readonly value: Uint8Array }[];
  readonly utxoDeletes: readonly Uint8Array[];
  readonly utxoUpserts: readonly Row[];
  readonly utxoRowDeletes: readonly (string | bigint)[][];
}

export function prepareSteps(params: ChainParams, steps: readonly ChainStep[], view: UtxoView): PreparedSteps {
  const rows = new Map<ChainStep, ConnectRows>();
  for (const step of steps) if (step.kind === 'connect') rows.set(step, connectRows(params, step));
  const utxoChanges = [...view.changes()];
  const utxoPuts: { key: Uint8Array; value: Uint8Array }[] = [];
  const utxoDeletes: Uint8Array[] = [];
  const utxoUpserts: Row[] = [];
  const utxoRowDeletes: (string | bigint)[][] = [];
  for (const { key, coin } of utxoChanges) {
    const p = outpointFromKey(key);
    const id = reverseHex(p.txid);
    if (coin === null) {
      utxoDeletes.push(key);
      utxoRowDeletes.push([id, BigInt(p.index)]);
    } else {
      utxoPuts.push({ key, value: encodeCoin(coin) });
      utxoUpserts.push({
        txid: id,
        idx: BigInt(p.index),
        value: coin.value,
        height: BigInt(coin.height),
        script_type: classifyScript(coin.scriptPubKey),
      });
    }
  }
  return { steps, rows, utxoChanges, utxoPuts, utxoDeletes, utxoUpserts, utxoRowDeletes };
}

/** Applies prepared steps in order, then the net UTXO changes and the new tip. */
export function writePrepared(txn: WriteTxn, prepared: PreparedSteps, tip: IndexEntry): void {
  for (const step of prepared.steps) {
    if (step.kind === 'connect') writeConnect(txn, step, prepared.rows.get(step) as ConnectRows);
    else writeDisconnect(txn, step);
  }
  const utxoKv = txn.kv(KV.utxo);
  for (const key of prepared.utxoDeletes) utxoKv.delete(key);
  for (const { key, value } of prepared.utxoPuts) utxoKv.put(key, value);
  const utxoTable = txn.table(UTXOS_TABLE.name);
  if (prepared.utxoRowDeletes.length > 0) utxoTable.delete(prepared.utxoRowDeletes);
  if (prepared.utxoUpserts.length > 0) utxoTable.upsert(prepared.utxoUpserts);
  txn.kv(KV.meta).put(TIP_KEY, tip.hash);
}

/** Applies steps in order, then the view's net UTXO changes and the new tip. */
export function writeSteps(txn: WriteTxn, params: ChainParams, steps: readonly ChainStep[], view: UtxoView, tip: IndexEntry): void {
  writePrepared(txn, prepareSteps(params, steps, view), tip);
}
