/**
 * Validates a block's transactions against a UTXO view and applies them to
 * it: every input must spend an existing, mature coin; values stay in range
 * and inputs cover outputs; transactions are final (lock time) and satisfy
 * BIP68 sequence locks; legacy + P2SH signature operations stay under the
 * block limit; every input's script verifies; the coinbase claims at most
 * subsidy + fees. Returns the spent coins (undo data) and per-tx fees.
 * Throws CHAIN_INVALID_BLOCK; the view is then unusable and is discarded.
 */
import { isCoinbase, SEQUENCE_FINAL, type Transaction } from '../tx/transaction.js';
import type { Block } from '../block/block.js';
import type { ChainParams } from '../params/chain-params.js';
import { blockSubsidy } from '../params/subsidy.js';
import { OP } from '../script/opcodes.js';
import { SCRIPT_FLAGS } from '../script/flags.js';
import { legacySigOpCount, p2shSigOpCountOfInput } from '../script/sig-op-count.js';
import { maxBlockSigOps } from '../block/check-block.js';
import type { InputJob } from '../script/verify-inputs-parallel.js';
import type { Coin } from './coin.js';
import type { SpentCoin } from './undo-data.js';
import type { UtxoView } from './utxo-view.js';
import { blockInvalid } from './block-invalid.js';

/** Verifies input `index` of `tx` spending `coin`; returns an error text, or null when the script passes. */
export type InputVerifier = (tx: Transaction, index: number, coin: Coin, flags: number) => string | null;

export interface ConnectContext {
  readonly params: ChainParams;
  readonly height: number;
  readonly blockTime: number;
  /** Median time past of the parent block. */
  readonly prevMedianTime: number;
  /** Median time past of the block at `height` on this branch (height < this block's height). */
  readonly medianTimeAt: (height: number) => number;
  /** Null to skip script verification here (see `scriptJobs`). */
  readonly verifyInput: InputVerifier | null;
  /**
   * BIP30: no transaction may be connected while an earlier one with the same txid still has an
   * unspent output (default true; false only for the exception blocks of the chain's params,
   * whose coinbases then overwrite the earlier coins).
   */
  readonly enforceBip30?: boolean;
  /** When given (and verifyInput is null), every input's script check is appended here instead, to run later in a batch. */
  readonly scriptJobs?: ScriptJob[];
}

/** A deferred script check: input `inputIndex` of the block's transaction `txIndex`. */
export interface ScriptJob extends InputJob {
  readonly txIndex: number;
}

export interface ConnectResult {
  readonly spent: readonly SpentCoin[];
  /** Per transaction: inputs minus outputs (null for the coinbase). */
  readonly fees: readonly (bigint | null)[];
  /** Per transaction, per input: the spent coin's value (empty for the coinbase). */
  readonly inputValues: readonly (readonly bigint[])[];
  readonly totalFees: bigint;
}

const LOCKTIME_THRESHOLD = 500_000_000;
const SEQ_DISABLE = 0x80000000;
const SEQ_TYPE_TIME = 1 << 22;
const SEQ_MASK = 0xffff;

/** IsFinalTx: locktime 0, or below the height / time, or all inputs final. */
export function isFinalTx(tx: Transaction, height: number, time: number): boolean {
  if (tx.locktime === 0) return true;
  const limit = tx.locktime < LOCKTIME_THRESHOLD ? height : time;
  if (tx.locktime < limit) return true;
  return tx.inputs.every((i) => i.sequence === SEQUENCE_FINAL);
}

/** True for outputs that can never be spent (OP_RETURN or oversized), kept out of the UTXO set. */
export function isUnspendable(script: Uint8Array): boolean {
  return (script.length > 0 && script[0] === OP.OP_RETURN) || script.length > 10_000;
}

function checkSequenceLocks(tx: Transaction, coins: readonly Coin[], ctx: ConnectContext): boolean {
  let minHeight = -1;
  let minTime = -1;
  tx.inputs.forEach((input, i) => {
    const seq = input.sequence >>> 0;
    if ((seq & SEQ_DISABLE) !== 0) return;
    const coinHeight = (coins[i] as Coin).height;
    if ((seq & SEQ_TYPE_TIME) !== 0) {
      const coinTime = ctx.medianTimeAt(Math.max(coinHeight - 1, 0));
      minTime = Math.max(minTime, coinTime + (seq & SEQ_MASK) * 512 - 1);
    } else {
      minHeight = Math.max(minHeight, coinHeight + (seq & SEQ_MASK) - 1);
    }
  });
  return minHeight < ctx.height && minTime < ctx.prevMedianTime;
}

