/**
 * Block templates for the Forge miner: the next block on the chain's tip with
 * a coinbase paying subsidy + fees to a payout script, the given transactions
 * (in dependency order), and an 8-byte extra nonce inside the coinbase
 * scriptSig (after the BIP34 height push). The template keeps the serialized
 * coinbase split around the extra nonce and the Merkle branch of the coinbase,
 * so a miner can roll the extra nonce and recompute the root cheaply.
 */
import { PyralogError } from '../../errors/pyralog-error.js';
import type { Block } from '../block/block.js';
import { coinbaseHeightPush } from '../block/coinbase-height.js';
import { bitsToTarget } from '../block/compact-target.js';
import { hash256 } from '../crypto/hash.js';
import { varintSize } from '../encoding/byte-writer.js';
import { concatBytes, fromReverseHex } from '../encoding/hex.js';
import { blockSubsidy } from '../params/subsidy.js';
import { pushData } from '../script/script-op.js';
import type { ChainParams } from '../params/chain-params.js';
import type { ChainState } from '../state/chain-state.js';
import { NULL_INDEX, SEQUENCE_FINAL, parseTransactionExact, serializeTransaction, txid, type OutPoint, type Transaction } from '../tx/transaction.js';

export interface TemplateOptions {
  readonly payoutScript: Uint8Array;
  /** Transactions to include, parents before children. */
  readonly txs?: readonly Transaction[];
  /** Block time (default: max(clock, median time past + 1)). */
  readonly time?: number;
  readonly version?: number;
  /** Text pushed after the extra nonce in the coinbase (default "/Forge/"). */
  readonly coinbaseTag?: string;
}

export interface BlockTemplate {
  readonly height: number;
  readonly version: number;
  readonly prevHash: Uint8Array;
  readonly time: number;
  readonly bits: number;
  readonly target: bigint;
  /** Serialized coinbase before and after the 8-byte extra nonce. */
  readonly coinbasePrefix: Uint8Array;
  readonly coinbaseSuffix: Uint8Array;
  /** Sibling hashes on the coinbase's path to the Merkle root, bottom up. */
  readonly merkleBranch: readonly Uint8Array[];
  readonly txs: readonly Transaction[];
  readonly fees: bigint;
  readonly reward: bigint;
}

export const EXTRA_NONCE_SIZE = 8;

/** The coinbase bytes for an extra nonce. */
export function coinbaseBytes(t: BlockTemplate, extraNonce: bigint): Uint8Array {
  const en = new Uint8Array(EXTRA_NONCE_SIZE);
  new DataView(en.buffer).setBigUint64(0, BigInt.asUintN(64, extraNonce), true);
  return concatBytes([t.coinbasePrefix, en, t.coinbaseSuffix]);
}

/** Folds a leaf up a Merkle branch (leaf at index 0). */
export function merkleRootFromBranch(leaf: Uint8Array, branch: readonly Uint8Array[]): Uint8Array {
  let h = leaf;
  for (const sibling of branch) h = hash256(concatBytes([h, sibling]));
  return h;
}

/** Siblings of leaf 0 given the other leaves (leaves[0] is a placeholder). */
export function coinbaseBranch(others: readonly Uint8Array[]): Uint8Array[] {
  const branch: Uint8Array[] = [];
  let level: (Uint8Array | null)[] = [null, ...others];
  while (level.length > 1) {
    branch.push(level[1] as Uint8Array);
    const next: (Uint8Array | null)[] = [null];
    for (let i = 2; i < level.length; i += 2) {
      const a = level[i] as Uint8Array;
      const b = (level[i + 1] ?? a) as Uint8Array;
      next.push(hash256(concatBytes([a, b])));
    }
    level = next;
  }
  return branch;
}

/** The full block for a winning (extra nonce, nonce). */
export function assembleBlock(t: BlockTemplate, extraNonce: bigint, nonce: number): Block {
  const cbBytes = coinbaseBytes(t, extraNonce);
  const coinbase = parseTransactionExact(cbBytes);
  const merkleRoot = merkleRootFromBranch(hash256(cbBytes), t.merkleBranch);
  return { header: { version: t.version, prevHash: t.prevHash, merkleRoot, time: t.time, bits: t.bits, nonce }, txs: [coinbase, ...t.txs] };
}

