/**
 * The chain state: the block index, the best chain (most cumulative work) and
 * the UTXO set, all kept in a Pyralog store. `acceptBlock` checks a block,
 * stores it (best chain or side branch), and moves the tip, disconnecting and
 * connecting blocks with undo data when a side branch overtakes; each move is
 * validated first against an in-memory UTXO view and then written in ONE
 * storage write transaction, so a failure at any point leaves the previous tip
 * and UTXO set intact. Calls are serialized.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import { blockHash, parseBlock, serializeBlock, type Block } from '../block/block.js';
import { workForBits } from '../block/compact-target.js';
import { bytesEqual, fromReverseHex, reverseHex } from '../encoding/hex.js';
import type { ChainParams } from '../params/chain-params.js';
import type { OutPoint } from '../tx/transaction.js';
import { BlockIndex, decodeIndexRecord, type IndexEntry, type IndexRecord } from './block-index.js';
import { invalidReason } from './block-invalid.js';
import { KV } from './chain-tables.js';
import { ensureChainTables } from './ensure-chain-tables.js';
import { withSnapshot, type ChainStore } from './chain-store.js';
import { PARAMS_KEY, prepareSteps, TIP_KEY, writeIndexEntry, writeNewBlock, writePrepared, writeSteps } from './chain-writes.js';
import { checkBlock } from '../block/check-block.js';
import { checkHeaderContext, expectedBits } from './check-header-context.js';
import type { Coin } from './coin.js';
import type { InputVerifier } from './connect-block.js';
import { planMove, type MoveFailure } from './plan-move.js';
import { SHARED_SIGNATURE_CACHE } from './input-verifier.js';
import { verifyDeferredScripts } from './deferred-scripts.js';
import { OrphanPool } from './orphan-pool.js';
import { CoinsCache, DEFAULT_COINS_CACHE_BYTES } from './coins-cache.js';

export interface ChainStateOptions {
  /** The validator's clock in seconds (default: the system clock). */
  readonly now?: () => number;
  /** Script verification inline through this function; by default (when params.verifyScripts) scripts are checked in one batch per move, ECDSA on the worker pool. */
  readonly verifyInput?: InputVerifier | null;
  /** Test hook run inside every write transaction just before it commits; a throw aborts the write. */
  readonly beforeCommit?: (info: { readonly kind: 'init' | 'store' | 'move'; readonly hash: string }) => void;
  /** Blocks without a known parent kept in memory (default 64). */
  readonly maxOrphans?: number;
  /** Bound of the in-memory coins cache in front of the `chain.utxo` namespace (default 64 MiB; 0 = no cache). */
  readonly coinsCacheBytes?: number;
}

export type AcceptResult =
  | { readonly status: 'connected'; readonly hash: string; readonly height: number }
  | { readonly status: 'reorg'; readonly hash: string; readonly height: number; readonly disconnected: readonly string[]; readonly connected: readonly string[] }
  | { readonly status: 'side'; readonly hash: string; readonly height: number }
  | { readonly status: 'orphan'; readonly hash: string; readonly missingParent: string }
  | { readonly status: 'duplicate'; readonly hash: string; readonly height: number }
  | { readonly status: 'invalid'; readonly hash: string; readonly reason: string; readonly error?: PyralogError };

export interface ChainTip {
  readonly hash: string;
  readonly height: number;
  readonly work: bigint;
  readonly time: number;
  readonly bits: number;
}

/**
 * Rejections that do not make the block hash invalid for good: a body that does not match its
 * header (or a Merkle mutation of it), and a time that is only too far ahead of our clock for now.
 */
const NOT_CACHED_REASONS = new Set(['bad-txnmrklroot', 'bad-txns-duplicate', 'time-too-new']);

export class ChainState {
  private readonly index = new BlockIndex();
  /** active[h] = the best-chain block at height h. */
  private active: IndexEntry[] = [];
  private readonly orphans: OrphanPool;
  private readonly invalidIds = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly verifyInput: InputVerifier | 'deferred' | null;
  private readonly tipListeners = new Set<(tip: ChainTip) => void>();
  /** Coins as committed to the store; updated only after each write that changed the UTXO set has committed. */
  readonly coins: CoinsCache;

