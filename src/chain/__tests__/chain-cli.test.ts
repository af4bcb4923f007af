import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChainCommand } from '../chain-cli.js';
import { openStore } from '../../storage/index.js';
import { KV } from '../state/chain-tables.js';

const dataDir = fileURLToPath(new URL('../../../test/data/bitcoin/', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runChainCommand(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'pyralog-chain-cli-'));
  dirs.push(d);
  return d;
}

describe('pyralog chain', () => {
  it('init, mine, info and validate a dev chain', async () => {
    const db = tmp();
    const init = await cli('init', '--db', db);
    expect(init).toMatchObject({ code: 0 });
    expect(init.out).toContain('genesis 038ff24064d4bb893715d30370bf20416b40038abe7661f82a0c22d927bf9d41');
    const mine = await cli('mine', '3', '--db', db, '--threads', '1');
    expect(mine.code).toBe(0);
    expect(mine.out.match(/^connected [0-9a-f]{64} height \d$/gm)).toHaveLength(3);
    const info = await cli('info', '--db', db);
    expect(info.out).toMatch(/height\s+3\n/);
    expect(info.out).toMatch(/utxos\s+3 coins, 15000000000 units/);
    expect(info.out).toContain('chain       demiurge-dev');
    const toAddress = await cli('mine', '1', '--db', db, '--threads', '1', '--address', 'DFjHTgTfAw1abRtVDBn55FMeZiDNFob32p');
    expect(toAddress.out).toContain('payout DFjHTgTfAw1abRtVDBn55FMeZiDNFob32p');
    const badAddress = await cli('mine', '1', '--db', db, '--address', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
    expect(badAddress.err).toContain('error[CHAIN_BAD_ADDRESS]');
    const validate = await cli('validate', '--db', db);
    expect(validate).toMatchObject({ code: 0 });
    expect(validate.out).toMatch(/^ok: 4 block\(s\) replayed/m);

    // damage the stored UTXO set behind the chain's back: validate notices
    const store = openStore(db);
    const first = store.snapshot();
    const victim = [...first.kv(KV.utxo).range({ limit: 1 })][0]!.key;
    first.close();
    store.write((txn) => txn.kv(KV.utxo).delete(victim));
    store.close();
    const broken = await cli('validate', '--db', db);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('problem: UTXO set differs from the replay: 3 stored vs 4 replayed coins');
    expect(broken.out).toContain('problem: utxos table has 4 rows, the UTXO namespace 3 coins');
  });

  it('imports bzip2 blk files of main-net blocks with --network bitcoin', async () => {
    const db = tmp();
    const r = await cli('import', join(dataDir, 'blocks1-256.bz2'), '--db', db, '--network', 'bitcoin');
    expect(r.code).toBe(0);
    expect(r.out).toContain('read 255 block(s): 255 connected');
    expect(r.out).toContain('tip 0000000');
    const info = await cli('info', '--db', db);
    expect(info.out).toMatch(/height\s+255\n/);
    expect(info.out).toContain('bitcoin-main');
    // a raw (unframed) block of another era does not fit on block 255
    const raw = await cli('import', join(dataDir, 'block300025.raw'), '--db', db);
    expect(raw.out).toContain('1 orphan');
  });

  it('reports usage errors and uninitialised stores with codes', async () => {
    expect((await cli('info')).code).toBe(2);
    const empty = tmp();
    const none = await cli('info', '--db', empty);
    expect(none.code).toBe(1);
    expect(none.err).toContain('error[DATABASE_NOT_FOUND]');
    const plain = openStore(empty); // a database, but no chain in it
    plain.close();
    const noChain = await cli('info', '--db', empty);
    expect(noChain.code).toBe(1);
    expect(noChain.err).toContain('error[CHAIN_NOT_INITIALIZED]');
    const bad = await cli('frobnicate', '--db', tmp());
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown chain command 'frobnicate'");
    const net = await cli('init', '--db', tmp(), '--network', 'moon');
    expect(net.err).toContain('error[CHAIN_UNKNOWN_NETWORK]');
    const wrong = await cli('import', join(dataDir, 'blk_0_to_4.dat.bz2'), '--db', tmp());
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('error[CHAIN_BAD_MAGIC]: the input holds blocks of bitcoin-main, this chain is demiurge-dev');
  });
});
