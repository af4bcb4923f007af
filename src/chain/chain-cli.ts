/**
 * `pyralog chain …`: init | mine N | import FILE | validate | info, on a
 * store directory given by `--db DIR`. The chain a store holds is recorded in
 * it (`--network dev|bitcoin` at init, default dev). Exit codes: 0 success,
 * 1 failure (invalid data, failed validation), 2 usage errors.
 */
import { readFileSync } from 'node:fs';
import { isPyralogError, PyralogError } from '../errors/pyralog-error.js';
import { openStore, type Store } from '../storage/index.js';
import { hash160 } from './crypto/hash.js';
import { publicKeyOf } from './crypto/ecdsa.js';
import { sha256 } from './crypto/hash.js';
import { fromHex } from './encoding/hex.js';
import { forgeNextBlock } from './mining/forge-blocks.js';
import { paramsForName } from './params/networks.js';
import { ChainState } from './state/chain-state.js';
import { storedChainName, utxoSummary } from './state/chain-summary.js';
import { importBlocks } from './state/import-blocks.js';
import { p2pkhScript, scriptAddress, scriptForAddress } from './state/script-type.js';
import type { ChainParams } from './params/chain-params.js';
import { validateStoredChain } from './state/validate-chain.js';
import { bitsToTarget } from './block/compact-target.js';
import { closeDefaultVerifyPool } from './crypto/verify-pool.js';

export interface ChainIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `usage: pyralog chain <command> --db DIR [options]
  init [--network dev|bitcoin]      create the chain (genesis block) in the store
  mine N [--address A | --key-seed S | --payout-script HEX] [--threads K]
                                    mine N blocks on the tip (dev chain)
  import FILE                       import blocks: blk-framed (magic+length+block) or one raw block, .bz2 or not
  validate                          replay the best chain from genesis and compare the UTXO set
  info                              tip, work, difficulty, block and UTXO counts`;

interface Parsed {
  readonly command: string | undefined;
  readonly positional: readonly string[];
  readonly flags: ReadonlyMap<string, string>;
}

function parseArgs(argv: readonly string[]): Parsed {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith('--')) throw usage(`option ${a} needs a value`);
        flags.set(a.slice(2), v);
        i++;
      }
    } else positional.push(a);
  }
  return { command: positional[0], positional: positional.slice(1), flags };
}

function usage(message: string): PyralogError {
  return new PyralogError('CLI_USAGE', message, { phase: 'cli', hints: [USAGE] });
}

async function openChain(store: Store, network: string | undefined, create: boolean): Promise<ChainState> {
  const stored = storedChainName(store);
  if (stored === undefined && !create) throw new PyralogError('CHAIN_NOT_INITIALIZED', 'the store holds no chain', { phase: 'cli', hints: ['run `pyralog chain init --db DIR` first'] });
  const params = paramsForName(stored ?? network ?? 'dev');
  if (stored !== undefined && network !== undefined && paramsForName(network).name !== stored) {
    throw new PyralogError('CHAIN_PARAMS_MISMATCH', `the store holds chain '${stored}', not '${paramsForName(network).name}'`, { phase: 'cli' });
  }
  return ChainState.open(store, params);
}

function payoutScript(flags: ReadonlyMap<string, string>, params: ChainParams): Uint8Array {
  const address = flags.get('address');
  if (address !== undefined) {
    const script = scriptForAddress(address, params.addressVersions);
    if (script === undefined) throw new PyralogError('CHAIN_BAD_ADDRESS', `'${address}' is not a P2PKH or P2SH address of ${params.name}`, { phase: 'cli' });
    return script;
  }
  const hex = flags.get('payout-script');
  if (hex !== undefined) return fromHex(hex);
  const seed = flags.get('key-seed') ?? 'demiurge-dev-miner';
  return p2pkhScript(hash160(publicKeyOf(sha256(new TextEncoder().encode(seed)), true)));
}

function difficulty(bits: number, powLimit: bigint): string {
  const t = bitsToTarget(bits);
  return t === 0n ? '0' : (Number((powLimit * 1000n) / t) / 1000).toString();
}

