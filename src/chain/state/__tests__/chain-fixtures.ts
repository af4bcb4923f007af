/**
 * Helpers for chain tests: deterministic keys, P2PKH payout scripts, signed
 * P2PKH spends, a dev chain on the in-memory test store with a fixed clock,
 * and a check that the UTXO key-value namespace and the utxos table agree.
 */
import { expect } from 'vitest';
import { createHash } from 'node:crypto';
import { hash160 } from '../../crypto/hash.js';
import { publicKeyOf, signDer } from '../../crypto/ecdsa.js';
import { concatBytes, fromReverseHex, reverseHex } from '../../encoding/hex.js';
import type { Block } from '../../block/block.js';
import { serializeBlockHeader } from '../../block/block-header.js';
import { bitsToTarget } from '../../block/compact-target.js';
import { computeMerkleRoot } from '../../block/merkle-root.js';
import { searchNonce, targetBytes } from '../../mining/nonce-search.js';
import { assembleBlock, buildTemplate } from '../../mining/block-template.js';
import type { ChainParams } from '../../params/chain-params.js';
import { pushData } from '../../script/script-op.js';
import { legacySighash, SIGHASH_ALL } from '../../tx/sighash.js';
import { SEQUENCE_FINAL, txid, type OutPoint, type Transaction } from '../../tx/transaction.js';
import { demiurgeParams, type DemiurgeOptions } from '../../params/demiurge.js';
import { ChainState, type ChainStateOptions } from '../chain-state.js';
import { KV, UTXOS_TABLE } from '../chain-tables.js';
import { decodeCoin, outpointFromKey } from '../coin.js';
import { p2pkhScript } from '../script-type.js';
import type { ChainStore } from '../chain-store.js';
import { MemoryChainStore } from './memory-chain-store.js';

export interface Key {
  readonly priv: Uint8Array;
  readonly pub: Uint8Array;
  readonly script: Uint8Array;
}

export function keyFrom(seed: string): Key {
  const priv = new Uint8Array(createHash('sha256').update(seed).digest());
  const pub = publicKeyOf(priv, true);
  return { priv, pub, script: p2pkhScript(hash160(pub)) };
}

/** A one-input P2PKH spend signed with SIGHASH_ALL. */
export function spendP2pkh(from: Key, prevout: OutPoint, outputs: readonly { value: bigint; script: Uint8Array }[], extra: Partial<Transaction> = {}): Transaction {
  const unsigned: Transaction = {
    version: 2,
    inputs: [{ prevout, scriptSig: new Uint8Array(0), sequence: SEQUENCE_FINAL }],
    outputs: outputs.map((o) => ({ value: o.value, scriptPubKey: o.script })),
    locktime: 0,
    ...extra,
  };
  const sighash = legacySighash(unsigned, 0, from.script, SIGHASH_ALL);
  const sig = concatBytes([signDer(sighash, from.priv), Uint8Array.of(SIGHASH_ALL)]);
  const scriptSig = concatBytes([pushData(sig), pushData(from.pub)]);
  return { ...unsigned, inputs: [{ ...unsigned.inputs[0]!, scriptSig }] };
}

/** A clock that moves forward a minute per call, starting after the Demiurge genesis. */
export function steppingClock(start = 1_767_225_600 + 60): { now: () => number; set: (t: number) => void } {
  let t = start;
  return { now: () => (t += 60), set: (v) => void (t = v) };
}

export async function openDevChain(
  options: DemiurgeOptions = {},
  stateOptions: ChainStateOptions = {},
  store: ChainStore = new MemoryChainStore(),
): Promise<{ chain: ChainState; store: ChainStore }> {
  const params = demiurgeParams({ noRetargeting: true, ...options });
  const chain = ChainState.open(store, params, { now: () => 2_000_000_000, ...stateOptions });
  return { chain, store };
}

/** Asserts the utxo namespace and the utxos table hold exactly the same coins; returns their count. */
export function expectUtxoAgreement(store: ChainStore): number {
  const snap = store.snapshot();
  try {
    let n = 0;
    for (const { key, value } of snap.kv(KV.utxo).range()) {
      const p = outpointFromKey(key);
      const coin = decodeCoin(value);
      const row = snap.get(UTXOS_TABLE.name, [reverseHex(p.txid), BigInt(p.index)]);
      expect(row, `utxo row for ${reverseHex(p.txid)}:${p.index}`).toBeDefined();
      expect(row!['value']).toBe(coin.value);
      expect(row!['height']).toBe(BigInt(coin.height));
      n++;
    }
    expect(snap.stats(UTXOS_TABLE.name).rowCount).toBe(n);
    return n;
  } finally {
    snap.close();
  }
}

/** Recomputes the Merkle root (unless `keepMerkle`) and grinds a nonce on this thread. */
export function regrind(block: Block, options: { keepMerkle?: boolean } = {}): Block {
  const merkleRoot = options.keepMerkle === true ? block.header.merkleRoot : computeMerkleRoot(block.txs.map((t) => txid(t))).root;
  const header = serializeBlockHeader({ ...block.header, merkleRoot, nonce: 0 });
  const r = searchNonce(header, targetBytes(bitsToTarget(block.header.bits)), 0, 0xffffffff);
  if (r.nonce === undefined) throw new Error('no nonce');
  return { header: { ...block.header, merkleRoot, nonce: r.nonce }, txs: block.txs };
}

/** A block on any parent, mined on this thread (for building forks and broken blocks). */
export function mineOn(
  params: ChainParams,
  parent: { hash: string; height: number },
  opts: { time: number; payoutScript: Uint8Array; txs?: readonly Transaction[]; fees?: bigint; tag?: string; bits?: number },
): Block {
  const t = buildTemplate({
    params,
    height: parent.height + 1,
    prevHash: fromReverseHex(parent.hash),
    bits: opts.bits ?? params.genesis.header.bits,
    time: opts.time,
    payoutScript: opts.payoutScript,
    txs: opts.txs ?? [],
    fees: opts.fees ?? 0n,
    coinbaseTag: opts.tag ?? '/test/',
  });
  return regrind(assembleBlock(t, 0n, 0));
}

/** The UTXO namespace as sorted hex pairs (to compare two stores). */
export function dumpUtxos(store: ChainStore): string[] {
  const snap = store.snapshot();
  try {
    return [...snap.kv(KV.utxo).range()].map(({ key, value }) => Buffer.from(key).toString('hex') + '=' + Buffer.from(value).toString('hex'));
  } finally {
    snap.close();
  }
}