  private constructor(
    readonly store: ChainStore,
    readonly params: ChainParams,
    private readonly options: ChainStateOptions,
  ) {
    this.orphans = new OrphanPool(options.maxOrphans ?? 64);
    this.coins = new CoinsCache(options.coinsCacheBytes ?? DEFAULT_COINS_CACHE_BYTES);
    this.verifyInput = options.verifyInput !== undefined ? options.verifyInput : params.verifyScripts ? 'deferred' : null;
  }

  /** Opens the chain in `store`, creating its tables and connecting the genesis block on first use. */
  static open(store: ChainStore, params: ChainParams, options: ChainStateOptions = {}): ChainState {
    const state = new ChainState(store, params, options);
    ensureChainTables(store);
    const stored = withSnapshot(store, (s) => {
      const meta = s.kv(KV.meta);
      const name = meta.get(PARAMS_KEY);
      const tip = meta.get(TIP_KEY);
      const records = [...s.kv(KV.index).range()].map(({ key, value }) => ({ hash: key.slice(), rec: decodeIndexRecord(value) }));
      return { name: name === undefined ? undefined : Buffer.from(name).toString('utf8'), tip, records };
    });
    if (stored.name !== undefined && stored.name !== params.name) {
      throw new PyralogError('CHAIN_PARAMS_MISMATCH', `the store holds chain '${stored.name}', not '${params.name}'`, { phase: 'chain' });
    }
    if (stored.tip === undefined) state.initGenesis();
    else state.loadIndex(stored.records, stored.tip);
    return state;
  }

  private loadIndex(records: readonly { hash: Uint8Array; rec: IndexRecord }[], tipHash: Uint8Array): void {
    this.index.load(records);
    const tip = this.index.getByHash(tipHash);
    if (tip === undefined) throw new PyralogError('CHAIN_CORRUPT', 'the tip is not in the block index', { phase: 'chain' });
    this.setActive(tip);
  }

  /** Makes `tip` the best chain's tip, rewriting only the heights above the fork with the old best chain. */
  private setActive(tip: IndexEntry): void {
    const branch: IndexEntry[] = [];
    let e: IndexEntry | undefined = tip;
    while (e !== undefined && this.active[e.height] !== e) {
      branch.push(e);
      e = e.parent;
    }
    this.active.length = e === undefined ? 0 : e.height + 1;
    for (let i = branch.length - 1; i >= 0; i--) this.active.push(branch[i] as IndexEntry);
    this.index.setActiveChain(this.active);
  }

  private initGenesis(): void {
    const g = this.params.genesis;
    const hash = blockHash(g);
    if (!bytesEqual(hash, this.params.genesisHash)) throw new PyralogError('CHAIN_BAD_GENESIS', `genesis hashes to ${reverseHex(hash)}`, { phase: 'chain' });
    const raw = serializeBlock(g);
    const entry: IndexEntry = { hash, id: reverseHex(hash), header: g.header, height: 0, chainWork: workForBits(g.header.bits), parent: undefined, size: raw.length, txCount: g.txs.length, invalid: false };
    const move = planMove(this.moveContext(), entry, new Map([[entry.id, g]]), { genesis: true });
    if (move.kind === 'failed') throw move.error;
    this.store.write((txn) => {
      writeNewBlock(txn, entry, raw);
      writeSteps(txn, this.params, move.steps, move.view, entry);
      txn.kv(KV.meta).put(PARAMS_KEY, this.params.name);
      this.options.beforeCommit?.({ kind: 'init', hash: entry.id });
    });
    this.coins.apply(move.view.changes());
    this.index.add(entry);
    this.setActive(entry);
  }

  private moveContext(): Parameters<typeof planMove>[0] {
    return { store: this.store, params: this.params, index: this.index, active: this.active, verifyInput: this.verifyInput, coins: this.coins };
  }

  private now(): number {
    return this.options.now?.() ?? Math.floor(Date.now() / 1000);
  }

  /** The best block. */
  tip(): ChainTip {
    const t = this.active[this.active.length - 1] as IndexEntry;
    return { hash: t.id, height: t.height, work: t.chainWork, time: t.header.time, bits: t.header.bits };
  }

