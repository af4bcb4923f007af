/**
 * The chain's tables are system tables (on a real LMDB store): chain init
 * refuses a database whose user tables take a chain table's name and then
 * creates nothing; after init, users cannot drop, replace (import
 * --replace), alter or write them; a store initialised before the flag has
 * its chain tables marked (and their foreign keys declared) on open and keeps
 * working; the chain's foreign keys are listed and only the chain changes them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../cli/command.js';
import { main } from '../../../cli/main.js';
import { open } from '../../../engine/database.js';
import { isPyralogError } from '../../../errors/pyralog-error.js';
import { openStore } from '../../../storage/index.js';
import { runChainCommand } from '../../chain-cli.js';
import { paramsForName } from '../../params/networks.js';
import { ChainState } from '../chain-state.js';
import { CHAIN_FOREIGN_KEYS } from '../chain-foreign-keys.js';
import { CHAIN_TABLES, KV } from '../chain-tables.js';
import { PARAMS_KEY } from '../chain-writes.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-chain-sys-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function chain(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runChainCommand(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

async function pyralog(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const context: CliContext = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: tmp, env: {} };
  const code = await main(argv, context);
  return { code, out, err };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isPyralogError(e) ? e.code : `raw ${String(e)}`;
  }
  return 'no error';
}

describe('chain tables are system tables', () => {
  it('chain init on a database with a user table named transactions fails first and creates nothing', async () => {
    const dir = path.join(tmp, 'clash');
    const db = open(dir);
    db.createTable('transactions', [{ name: 'id', type: 'int64' }], ['id']);
    db.table('transactions').insert([{ id: 1n }]);
    db.close();
    const r = await chain('init', '--db', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error[SYSTEM_TABLE]: the chain needs the table name transactions');
    expect(r.err).not.toMatch(/\n\s+at /);
    const store = openStore(dir);
    expect(store.tables().map((t) => t.name)).toEqual(['transactions']);
    const snap = store.snapshot();
    expect(snap.kv(KV.meta).get(PARAMS_KEY)).toBeUndefined();
    expect(snap.stats('transactions').rowCount).toBe(1);
    snap.close();
    store.close();
  });

  it('after init users cannot drop, replace, alter or write them; the chain still mines and validates', async () => {
    const dir = path.join(tmp, 'chain');
    expect((await chain('init', '--db', dir)).code).toBe(0);
    const csv = path.join(tmp, 'transactions.csv');
    fs.writeFileSync(csv, 'txid,n\nx,1\n');
    const replace = await pyralog('import', '--db', dir, '--replace', csv);
    expect(replace.code).toBe(1);
    expect(replace.err).toContain('error[SYSTEM_TABLE]: table transactions belongs to the system');
    const db = open(dir);
    expect(db.tables().filter((t) => t.system === true).map((t) => t.name).sort()).toEqual(CHAIN_TABLES.map((d) => d.name).sort());
    expect(codeOf(() => db.dropTable('blocks'))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.alterTable('utxos', { kind: 'drop_column', name: 'height' }))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.table('blocks').delete([['00']]))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.table('outputs').insert([]))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.exec({ kind: 'upsert', table: 'transactions', rows: [] }))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.transaction((tx) => tx.table('blocks').delete([['00']])))).toBe('SYSTEM_TABLE');
    expect(db.transaction((tx) => tx.kv('notes').put('k', 'v'))).toBeUndefined();
    expect(codeOf(() => db.alterTable('mine', { kind: 'mark_system' }))).toBe('INVALID_ARGUMENT');
    // the chain's foreign keys are declared, and only the chain may change them
    expect(db.foreignKeys().map((k) => `${k.table}(${k.columns.join(',')})->${k.references.table}(${k.references.columns.join(',')})${k.enforced ? '!' : ''}`)).toEqual([
      'transactions(block_hash)->blocks(hash)',
      'outputs(txid)->transactions(txid)',
      'inputs(txid)->transactions(txid)',
      'inputs(prev_txid,prev_index)->outputs(txid,idx)',
      'utxos(txid,idx)->outputs(txid,idx)',
    ]);
    expect(codeOf(() => db.dropForeignKey('utxos', 'utxos_txid_idx_fkey'))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.alterTable('utxos', { kind: 'drop_foreign_key', name: 'utxos_txid_idx_fkey' }))).toBe('SYSTEM_TABLE');
    expect(codeOf(() => db.addForeignKey('blocks', { columns: ['prev_hash'], references: { table: 'blocks', columns: ['hash'] } }))).toBe('SYSTEM_TABLE');
    expect(db.querySync('prql', 'from blocks | aggregate {n = count this}').rows()).toEqual([{ n: 1n }]);
    db.close();
    expect((await chain('mine', '2', '--db', dir, '--threads', '1')).code).toBe(0);
    const v = await chain('validate', '--db', dir);
    expect(v.out).toMatch(/^ok: 2 block\(s\) replayed/m);
  });

  it('a store initialised before the system flag has its chain tables marked when the chain opens', async () => {
    const dir = path.join(tmp, 'old');
    const store = openStore(dir);
    for (const def of CHAIN_TABLES) store.createTable(def); // as init did before the flag
    store.write((tx) => tx.kv(KV.meta).put(PARAMS_KEY, 'demiurge-dev'));
    expect(store.tables().some((t) => t.system === true)).toBe(false);
    ChainState.open(store, paramsForName('dev'));
    expect(store.tables().filter((t) => t.system === true)).toHaveLength(CHAIN_TABLES.length);
    expect(store.tables().flatMap((t) => t.foreignKeys.map((k) => k.name)).sort()).toEqual(CHAIN_FOREIGN_KEYS.map((k) => k.spec.name).sort());
    ChainState.open(store, paramsForName('dev')); // a second open finds them all and changes nothing
    expect(store.tables().flatMap((t) => t.foreignKeys)).toHaveLength(CHAIN_FOREIGN_KEYS.length);
    expect(codeOf(() => store.dropTable('inputs'))).toBe('SYSTEM_TABLE');
    store.close();
    expect((await chain('info', '--db', dir)).out).toMatch(/height\s+0\n/);
  });
});