export function connectBlockToView(block: Block, txids: readonly Uint8Array[], view: UtxoView, ctx: ConnectContext): ConnectResult {
  const { params, height } = ctx;
  const spent: SpentCoin[] = [];
  const fees: (bigint | null)[] = [];
  const inputValues: bigint[][] = [];
  let totalFees = 0n;
  let sigops = 0;
  const p2sh = (params.scriptFlags & SCRIPT_FLAGS.P2SH) !== 0;
  const bip68 = params.bip68Height !== null && height >= params.bip68Height;
  const lockTime = bip68 ? ctx.prevMedianTime : ctx.blockTime;
  const bip30 = ctx.enforceBip30 ?? true;

  block.txs.forEach((tx, t) => {
    const id = txids[t] as Uint8Array;
    if (!isFinalTx(tx, height, lockTime)) throw blockInvalid('bad-txns-nonfinal', `transaction ${t} is not final`, { tx: t });
    if (bip30) {
      for (let o = 0; o < tx.outputs.length; o++) {
        if (view.get({ txid: id, index: o }) !== undefined) {
          throw blockInvalid('bad-txns-BIP30', `transaction ${t} has the txid of an earlier transaction whose output ${o} is unspent`, { tx: t, output: o });
        }
      }
    }
    if (t === 0) {
      fees.push(null);
      inputValues.push([]);
    } else {
      const coins: Coin[] = [];
      let valueIn = 0n;
      tx.inputs.forEach((input, i) => {
        const coin = view.spend(input.prevout);
        if (coin === undefined) throw blockInvalid('bad-txns-inputs-missingorspent', `transaction ${t} input ${i} spends a missing or spent output`, { tx: t, input: i });
        if (coin.coinbase && height - coin.height < params.coinbaseMaturity) {
          throw blockInvalid('bad-txns-premature-spend-of-coinbase', `transaction ${t} input ${i} spends a coinbase of height ${coin.height} at depth ${height - coin.height}`, { tx: t, input: i });
        }
        if (coin.value < 0n || coin.value > params.maxMoney) throw blockInvalid('bad-txns-inputvalues-outofrange', `input ${i} value out of range`, { tx: t });
        valueIn += coin.value;
        if (valueIn > params.maxMoney) throw blockInvalid('bad-txns-inputvalues-outofrange', `inputs of transaction ${t} sum out of range`, { tx: t });
        coins.push(coin);
        spent.push({ outpoint: input.prevout, coin });
      });
      if (bip68 && tx.version >>> 0 >= 2 && !checkSequenceLocks(tx, coins, ctx)) {
        throw blockInvalid('bad-txns-nonfinal', `transaction ${t} violates its sequence locks (BIP68)`, { tx: t });
      }
      if (p2sh) {
        tx.inputs.forEach((input, i) => (sigops += p2shSigOpCountOfInput(input.scriptSig, (coins[i] as Coin).scriptPubKey)));
      }
      const valueOut = tx.outputs.reduce((s, o) => s + o.value, 0n);
      if (valueIn < valueOut) throw blockInvalid('bad-txns-in-belowout', `transaction ${t} spends ${valueOut} from inputs worth ${valueIn}`, { tx: t });
      const fee = valueIn - valueOut;
      totalFees += fee;
      if (totalFees > params.maxMoney) throw blockInvalid('bad-txns-accumulated-fee-outofrange', 'fees out of range');
      fees.push(fee);
      inputValues.push(coins.map((c) => c.value));
      if (ctx.verifyInput !== null) {
        for (let i = 0; i < coins.length; i++) {
          const err = ctx.verifyInput(tx, i, coins[i] as Coin, params.scriptFlags);
          if (err !== null) throw blockInvalid('mandatory-script-verify-flag-failed', `transaction ${t} input ${i}: ${err}`, { tx: t, input: i });
        }
      } else if (ctx.scriptJobs !== undefined) {
        for (let i = 0; i < coins.length; i++) {
          const c = coins[i] as Coin;
          ctx.scriptJobs.push({ tx, inputIndex: i, txIndex: t, spent: { value: c.value, scriptPubKey: c.scriptPubKey }, flags: params.scriptFlags });
        }
      }
    }
    sigops += legacySigOpCount(tx);
    if (sigops > maxBlockSigOps(params.maxBlockSize)) throw blockInvalid('bad-blk-sigops', `more than ${maxBlockSigOps(params.maxBlockSize)} signature operations`);
    const coinbase = t === 0 && isCoinbase(tx);
    tx.outputs.forEach((out, index) => {
      if (isUnspendable(out.scriptPubKey)) return;
      view.add({ txid: id, index }, { value: out.value, height, coinbase, scriptPubKey: out.scriptPubKey }, !bip30);
    });
  });

  const coinbaseOut = (block.txs[0] as Transaction).outputs.reduce((s, o) => s + o.value, 0n);
  const allowed = blockSubsidy(height, params.initialSubsidy, params.halvingInterval) + totalFees;
  if (coinbaseOut > allowed) throw blockInvalid('bad-cb-amount', `coinbase pays ${coinbaseOut}, limit is ${allowed}`);
  return { spent, fees, inputValues, totalFees };
}