  /** Bits the next block on the tip must carry. */
  nextBits(): number {
    return expectedBits(this.params, this.index, this.active[this.active.length - 1] as IndexEntry);
  }

  /** Median time past of the tip: the next block's time must exceed it. */
  medianTimePast(): number {
    return this.index.medianTimePast(this.active[this.active.length - 1] as IndexEntry);
  }

  /** Calls `listener` after every move of the tip; returns the unsubscribe function. */
  onTip(listener: (tip: ChainTip) => void): () => void {
    this.tipListeners.add(listener);
    return () => this.tipListeners.delete(listener);
  }

  /** Hash of the best-chain block at `height`. */
  hashAtHeight(height: number): string | undefined {
    return this.active[height]?.id;
  }

  /** Index facts about any known block (best chain or side branch). */
  getBlockInfo(hash: string): { readonly hash: string; readonly height: number; readonly chainWork: bigint; readonly mainChain: boolean; readonly invalid: boolean; readonly prevHash: string } | undefined {
    const e = this.index.get(hash);
    if (e === undefined) return undefined;
    return { hash: e.id, height: e.height, chainWork: e.chainWork, mainChain: this.active[e.height] === e, invalid: e.invalid, prevHash: reverseHex(e.header.prevHash) };
  }

  /** A stored block by display hash. */
  getBlock(hash: string): Block | undefined {
    const raw = withSnapshot(this.store, (s) => s.kv(KV.blocks).get(fromReverseHex(hash)));
    return raw === undefined ? undefined : parseBlock(raw);
  }

  /** The unspent coin at `outpoint`, from the stored UTXO set (through the coins cache). */
  getCoin(outpoint: OutPoint): Coin | undefined {
    const cached = this.coins.peek(outpoint);
    if (cached !== undefined) return cached;
    return withSnapshot(this.store, (s) => this.coins.source(s.kv(KV.utxo)).fetch(outpoint));
  }

  /** Number of blocks in the index (all branches). */
  knownBlocks(): number {
    return this.index.size;
  }

