/**
 * `pyralog chain …`: init | mine N | import FILE | validate | info, on a
 * store directory given by `--db DIR`. The chain a store holds is recorded in
 * it (`--network dev|bitcoin` at init, default dev). Exit codes: 0 success,
 * 1 failure (invalid data, failed validation), 2 usage errors.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { isPyralogError, PyralogError } from '../errors/pyralog-error.js';
import { openStore, type Store } from '../storage/index.js';
import { hash160 } from './crypto/hash.js';
import { publicKeyOf } from './crypto/ecdsa.js';
import { sha256 } from './crypto/hash.js';
import { fromHex } from './encoding/hex.js';
import { mineBlocks } from './mining/mine-blocks.js';
import { paramsForName } from './params/networks.js';
import { ChainState } from './state/chain-state.js';
import { storedChainName, utxoSummary } from './state/chain-summary.js';
import { importBlocks } from './state/import-blocks.js';
import { p2pkhScript, scriptForAddress } from './state/script-type.js';
import type { ChainParams } from './params/chain-params.js';
import { validateStoredChain } from './state/validate-chain.js';
import { bitsToTarget } from './block/compact-target.js';
import { closeDefaultVerifyPool } from './crypto/verify-pool.js';

export interface ChainIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Directory that relative --db and FILE paths start from (default: the process's). */
  readonly cwd?: string;
}

const USAGE = `usage: pyralog chain <command> --db DIR [options]
  init [--network dev|bitcoin]      create the chain (genesis block) in the store
  mine N [--address A | --key-seed S | --payout-script HEX] [--threads K] [--force]
                                    mine N blocks on the tip (dev chain; --force at real difficulty)
  import FILE                       import blocks: blk-framed (magic+length+block) or one raw block, .bz2 or not
  validate                          replay the best chain from genesis and compare the UTXO set
  info                              tip, work, difficulty, block and UTXO counts
Run \`pyralog chain <command> --help\` for one command.`;

/** Each subcommand's help, printed by `pyralog chain <command> --help`. */
const HELP: Readonly<Record<string, string>> = {
  init: `usage: pyralog chain init --db DIR [--network dev|bitcoin]
Creates the chain's tables (system tables: users cannot drop or write them) and
its genesis block in the database at DIR (created if missing). Fails, creating
nothing, if DIR already has user tables named blocks, transactions, inputs,
outputs or utxos. Running it again on an initialised chain changes nothing.`,
  mine: `usage: pyralog chain mine N --db DIR [--address A | --key-seed S | --payout-script HEX] [--threads K] [--force]
Mines N blocks (N is required, a whole number >= 1) on the tip, paying the
reward to A, to the P2PKH key derived from seed S (default demiurge-dev-miner),
or to a raw script. --threads K: worker threads (a whole number >= 1; default:
all cores). A chain whose difficulty needs more than about a minute per block
on this machine (a bitcoin chain) is refused unless --force; then the expected
hashes, hash rate and time are printed, and Ctrl-C stops cleanly (exit 130).`,
  import: `usage: pyralog chain import FILE --db DIR
Imports blocks from FILE: blk-framed (magic + length + block, as bitcoind's
blk*.dat) or one raw block, bzip2-compressed (.bz2) or not. Initialises the
chain on first use.`,
  validate: `usage: pyralog chain validate --db DIR
Replays the best chain from genesis into a scratch store and compares the UTXO
set with the stored one. Exit 0 when they agree, 1 otherwise.`,
  info: `usage: pyralog chain info --db DIR
Prints the tip, height, time, bits and difficulty, chain work, block and UTXO
counts. DIR must hold a chain (nothing is created).`,
};