async function run(p: Parsed, io: ChainIo): Promise<number> {
  const out = (s: string): void => void io.stdout.write(s + '\n');
  const db = p.flags.get('db');
  if (p.command === undefined || p.command === 'help') {
    out(USAGE);
    return p.command === undefined ? 2 : 0;
  }
  if (db === undefined) throw usage('--db DIR is required');
  const store = openStore(db);
  try {
    switch (p.command) {
      case 'init': {
        const existed = storedChainName(store) !== undefined;
        const chain = await openChain(store, p.flags.get('network'), true);
        out(`${existed ? 'chain already initialised' : 'initialised'}: ${chain.params.name}, genesis ${chain.hashAtHeight(0)}, tip height ${chain.tip().height}`);
        return 0;
      }
      case 'mine': {
        const n = Number(p.positional[0] ?? '1');
        if (!Number.isInteger(n) || n < 1) throw usage(`mine needs a positive block count, got '${p.positional[0]}'`);
        const chain = await openChain(store, p.flags.get('network'), false);
        const threadsFlag = p.flags.get('threads');
        const script = payoutScript(p.flags, chain.params);
        const started = Date.now();
        let hashes = 0;
        for (let i = 0; i < n; i++) {
          const forged = await forgeNextBlock(chain, { payoutScript: script, ...(threadsFlag !== undefined ? { threads: Number(threadsFlag) } : {}) });
          if (forged === undefined) break;
          hashes += forged.hashes;
          out(`${forged.result.status} ${forged.result.hash} height ${chain.tip().height}`);
        }
        const secs = Math.max(0.001, (Date.now() - started) / 1000);
        out(`mined ${n} block(s) in ${secs.toFixed(2)} s (${hashes} hashes); payout ${scriptAddress(script, chain.params.addressVersions) ?? 'script'}`);
        return 0;
      }
      case 'import': {
        const file = p.positional[0];
        if (file === undefined) throw usage('import needs a FILE');
        const chain = await openChain(store, p.flags.get('network'), true);
        const summary = await importBlocks(chain, new Uint8Array(readFileSync(file)));
        const s = summary.byStatus;
        out(`read ${summary.blocks} block(s): ${s.connected} connected, ${s.reorg} reorg, ${s.side} side, ${s.orphan} orphan, ${s.duplicate} duplicate, ${s.invalid} invalid`);
        for (const r of summary.rejected) out(`  rejected ${r.hash}: ${r.reason}`);
        out(`tip ${chain.tip().hash} height ${chain.tip().height}`);
        return s.invalid > 0 ? 1 : 0;
      }
      case 'validate': {
        const chain = await openChain(store, undefined, false);
        const scratch = openStore(':memory:');
        try {
          const report = await validateStoredChain(chain, scratch);
          for (const problem of report.problems) out(`problem: ${problem}`);
          out(report.ok ? `ok: ${report.blocks} block(s) replayed to ${chain.tip().hash}` : `FAILED after ${report.blocks} block(s)`);
          return report.ok ? 0 : 1;
        } finally {
          scratch.close();
        }
      }
      case 'info': {
        const chain = await openChain(store, undefined, false);
        const tip = chain.tip();
        const utxos = utxoSummary(store);
        out(`chain       ${chain.params.name}`);
        out(`tip         ${tip.hash}`);
        out(`height      ${tip.height}`);
        out(`time        ${new Date(tip.time * 1000).toISOString()}`);
        out(`bits        ${tip.bits.toString(16).padStart(8, '0')} (difficulty ${difficulty(tip.bits, chain.params.powLimit)})`);
        out(`chain work  ${tip.work.toString(16).padStart(64, '0')}`);
        out(`blocks      ${chain.knownBlocks()} known (all branches)`);
        out(`utxos       ${utxos.count} coins, ${utxos.total} units`);
        return 0;
      }
      default:
        throw usage(`unknown chain command '${p.command}'`);
    }
  } finally {
    store.close();
    await closeDefaultVerifyPool();
  }
}

export async function runChainCommand(argv: string[], io: ChainIo): Promise<number> {
  try {
    return await run(parseArgs(argv), io);
  } catch (e) {
    if (isPyralogError(e)) {
      io.stderr.write(e.render() + '\n');
      return e.code === 'CLI_USAGE' ? 2 : 1;
    }
    throw e;
  }
}