  /**
   * Checks, stores and (when it gives the most work) connects a block.
   * `raw`, when given, must be the block's serialization (saves re-encoding it).
   */
  acceptBlock(block: Block, raw?: Uint8Array): Promise<AcceptResult> {
    const run = this.queue.then(() => this.acceptNow(block, raw));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Accepts many blocks, in order. Runs of blocks that extend the tip one after the other are
   * validated together and connected in ONE write transaction per run (the bulk path of
   * import); anything else, and any run that fails validation, goes through acceptBlock's path
   * block by block, so results are the same as calling acceptBlock for each.
   */
  acceptBlocks(items: readonly { readonly block: Block; readonly raw?: Uint8Array }[], maxRun = 256): Promise<AcceptResult[]> {
    const run = this.queue.then(() => this.acceptManyNow(items, maxRun));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async acceptManyNow(items: readonly { readonly block: Block; readonly raw?: Uint8Array }[], maxRun: number): Promise<AcceptResult[]> {
    const results: AcceptResult[] = [];
    let i = 0;
    while (i < items.length) {
      const run = this.tipExtensionRun(items, i, maxRun);
      const connected = run.length > 1 ? await this.connectRun(run) : 0;
      if (connected > 0) {
        for (const r of run.slice(0, connected)) results.push({ status: 'connected', hash: r.entry.id, height: r.entry.height });
        await this.adoptOrphans(run[connected - 1]!.entry.id);
        i += connected;
        continue;
      }
      const item = items[i]!;
      results.push(await this.acceptNow(item.block, item.raw));
      i++;
    }
    return results;
  }

  /** The longest run from items[start] of new blocks, each extending the one before from the tip, that pass the header checks. */
  private tipExtensionRun(items: readonly { readonly block: Block; readonly raw?: Uint8Array }[], start: number, maxRun: number): { entry: IndexEntry; block: Block; raw: Uint8Array }[] {
    const run: { entry: IndexEntry; block: Block; raw: Uint8Array }[] = [];
    let parent = this.active[this.active.length - 1] as IndexEntry;
    for (let j = start; j < items.length && run.length < maxRun; j++) {
      const { block } = items[j]!;
      const hash = blockHash(block);
      const id = reverseHex(hash);
      if (!bytesEqual(block.header.prevHash, parent.hash) || this.index.get(id) !== undefined || this.invalidIds.has(id)) break;
      try {
        checkBlock(block, hash, this.params);
        checkHeaderContext(this.params, this.index, parent, block, this.now());
      } catch {
        break;
      }
      const raw = items[j]!.raw ?? serializeBlock(block);
      const entry: IndexEntry = { hash, id, header: block.header, height: parent.height + 1, chainWork: parent.chainWork + workForBits(block.header.bits), parent, size: raw.length, txCount: block.txs.length, invalid: false };
      run.push({ entry, block, raw });
      parent = entry;
    }
    return run;
  }

  /**
   * Connects the longest valid prefix of a run in one write and returns its length (0 when the
   * first block already fails; the caller then takes that block down the single-block path).
   */
  private async connectRun(run: readonly { entry: IndexEntry; block: Block; raw: Uint8Array }[]): Promise<number> {
    let n = run.length;
    for (;;) {
      const prefix = run.slice(0, n);
      const last = prefix[n - 1]!.entry;
      const move = planMove(this.moveContext(), last, new Map(prefix.map((r) => [r.entry.id, r.block])), { genesis: false });
      const verifying = move.kind === 'failed' ? Promise.resolve(move) : verifyDeferredScripts(move.scriptJobs, SHARED_SIGNATURE_CACHE, this.params.scriptGasLimit);
      const prepared = move.kind === 'failed' ? undefined : prepareSteps(this.params, move.steps, move.view);
      const failure = await verifying;
      if (failure !== undefined || prepared === undefined) {
        const failedAt = prefix.findIndex((r) => r.entry === failure?.failed);
        if (failedAt <= 0) return 0;
        n = failedAt;
        continue;
      }
      this.store.write((txn) => {
        for (const r of prefix) writeNewBlock(txn, r.entry, r.raw);
        writePrepared(txn, prepared, last);
        this.options.beforeCommit?.({ kind: 'move', hash: last.id });
      });
      this.coins.apply(prepared.utxoChanges);
      for (const r of prefix) this.index.add(r.entry);
      this.setActive(last);
      this.notifyTip();
      return n;
    }
  }

  private notifyTip(): void {
    const tipNow = this.tip();
    for (const l of this.tipListeners) {
      try {
        l(tipNow);
      } catch {
        // a listener's failure must not undo or hide a committed move
      }
    }
  }

  private async acceptNow(block: Block, raw: Uint8Array | undefined): Promise<AcceptResult> {
    const result = await this.acceptOne(block, raw);
    if (result.status !== 'invalid' && result.status !== 'orphan' && result.status !== 'duplicate') await this.adoptOrphans(result.hash);
    return result;
  }

  private async adoptOrphans(parentId: string): Promise<void> {
    const pending = [parentId];
    while (pending.length > 0) {
      for (const child of this.orphans.take(pending.pop() as string)) {
        const r = await this.acceptOne(child.block);
        if (r.status !== 'invalid' && r.status !== 'orphan') pending.push(r.hash);
      }
    }
  }

  private async acceptOne(block: Block, givenRaw?: Uint8Array): Promise<AcceptResult> {
    const hash = blockHash(block);
    const id = reverseHex(hash);
    const known = this.index.get(id);
    if (known !== undefined) return known.invalid ? { status: 'invalid', hash: id, reason: 'duplicate-invalid' } : { status: 'duplicate', hash: id, height: known.height };
    if (this.invalidIds.has(id)) return { status: 'invalid', hash: id, reason: 'duplicate-invalid' };
    const raw = givenRaw ?? serializeBlock(block);
    try {
      checkBlock(block, hash, this.params);
    } catch (e) {
      return this.rejected(id, e);
    }
    const parent = this.index.getByHash(block.header.prevHash);
    if (parent === undefined) {
      if (!this.invalidIds.has(reverseHex(block.header.prevHash))) return this.keepOrphan(block, id);
      this.invalidIds.add(id);
      return { status: 'invalid', hash: id, reason: 'bad-prevblk' };
    }
    if (parent.invalid) {
      this.invalidIds.add(id);
      return { status: 'invalid', hash: id, reason: 'bad-prevblk' };
    }
    try {
      checkHeaderContext(this.params, this.index, parent, block, this.now());
    } catch (e) {
      return this.rejected(id, e);
    }
    const entry: IndexEntry = {
      hash,
      id,
      header: block.header,
      height: parent.height + 1,
      chainWork: parent.chainWork + workForBits(block.header.bits),
      parent,
      size: raw.length,
      txCount: block.txs.length,
      invalid: false,
    };
    const tip = this.active[this.active.length - 1] as IndexEntry;
    if (entry.chainWork <= tip.chainWork) {
      this.store.write((txn) => {
        writeNewBlock(txn, entry, raw);
        this.options.beforeCommit?.({ kind: 'store', hash: id });
      });
      this.index.add(entry);
      return { status: 'side', hash: id, height: entry.height };
    }
    return this.moveTo(entry, block, raw);
  }

  /** Validates and writes the move of the tip to `target` (a new block whose data is `block`). */
  private async moveTo(target: IndexEntry, block: Block, raw: Uint8Array): Promise<AcceptResult> {
    const oldTip = this.active[this.active.length - 1] as IndexEntry;
    const move = planMove(this.moveContext(), target, new Map([[target.id, block]]), { genesis: false });
    if (move.kind === 'failed') return this.moveFailed(move, target, raw);
    // The scripts run (and stream their signature checks to the pool) inside this call; the rows
    // to write are built while the workers finish the ECDSA.
    const verifying = verifyDeferredScripts(move.scriptJobs, SHARED_SIGNATURE_CACHE, this.params.scriptGasLimit);
    const prepared = prepareSteps(this.params, move.steps, move.view);
    const scriptFailure = await verifying;
    if (scriptFailure !== undefined) return this.moveFailed(scriptFailure, target, raw);
    this.store.write((txn) => {
      writeNewBlock(txn, target, raw);
      writePrepared(txn, prepared, target);
      this.options.beforeCommit?.({ kind: 'move', hash: target.id });
    });
    this.coins.apply(prepared.utxoChanges);
    this.index.add(target);
    this.setActive(target);
    this.notifyTip();
    const disconnected = move.steps.filter((s) => s.kind === 'disconnect').map((s) => s.entry.id);
    const connected = move.steps.filter((s) => s.kind === 'connect').map((s) => s.entry.id);
    if (disconnected.length === 0 && target.parent === oldTip) return { status: 'connected', hash: target.id, height: target.height };
    return { status: 'reorg', hash: target.id, height: target.height, disconnected, connected };
  }

  private async moveFailed(move: MoveFailure, target: IndexEntry, raw: Uint8Array): Promise<AcceptResult> {
    const reason = invalidReason(move.error);
    if (move.failed === target) {
      this.invalidIds.add(target.id);
      return { status: 'invalid', hash: target.id, reason, error: move.error };
    }
    // An earlier stored side-branch block is invalid: mark it and its descendants, keep the new block as invalid too.
    const marked = [move.failed, ...this.index.descendantsOf(move.failed)];
    this.store.write((txn) => {
      writeNewBlock(txn, { ...target, invalid: true }, raw);
      for (const e of marked) writeIndexEntry(txn, { ...e, invalid: true });
      this.options.beforeCommit?.({ kind: 'store', hash: target.id });
    });
    target.invalid = true;
    for (const e of marked) e.invalid = true;
    this.index.add(target);
    return { status: 'invalid', hash: target.id, reason: `bad-prevblk (${reason} in ${move.failed.id})`, error: move.error };
  }

  private rejected(id: string, e: unknown): AcceptResult {
    if (!(e instanceof PyralogError) || e.code !== 'CHAIN_INVALID_BLOCK') throw e;
    if (!NOT_CACHED_REASONS.has(invalidReason(e))) this.invalidIds.add(id);
    return { status: 'invalid', hash: id, reason: invalidReason(e), error: e };
  }

  private keepOrphan(block: Block, id: string): AcceptResult {
    const prev = reverseHex(block.header.prevHash);
    this.orphans.add(prev, id, block);
    return { status: 'orphan', hash: id, missingParent: prev };
  }

}