/** What a template needs beyond the chain: where it goes and what it pays. */
export interface TemplateInput {
  readonly params: ChainParams;
  readonly height: number;
  readonly prevHash: Uint8Array;
  readonly bits: number;
  readonly time: number;
  readonly payoutScript: Uint8Array;
  readonly txs: readonly Transaction[];
  readonly fees: bigint;
  readonly version?: number;
  readonly coinbaseTag?: string;
}

/** A template on any parent (used for the tip by createBlockTemplate, and by tests to build forks). */
export function buildTemplate(input: TemplateInput): BlockTemplate {
  const { params, height, txs, fees } = input;
  const reward = blockSubsidy(height, params.initialSubsidy, params.halvingInterval) + fees;
  const heightPush = coinbaseHeightPush(height);
  const tag = pushData(new TextEncoder().encode(input.coinbaseTag ?? '/Forge/'));
  const scriptSig = concatBytes([heightPush, Uint8Array.of(EXTRA_NONCE_SIZE), new Uint8Array(EXTRA_NONCE_SIZE), tag]);
  const coinbase: Transaction = {
    version: 1,
    inputs: [{ prevout: { txid: new Uint8Array(32), index: NULL_INDEX }, scriptSig, sequence: SEQUENCE_FINAL }],
    outputs: [{ value: reward, scriptPubKey: input.payoutScript }],
    locktime: 0,
  };
  const bytes = serializeTransaction(coinbase);
  const at = 4 + 1 + 36 + varintSize(scriptSig.length) + heightPush.length + 1;
  return {
    height,
    version: input.version ?? 0x20000000,
    prevHash: input.prevHash,
    time: input.time,
    bits: input.bits,
    target: bitsToTarget(input.bits),
    coinbasePrefix: bytes.slice(0, at),
    coinbaseSuffix: bytes.slice(at + EXTRA_NONCE_SIZE),
    merkleBranch: coinbaseBranch(txs.map(txid)),
    txs,
    fees,
    reward,
  };
}

/** Fees of `txs`: inputs come from `lookup` (the UTXO set) or from earlier transactions of the list. */
export function templateFees(txs: readonly Transaction[], lookup: (p: OutPoint) => bigint | undefined): bigint {
  const created = new Map<string, bigint>();
  let fees = 0n;
  for (const tx of txs) {
    let valueIn = 0n;
    for (const input of tx.inputs) {
      const key = Buffer.from(input.prevout.txid).toString('hex') + ':' + input.prevout.index;
      const value = created.get(key) ?? lookup(input.prevout);
      if (value === undefined) throw new PyralogError('CHAIN_TEMPLATE_INPUT_MISSING', `input ${key} is neither unspent nor created earlier in the template`, { phase: 'chain' });
      created.delete(key);
      valueIn += value;
    }
    const id = Buffer.from(txid(tx)).toString('hex');
    tx.outputs.forEach((o, i) => created.set(`${id}:${i}`, o.value));
    fees += valueIn - tx.outputs.reduce((s, o) => s + o.value, 0n);
  }
  return fees;
}

/** The next block on the chain's tip. */
export function createBlockTemplate(chain: ChainState, options: TemplateOptions): BlockTemplate {
  const tip = chain.tip();
  const txs = options.txs ?? [];
  const now = Math.floor(Date.now() / 1000);
  return buildTemplate({
    params: chain.params,
    height: tip.height + 1,
    prevHash: fromReverseHex(tip.hash),
    bits: chain.nextBits(),
    time: options.time ?? Math.max(now, chain.medianTimePast() + 1),
    payoutScript: options.payoutScript,
    txs,
    fees: templateFees(txs, (p) => chain.getCoin(p)?.value),
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.coinbaseTag !== undefined ? { coinbaseTag: options.coinbaseTag } : {}),
  });
}