/** Options that take a value, and flags that do not. */
const VALUE_OPTIONS = new Set(['db', 'network', 'threads', 'address', 'key-seed', 'payout-script']);
const FLAGS = new Set(['help', 'force']);

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
    if (a === '-h') {
      flags.set('help', 'true');
    } else if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (FLAGS.has(name)) {
        if (eq > 0) throw usage(`option --${name} takes no value`);
        flags.set(name, 'true');
      } else if (VALUE_OPTIONS.has(name)) {
        if (eq > 0) flags.set(name, a.slice(eq + 1));
        else {
          const v = argv[i + 1];
          if (v === undefined || v.startsWith('--')) throw usage(`option --${name} needs a value`);
          flags.set(name, v);
          i++;
        }
      } else {
        throw usage(`unknown option --${name}`);
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

const SUBCOMMANDS = new Set(['init', 'mine', 'import', 'validate', 'info']);

/** The bytes of the block file, or FILE_NOT_FOUND / FILE_READ (read before the store is opened: a bad FILE creates nothing). */
function readBlockFile(full: string, file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(full));
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ENOENT') throw new PyralogError('FILE_NOT_FOUND', `no such file: ${file}`, { phase: 'cli', cause });
    const why = code === 'EISDIR' ? 'it is a directory' : (cause as Error).message;
    throw new PyralogError('FILE_READ', `cannot read ${file}: ${why}`, { phase: 'cli', cause, hints: ['give a blk*.dat file or a raw block, .bz2 or not'] });
  }
}

/** `--threads K`: a whole number from 1 to 1024, or a usage error. */
function threadsOption(flags: ReadonlyMap<string, string>): number | undefined {
  const raw = flags.get('threads');
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw usage(`--threads needs a whole number from 1 to 1024, got '${raw}'`);
  return n;
}

async function run(p: Parsed, io: ChainIo): Promise<number> {
  const out = (s: string): void => void io.stdout.write(s + '\n');
  const dbFlag = p.flags.get('db');
  const db = dbFlag === undefined || dbFlag === ':memory:' ? dbFlag : resolvePath(io.cwd ?? process.cwd(), dbFlag);
  if (p.command === undefined || p.command === 'help') {
    const topic = p.command === 'help' ? p.positional[0] : undefined;
    out(topic !== undefined && Object.hasOwn(HELP, topic) ? HELP[topic]! : USAGE);
    return p.command === undefined && p.flags.get('help') === undefined ? 2 : 0;
  }
  if (!SUBCOMMANDS.has(p.command)) throw usage(`unknown chain command '${p.command}'`);
  if (p.flags.get('help') !== undefined) {
    out(HELP[p.command] ?? USAGE);
    return 0;
  }
  if (db === undefined) throw usage('--db DIR is required');
  const threads = threadsOption(p.flags);
  let count = 0;
  if (p.command === 'mine') {
    const raw = p.positional[0];
    if (raw === undefined) throw usage('mine needs the number of blocks: pyralog chain mine N --db DIR');
    count = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(count) || count < 1) throw usage(`mine needs a positive block count, got '${raw}'`);
  }
  const file = p.command === 'import' ? p.positional[0] : undefined;
  if (p.command === 'import' && file === undefined) throw usage('import needs a FILE');
  const bytes = file !== undefined ? readBlockFile(resolvePath(io.cwd ?? process.cwd(), file), file) : undefined;
  // init and import create the database; the others need one that exists.
  const store = openStore(db, { mustExist: p.command !== 'init' && p.command !== 'import' });
  try {
    switch (p.command) {
      case 'init': {
        const existed = storedChainName(store) !== undefined;
        const chain = await openChain(store, p.flags.get('network'), true);
        out(`${existed ? 'chain already initialised' : 'initialised'}: ${chain.params.name}, genesis ${chain.hashAtHeight(0)}, tip height ${chain.tip().height}`);
        return 0;
      }
      case 'mine': {
        const chain = await openChain(store, p.flags.get('network'), false);
        return await mineBlocks(chain, {
          count,
          payoutScript: payoutScript(p.flags, chain.params),
          ...(threads !== undefined ? { threads } : {}),
          force: p.flags.get('force') !== undefined,
          out,
        });
      }
      case 'import': {
        const chain = await openChain(store, p.flags.get('network'), true);
        const summary = await importBlocks(chain, bytes!);
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
      default: {
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
