/**
 * The `pyralog` executable as a real child process, built from the current
 * sources (cli-child.ts): output into a pipe that closes early (`| head -2`)
 * exits quietly; `chain mine --force` at real difficulty stops cleanly on
 * SIGINT; a first `demo` SIGKILLed mid-import is finished by the next run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../src/index.js';
import { buildCliPackage, runCli, startCli, waitForOutput } from './cli-child.js';

let tmp: string;
let bin: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-cli-process-'));
  bin = buildCliPackage();
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('pyralog as a child process', () => {
  it('query output into a pipe that closes early (| head -2) exits quietly with status 0', () => {
    const dir = path.join(tmp, 'big');
    const db = open(dir);
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 's', type: 'utf8' }], ['id']);
    db.table('t').insert(Array.from({ length: 20_000 }, (_, i) => ({ id: BigInt(i), s: `row ${i} ${'x'.repeat(20)}` })));
    db.close();
    const script = `"${process.execPath}" "${bin}" query --db "${dir}" 'from t | sort id' | head -2; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = spawnSync('bash', ['-c', script], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout, r.stderr).toMatch(/^\+-{7}\+-+\+\n\| id {4}\| s +\|\n$/);
    expect(r.stderr).toBe('status=0\n');
  });

  it('chain mine --force on a bitcoin chain prints the expected work, and Ctrl-C (SIGINT) stops it cleanly with exit 130', async () => {
    const dir = path.join(tmp, 'btc');
    expect(runCli(bin, ['chain', 'init', '--db', dir, '--network', 'bitcoin'], tmp).code).toBe(0);
    const child = startCli(bin, ['chain', 'mine', '1', '--db', dir, '--threads', '1', '--force'], tmp);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let out = await waitForOutput(child, /Ctrl-C stops\n/);
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    expect(out).toMatch(/^mining on bitcoin-main: a block needs about 4\.30e\+9 hashes; at [\d.]+ [kM]?H\/s on 1 thread\(s\) that is about [\d.]+ \w+ per block; Ctrl-C stops\n$/);
    child.kill('SIGINT');
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(out).toMatch(/\nstopped: mined 0 of 1 block\(s\) in [\d.]+ s/);
    expect(stderr).toBe('');
    expect(runCli(bin, ['chain', 'info', '--db', dir], tmp).stdout).toMatch(/height\s+0\n/);
  });

  it('a first demo killed (SIGKILL) mid-import is finished by the next run', async () => {
    const child = startCli(bin, ['demo', '--db', 'data'], tmp);
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await waitForOutput(child, /^ {2}albums +\d+ rows\n/m);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const half = open(path.join(tmp, 'data'), { readOnly: true });
    const tablesAfterKill = half.tables().length;
    half.close();
    expect(tablesAfterKill).toBeGreaterThan(0);
    expect(tablesAfterKill).toBeLessThan(11); // killed mid-import, not after it
    const again = runCli(bin, ['demo', '--db', 'data'], tmp);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`(resuming: ${tablesAfterKill} tables are already there)`);
    expect(again.stdout).toMatch(/ {2}tracks +3503 rows\n/);
    expect(again.stdout).toMatch(/\| Iron Maiden +\| +213 \|/);
    const db = open(path.join(tmp, 'data'), { readOnly: true });
    expect(db.tables()).toHaveLength(11);
    expect(db.querySync('prql', 'from invoice_items | aggregate {n = count this}').rows()).toEqual([{ n: 2240n }]);
    db.close();
  });
});
