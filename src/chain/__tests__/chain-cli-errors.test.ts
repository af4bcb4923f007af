/**
 * `pyralog chain` on bad input, in-process through the CLI's main(): --help
 * on every subcommand, missing/directory/corrupt block files, bad --threads,
 * mine without N, unknown options, info on a missing directory (nothing
 * created), and mining refused at real difficulty. Every failure is a coded
 * error with exit 1 or 2 and no stack trace.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/command.js';
import { main } from '../../cli/main.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-chain-errors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dataDir = path.resolve(import.meta.dirname, '../../../test/data/bitcoin');

async function pyralog(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const context: CliContext = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: tmp, env: {} };
  const code = await main(argv, context);
  expect(err).not.toMatch(/\n\s+at |internal error/);
  return { code, out, err };
}

describe('pyralog chain: help and usage', () => {
  it.each(['init', 'mine', 'import', 'validate', 'info'])('chain %s --help prints that command\'s help and exits 0', async (sub) => {
    const r = await pyralog('chain', sub, '--help');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(new RegExp(`^usage: pyralog chain ${sub} `));
    expect((await pyralog('chain', sub, '-h', '--db', 'x')).out).toBe(r.out);
  });

  it('usage errors exit 2: mine without N, bad --threads, unknown options, a flag given a value', async () => {
    const cases: [string[], string][] = [
      [['mine', '--db', 'd'], 'mine needs the number of blocks'],
      [['mine', '0', '--db', 'd'], "mine needs a positive block count, got '0'"],
      [['mine', '2.5', '--db', 'd'], "got '2.5'"],
      [['mine', '1', '--db', 'd', '--threads', '0'], "--threads needs a whole number from 1 to 1024, got '0'"],
      [['mine', '1', '--db', 'd', '--threads', 'abc'], "got 'abc'"],
      [['mine', '1', '--db', 'd', '--threads=-3'], "got '-3'"],
      [['info', '--db', 'd', '--bogus'], 'unknown option --bogus'],
      [['info', '--db'], 'option --db needs a value'],
      [['mine', '1', '--db', 'd', '--force=yes'], 'option --force takes no value'],
    ];
    for (const [args, message] of cases) {
      const r = await pyralog('chain', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('error[CLI_USAGE]');
      expect(r.err).toContain(message);
    }
    expect(fs.existsSync(path.join(tmp, 'd'))).toBe(false);
  });
});

describe('pyralog chain: files and databases', () => {
  it('info, validate and mine on a missing directory are DATABASE_NOT_FOUND and create nothing', async () => {
    for (const sub of ['info', 'validate']) {
      const r = await pyralog('chain', sub, '--db', 'nowhere');
      expect(r.code).toBe(1);
      expect(r.err).toContain('error[DATABASE_NOT_FOUND]');
    }
    expect((await pyralog('chain', 'mine', '1', '--db', 'nowhere')).err).toContain('error[DATABASE_NOT_FOUND]');
    expect(fs.existsSync(path.join(tmp, 'nowhere'))).toBe(false);
  });

  it('import of a missing file, a directory or a corrupt .bz2: coded errors, and a bad FILE creates no database', async () => {
    const missing = await pyralog('chain', 'import', 'no-such.blk', '--db', 'fresh');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('error[FILE_NOT_FOUND]: no such file: no-such.blk');
    const dir = await pyralog('chain', 'import', dataDir, '--db', 'fresh');
    expect(dir.code).toBe(1);
    expect(dir.err).toContain('error[FILE_READ]');
    expect(dir.err).toContain('it is a directory');
    expect(fs.existsSync(path.join(tmp, 'fresh'))).toBe(false);
    const good = fs.readFileSync(path.join(dataDir, 'blocks1-256.bz2'));
    const corrupt = Buffer.from(good);
    for (let i = 200; i < 400; i++) corrupt[i] = corrupt[i]! ^ 0x5a;
    fs.writeFileSync(path.join(tmp, 'corrupt.bz2'), corrupt);
    fs.writeFileSync(path.join(tmp, 'cut.bz2'), good.subarray(0, 1000));
    for (const f of ['corrupt.bz2', 'cut.bz2']) {
      const r = await pyralog('chain', 'import', f, '--db', 'btc', '--network', 'bitcoin');
      expect(r.code, f).toBe(1);
      expect(r.err).toContain('error[CHAIN_BAD_ARCHIVE]: the bzip2 data does not decompress');
    }
  });

  it('mine on a bitcoin chain is refused without --force, with the expected work in the message', async () => {
    expect((await pyralog('chain', 'init', '--db', 'main', '--network', 'bitcoin')).code).toBe(0);
    const r = await pyralog('chain', 'mine', '1', '--db', 'main', '--threads', '1');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[CHAIN_MINING_REFUSED\]: not mining on bitcoin-main: a block needs about 4\.30e\+9 hashes; at [\d.]+ [kM]?H\/s on 1 thread\(s\) that is about [\d.]+ (min|h|days)/);
    expect(r.err).toContain('pass --force');
    expect((await pyralog('chain', 'info', '--db', 'main')).out).toMatch(/height\s+0\n/);
  });
});
