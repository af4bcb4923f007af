/**
 * Plans a move of the best chain to `target`: from the current tip back to
 * the fork point every block is disconnected (restoring its spent coins from
 * undo data), then every block of the target's branch is validated and
 * connected, all against one in-memory UTXO view over a read snapshot.
 * Returns the ordered steps and the view to write, or the first block that
 * failed and why. Nothing is written here.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { blockTxids, parseBlock, type Block } from '../block/block.js';
import type { ChainParams } from '../params/chain-params.js';
import type { KvReader } from '../../storage/api.js';
import type { BlockIndex, IndexEntry } from './block-index.js';
import { KV } from './chain-tables.js';
import type { ChainStep } from './chain-writes.js';
import { withSnapshot, type ChainStore } from './chain-store.js';
import { connectBlockToView, isUnspendable, type InputVerifier, type ScriptJob } from './connect-block.js';
import { decodeUndo } from './undo-data.js';
import { UtxoView } from './utxo-view.js';
import { kvCoinSource, type CoinsCache } from './coins-cache.js';
import { bip30Applies } from './bip30.js';

export interface MoveContext {
  readonly store: ChainStore;
  readonly params: ChainParams;
  readonly index: BlockIndex;
  /** The current best chain by height (empty before genesis). */
  readonly active: readonly IndexEntry[];
  /** An inline verifier, 'deferred' to collect script jobs for a batch, or null to skip scripts. */
  readonly verifyInput: InputVerifier | 'deferred' | null;
  /** The coins cache lookups read through (none: straight from the snapshot). */
  readonly coins?: CoinsCache;
}

/** The deferred script checks of one connected block. */
export interface BlockScriptJobs {
  readonly entry: IndexEntry;
  readonly jobs: readonly ScriptJob[];
}

export interface MoveFailure {
  readonly kind: 'failed';
  readonly failed: IndexEntry;
  readonly error: PyralogError;
}

export type MovePlan =
  | { readonly kind: 'ok'; readonly steps: readonly ChainStep[]; readonly view: UtxoView; readonly scriptJobs: readonly BlockScriptJobs[] }
  | MoveFailure;

function corrupt(message: string): PyralogError {
  return new PyralogError('CHAIN_CORRUPT', message, { phase: 'chain' });
}

function loadBlock(blocks: KvReader, e: IndexEntry, pending: ReadonlyMap<string, Block>): Block {
  const mem = pending.get(e.id);
  if (mem !== undefined) return mem;
  const raw = blocks.get(e.hash);
  if (raw === undefined) throw corrupt(`block ${e.id} has no stored data`);
  return parseBlock(raw);
}

/** Removes a connected block's outputs from the view and restores the coins it spent. */
function disconnectFromView(block: Block, txids: readonly Uint8Array[], undo: ReturnType<typeof decodeUndo>, view: UtxoView, id: string): void {
  for (let t = block.txs.length - 1; t >= 0; t--) {
    const tx = block.txs[t] as Block['txs'][number];
    tx.outputs.forEach((out, index) => {
      if (isUnspendable(out.scriptPubKey)) return;
      if (view.spend({ txid: txids[t] as Uint8Array, index }) === undefined) throw corrupt(`output ${index} of tx ${t} in ${id} is missing while disconnecting`);
    });
  }
  for (const s of undo) view.add(s.outpoint, s.coin);
}

export function planMove(ctx: MoveContext, target: IndexEntry, pending: ReadonlyMap<string, Block>, opts: { readonly genesis: boolean }): MovePlan {
  const { index, active, params } = ctx;
  const tip = active[active.length - 1];
  const fork = tip === undefined ? undefined : index.fork(tip, target);
  const path: IndexEntry[] = [];
  for (let e: IndexEntry | undefined = target; e !== undefined && e !== fork; e = e.parent) path.push(e);
  path.reverse();
  return withSnapshot(ctx.store, (snap): MovePlan => {
    const utxo = snap.kv(KV.utxo);
    const view = new UtxoView(ctx.coins !== undefined ? ctx.coins.source(utxo) : kvCoinSource(utxo));
    const blocks = snap.kv(KV.blocks);
    const steps: ChainStep[] = [];
    const scriptJobs: BlockScriptJobs[] = [];
    for (let e = tip; e !== undefined && e !== fork; e = e.parent) {
      const block = loadBlock(blocks, e, pending);
      const txids = blockTxids(block);
      const undoBytes = snap.kv(KV.undo).get(e.hash);
      if (undoBytes === undefined) throw corrupt(`block ${e.id} has no undo data`);
      const undo = decodeUndo(undoBytes);
      disconnectFromView(block, txids, undo, view, e.id);
      steps.push({ kind: 'disconnect', entry: e, block, txids, undo });
    }
    for (const e of path) {
      const block = loadBlock(blocks, e, pending);
      const txids = blockTxids(block);
      if (opts.genesis && e.height === 0) {
        // The genesis coinbase is not spendable: its outputs never enter the UTXO set.
        steps.push({ kind: 'connect', entry: e, block, txids, result: { spent: [], fees: [null], inputValues: [[]], totalFees: 0n } });
        continue;
      }
      const parent = e.parent;
      if (parent === undefined) throw corrupt(`block ${e.id} at height ${e.height} has no parent`);
      const jobs: ScriptJob[] = [];
      try {
        const result = connectBlockToView(block, txids, view, {
          params,
          height: e.height,
          blockTime: e.header.time,
          prevMedianTime: index.medianTimePast(parent),
          medianTimeAt: (h) => {
            const a = index.ancestor(parent, h);
            if (a === undefined) throw corrupt(`no ancestor at height ${h}`);
            return index.medianTimePast(a);
          },
          verifyInput: ctx.verifyInput === 'deferred' ? null : ctx.verifyInput,
          enforceBip30: bip30Applies(params, e.height, e.id),
          ...(ctx.verifyInput === 'deferred' ? { scriptJobs: jobs } : {}),
        });
        steps.push({ kind: 'connect', entry: e, block, txids, result });
        if (jobs.length > 0) scriptJobs.push({ entry: e, jobs });
      } catch (err) {
        if (err instanceof PyralogError && err.code === 'CHAIN_INVALID_BLOCK') return { kind: 'failed', failed: e, error: err };
        throw err;
      }
    }
    return { kind: 'ok', steps, view, scriptJobs };
  });
}
