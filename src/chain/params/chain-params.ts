/**
 * The consensus parameters of one chain: network magic, genesis block,
 * proof-of-work limit and retargeting, subsidy schedule, coinbase maturity,
 * size and time limits, and the address version bytes used to render output
 * addresses. Bitcoin main-net (for checking real data) and Demiurge presets
 * live in their own files.
 */
import type { Block } from '../block/block.js';
import type { RetargetRules } from './retarget.js';

export interface ChainParams extends RetargetRules {
  readonly name: string;
  /** The 4 bytes that open every blk-file frame and P2P message. */
  readonly magic: Uint8Array;
  readonly genesis: Block;
  /** Hash of the genesis block, internal byte order. */
  readonly genesisHash: Uint8Array;
  /** Subsidy of the first era, in the smallest unit. */
  readonly initialSubsidy: bigint;
  readonly halvingInterval: number;
  /** Largest value any output or sum may hold. */
  readonly maxMoney: bigint;
  /** Blocks a coinbase output must wait before it can be spent. */
  readonly coinbaseMaturity: number;
  /** Largest serialized block, in bytes. */
  readonly maxBlockSize: number;
  /** How far (seconds) a block time may lie ahead of the validator's clock. */
  readonly maxFutureBlockTime: number;
  /** From this height on the coinbase scriptSig must start with the height push (BIP34); null = never. */
  readonly bip34Height: number | null;
  /** Verify input scripts (with P2SH) when connecting blocks. */
  readonly verifyScripts: boolean;
  /** Script verification flags applied to every input of a connected block (see script/flags.ts). */
  readonly scriptFlags: number;
  /**
   * Gas budget of each input's script evaluation (scriptSig + scriptPubKey +
   * P2SH redeem script); a script that runs out fails with GAS_EXHAUSTED and
   * its block is invalid. null = unmetered (Bitcoin main-net data).
   */
  readonly scriptGasLimit: number | null;
  /** From this height on BIP68 relative lock-times (sequence locks) of version >= 2 transactions apply; null = never. */
  readonly bip68Height: number | null;
  /**
   * Blocks exempt from BIP30 (no new transaction while one with the same txid has unspent
   * outputs), by height and display hash: Bitcoin main-net's two historic duplicate coinbases.
   * Their coinbases overwrite the earlier coins. Absent or empty: BIP30 applies to every block.
   */
  readonly bip30Exceptions?: readonly { readonly height: number; readonly hash: string }[];
  /** Base58Check version bytes of P2PKH and P2SH addresses. */
  readonly addressVersions: { readonly pubkeyHash: number; readonly scriptHash: number };
}

/** One coin in the smallest unit (satoshis). */
export const COIN = 100_000_000n;
