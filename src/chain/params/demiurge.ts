/**
 * The Demiurge chain: our own UTXO proof-of-work chain. Its genesis block is
 * built deterministically (a fixed coinbase message and time; the nonce is
 * the first that meets the genesis bits, found by counting up from 0), so
 * every node derives the same genesis hash from the same options. The default
 * is a regtest-like dev chain: the easiest target (bits 0x207fffff), retarget
 * every 144 blocks of 60 s with Bitcoin's 4x clamp, 50-coin subsidy halving
 * every 210,000 blocks, coinbase maturity 100, 1 MB blocks, BIP34 heights.
 */
import { blockHeaderHash, type BlockHeader } from '../block/block-header.js';
import type { Block } from '../block/block.js';
import { bitsToTarget } from '../block/compact-target.js';
import { computeMerkleRoot } from '../block/merkle-root.js';
import { checkProofOfWork } from '../block/proof-of-work.js';
import { ZERO_HASH } from '../block/uint256.js';
import { concatBytes, fromHex } from '../encoding/hex.js';
import { CONSENSUS_FLAGS } from '../script/flags.js';
import { DEFAULT_GAS_LIMIT } from '../script/gas.js';
import { OP } from '../script/opcodes.js';
import { pushData } from '../script/script-op.js';
import { NULL_INDEX, SEQUENCE_FINAL, txid, type Transaction } from '../tx/transaction.js';
import { COIN, type ChainParams } from './chain-params.js';

export interface DemiurgeOptions {
  readonly name?: string;
  /** Bits of the genesis block and the easiest allowed target (default 0x207fffff). */
  readonly powLimitBits?: number;
  readonly retargetInterval?: number;
  readonly targetSpacing?: number;
  readonly noRetargeting?: boolean;
  readonly coinbaseMaturity?: number;
  readonly halvingInterval?: number;
  readonly maxBlockSize?: number;
  readonly verifyScripts?: boolean;
  /** Gas budget per input script (default DEFAULT_GAS_LIMIT); null = unmetered. */
  readonly scriptGasLimit?: number | null;
  /** From this height on the coinbase must commit to its height (default 1); null = never (for tests of duplicate coinbases). */
  readonly bip34Height?: number | null;
}

export const DEMIURGE_MAGIC: Uint8Array = fromHex('d36d7572');
export const DEMIURGE_GENESIS_TIME = 1_767_225_600; // 2026-01-01T00:00:00Z
export const DEMIURGE_GENESIS_MESSAGE = 'Demiurge 01/Jan/2026: the craftsman shapes the world after the eternal forms';

function genesisCoinbase(): Transaction {
  const message = new TextEncoder().encode(DEMIURGE_GENESIS_MESSAGE);
  return {
    version: 1,
    inputs: [{ prevout: { txid: new Uint8Array(32), index: NULL_INDEX }, scriptSig: concatBytes([Uint8Array.of(0x00), pushData(message)]), sequence: SEQUENCE_FINAL }],
    outputs: [{ value: 50n * COIN, scriptPubKey: concatBytes([Uint8Array.of(OP.OP_RETURN), pushData(message.subarray(0, 8))]) }],
    locktime: 0,
  };
}

/** Builds the genesis block for `bits` (deterministic nonce search from 0). */
export function buildDemiurgeGenesis(bits: number): Block {
  const coinbase = genesisCoinbase();
  const base: BlockHeader = { version: 1, prevHash: ZERO_HASH, merkleRoot: computeMerkleRoot([txid(coinbase)]).root, time: DEMIURGE_GENESIS_TIME, bits, nonce: 0 };
  const limit = bitsToTarget(bits);
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    const header = { ...base, nonce };
    if (checkProofOfWork(blockHeaderHash(header), bits, limit).ok) return { header, txs: [coinbase] };
  }
  throw new RangeError(`no genesis nonce meets bits ${bits.toString(16)}`);
}

export function demiurgeParams(options: DemiurgeOptions = {}): ChainParams {
  const bits = options.powLimitBits ?? 0x207fffff;
  const genesis = buildDemiurgeGenesis(bits);
  return {
    name: options.name ?? 'demiurge-dev',
    magic: DEMIURGE_MAGIC,
    genesis,
    genesisHash: blockHeaderHash(genesis.header),
    powLimit: bitsToTarget(bits),
    retargetInterval: options.retargetInterval ?? 144,
    targetSpacing: options.targetSpacing ?? 60,
    noRetargeting: options.noRetargeting ?? false,
    initialSubsidy: 50n * COIN,
    halvingInterval: options.halvingInterval ?? 210_000,
    maxMoney: 21_000_000n * COIN,
    coinbaseMaturity: options.coinbaseMaturity ?? 100,
    maxBlockSize: options.maxBlockSize ?? 1_000_000,
    maxFutureBlockTime: 2 * 60 * 60,
    bip34Height: options.bip34Height === undefined ? 1 : options.bip34Height,
    verifyScripts: options.verifyScripts ?? true,
    scriptFlags: CONSENSUS_FLAGS,
    scriptGasLimit: options.scriptGasLimit === undefined ? DEFAULT_GAS_LIMIT : options.scriptGasLimit,
    bip68Height: 1,
    addressVersions: { pubkeyHash: 0x1e, scriptHash: 0x32 },
  };
}

/** The default dev chain. */
export const DEMIURGE_DEV: ChainParams = demiurgeParams();
