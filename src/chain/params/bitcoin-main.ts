/**
 * Bitcoin main-network parameters, used to check real blocks (parsing,
 * Merkle roots, proof of work, retargets, subsidies). The genesis block is
 * rebuilt from its well-known fields: the "Times 03/Jan/2009" coinbase paying
 * 50 BTC to Satoshi's key.
 */
import { blockHeaderHash } from '../block/block-header.js';
import type { Block } from '../block/block.js';
import { computeMerkleRoot } from '../block/merkle-root.js';
import { ZERO_HASH } from '../block/uint256.js';
import { fromHex } from '../encoding/hex.js';
import { SCRIPT_FLAGS } from '../script/flags.js';
import { NULL_INDEX, SEQUENCE_FINAL, txid, type Transaction } from '../tx/transaction.js';
import { COIN, type ChainParams } from './chain-params.js';

const GENESIS_COINBASE: Transaction = {
  version: 1,
  inputs: [
    {
      prevout: { txid: new Uint8Array(32), index: NULL_INDEX },
      scriptSig: fromHex(
        '04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73',
      ),
      sequence: SEQUENCE_FINAL,
    },
  ],
  outputs: [
    {
      value: 50n * COIN,
      scriptPubKey: fromHex(
        '4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac',
      ),
    },
  ],
  locktime: 0,
};

const GENESIS: Block = {
  header: {
    version: 1,
    prevHash: ZERO_HASH,
    merkleRoot: computeMerkleRoot([txid(GENESIS_COINBASE)]).root,
    time: 1231006505,
    bits: 0x1d00ffff,
    nonce: 2083236893,
  },
  txs: [GENESIS_COINBASE],
};

export const BITCOIN_MAIN: ChainParams = {
  name: 'bitcoin-main',
  magic: fromHex('f9beb4d9'),
  genesis: GENESIS,
  genesisHash: blockHeaderHash(GENESIS.header),
  powLimit: (1n << 224n) - 1n,
  retargetInterval: 2016,
  targetSpacing: 600,
  noRetargeting: false,
  initialSubsidy: 50n * COIN,
  halvingInterval: 210_000,
  maxMoney: 21_000_000n * COIN,
  coinbaseMaturity: 100,
  maxBlockSize: 1_000_000,
  maxFutureBlockTime: 2 * 60 * 60,
  bip34Height: 227_931,
  verifyScripts: true,
  // Blocks 0..255 predate every soft fork; P2SH is enforced on all but two historical blocks by Core.
  scriptFlags: SCRIPT_FLAGS.P2SH,
  scriptGasLimit: null,
  bip68Height: 419_328,
  // The two blocks whose coinbases repeat earlier, still unspent coinbases (of blocks 91812 and 91722).
  bip30Exceptions: [
    { height: 91_842, hash: '00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec' },
    { height: 91_880, hash: '00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721' },
  ],
  addressVersions: { pubkeyHash: 0x00, scriptHash: 0x05 },
};
