/**
 * Fuzzing the two doors users come in by, bounded to a few seconds:
 * random bytes and PRQL-ish token soup as query text, random argument
 * vectors and paths to the CLI (in-process through main(), plus a few real
 * child processes of the CLI built from the current sources), and random
 * API calls with wrong-typed arguments. Every failure must be a PyralogError
 * with a registered code; the CLI must exit 0, 1 or 2 and print no stack
 * trace; and data stored before the fuzzing is intact afterwards. The seed
 * is random each run and printed (PYRALOG_FUZZ_SEED=n replays one).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { isErrorCode, isPyralogError, open, type Database } from '../../src/index.js';
import { buildCliPackage, runCli } from '../api/cli-child.js';

const SEED = Number(process.env['PYRALOG_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
let tmp: string;
let precious: string;
const ROWS = [
  { id: 1n, name: 'Ada', score: 1.5 },
  { id: 2n, name: 'Bo', score: null },
  { id: 3n, name: 'Cy\u001b]0;x\u0007', score: -0 },
];

beforeAll(() => {
  console.log(`cli/api fuzz seed ${SEED} (replay: PYRALOG_FUZZ_SEED=${SEED})`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-fuzz-'));
  precious = path.join(tmp, 'precious');
  const db = open(precious);
  db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 'name', type: 'utf8' }, { name: 'score', type: 'float64' }], ['id']);
  db.table('t').insert(ROWS);
  db.kv('k').put('a', 'b');
  db.close();
  fs.writeFileSync(path.join(tmp, 'plain.txt'), 'not a database');
  fs.writeFileSync(path.join(tmp, 'good.csv'), 'a,b\n1,x\n2,y\n');
  fs.writeFileSync(path.join(tmp, 'bad.csv'), 'a,b\n1\n"unterminated\n');
  fs.mkdirSync(path.join(tmp, 'empty.dir'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The stored data is exactly what was written before any fuzzing. */
function expectPreciousIntact(): void {
  const db = open(precious, { readOnly: true });
  try {
    expect(db.tables().map((t) => t.name)).toEqual(['t']);
    expect(db.querySync('prql', 'from t | sort id').rows()).toEqual(ROWS);
    expect(new TextDecoder().decode(db.kv('k').get('a'))).toBe('b');
  } finally {
    db.close();
  }
}

async function cli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: tmp, env: {} };
  const code = await main(argv, context);
  return { code, stdout, stderr };
}

/** A CLI outcome users can act on: exit 0/1/2, a registered code on failure, never a stack trace. */
function expectCleanCli(r: { code: number | null; stdout: string; stderr: string }, what: string): void {
  expect([0, 1, 2], what).toContain(r.code);
  expect(r.stderr + r.stdout, what).not.toMatch(/internal error|\n\s+at \S+ \(|Error: .*\n\s+at /);
  if (r.code === 2 && r.stderr === '') {
    expect(r.stdout, what).toMatch(/^(Pyralog .*\n\n)?usage: pyralog /); // no command (or subcommand): the overview
  } else if (r.code !== 0) {
    const code = /^error\[([A-Z0-9_]+)\]/m.exec(r.stderr)?.[1];
    expect(code !== undefined && isErrorCode(code), `${what}\n${r.stderr}`).toBe(true);
    if (r.code === 2) expect(code, what).toBe('CLI_USAGE');
  }
}

/** A thrown value users can act on: a PyralogError whose code is registered. */
function expectCoded(e: unknown, what: string): void {
  if (!isPyralogError(e)) throw new Error(`${what}: threw a raw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`);
  expect(isErrorCode(e.code), `${what}: ${e.code}`).toBe(true);
}

// ---- generators --------------------------------------------------------------

const prqlToken = fc.constantFrom('from', 't', 'x', 'filter', 'select', 'derive', 'sort', 'take', 'group', 'aggregate', 'join', '|', '{', '}', '(', ')', '[', ']', '==', '!=', '>', '+', '-', '*', '/', '~=', '??', '&&', '||', '=', ',', '.', '$1', '$x', '1', '-1', '1.5', '1e400', '9223372036854775808', '"s"', "'", '"', 'f"{x}"', 's"x"', '@2020-01-01', 'null', 'true', 'id', 'name', 'score', '\n', '#', '\u0000', '😀', 'let', 'func', 'case', 'this', 'that');
const queryText = fc.oneof(
  fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.array(prqlToken, { maxLength: 16 }).map((ws) => ws.join(' ')),
  fc.array(prqlToken, { maxLength: 8 }).map((ws) => `from t | ${ws.join(' ')}`),
);
/** Paths inside the sandbox, or absolute ones that cannot be created (nothing outside tmp is ever written). */
const dbPath = fc.oneof(
  fc.constantFrom('', ' ', '.', 'new', 'new.db', 'precious', 'plain.txt', 'plain.txt/x', 'missing/parent/db', 'empty.dir', 'good.csv', '/dev/null', '/dev/null/x', ':memory:', '-', '--db', 'a\u0000b', '😀.db', 'x'.repeat(300)),
  fc.stringMatching(/^[a-z.]{1,8}$/).map((s) => `scratch/${s}`),
);
const queryArgv = fc.tuple(fc.constantFrom('query', 'explain'), fc.constantFrom('precious', 'plain.txt', 'missing', ''), queryText, fc.constantFrom([], ['--format', 'json'], ['--format', 'csv'], ['--format', 'xml'], ['--lang', 'sql'], ['--param', 'x=1'], ['--param', 'bad'], ['--file', 'plain.txt'], ['--file', 'nope.prql'], ['--trace'])).map(
  ([cmd, db, text, extra]) => [cmd, '--db', db, ...extra, text],
);
const word = fc.oneof(
  fc.constantFrom('import', 'query', 'explain', 'chain', 'help', '--help', '-h', '--version', 'init', 'info', 'validate', 'mine', 'frobnicate', '--db', '--table', '--key', '--replace', '--type', 'a=int64', 'a=wat', '--delimiter', ';', '""', '--format', '--lang', '--file', '--param', '--threads', '0', 'abc', '1', '-1', '--network', 'moon', 'dev', '--force', '--bogus', '=', '--', 'good.csv', 'bad.csv', 'plain.txt', 'empty.dir', 'from t'),
  dbPath,
  fc.string({ maxLength: 12 }),
);
/** Word soup, and commands with a real shape (a subcommand, --db PATH, a FILE, options) so that deep paths are reached. */
const shapedArgv = fc
  .tuple(
    fc.constantFrom(['import'], ['query'], ['explain'], ['chain', 'init'], ['chain', 'info'], ['chain', 'validate'], ['chain', 'mine'], ['chain', 'import'], ['chain']),
    dbPath,
    fc.array(word, { maxLength: 3 }),
  )
  .map(([cmd, db, rest]) => [...cmd, ...rest, '--db', db]);
const randomArgv = fc.oneof(fc.array(word, { minLength: 0, maxLength: 7 }), shapedArgv);

/** A value in a failure message, whatever it is (fast-check's own printer copes with symbols, bigints and null prototypes). */
const show = (v: unknown): string => fc.stringify(v);

// ---- the tests -------------------------------------------------------------

describe('CLI fuzz (in-process)', () => {
  it('random query text against a real database: exit 0/1, a registered code, no stack; stored data intact', async () => {
    await fc.assert(
      fc.asyncProperty(queryArgv, async (argv) => {
        const r = await cli(argv);
        expectCleanCli(r, JSON.stringify(argv));
      }),
      { numRuns: 120, seed: SEED },
    );
    expectPreciousIntact();
  });

  it('random argument vectors and paths: exit 0/1/2, a registered code, no stack; stored data intact', async () => {
    await fc.assert(
      fc.asyncProperty(randomArgv, async (words) => {
        // never a mutating command on the precious database, never a long one (mining many blocks, the demo)
        const argv = words.map((w) => (w === 'precious' ? 'scratch/p' : w));
        if (argv.some((w) => w === 'demo' || w === 'repl' || w === 'serve' || w === 'start')) return;
        const mine = argv.indexOf('mine');
        if (mine >= 0 && /^\d+$/.test(argv[mine + 1] ?? '') && Number(argv[mine + 1]) > 3) return;
        const r = await cli(argv);
        expectCleanCli(r, JSON.stringify(argv));
      }),
      { numRuns: 150, seed: SEED + 1 },
    );
    expectPreciousIntact();
  });
});

describe('API fuzz', () => {
  let db: Database;
  beforeAll(() => {
    db = open(path.join(tmp, 'api'));
    db.createTable('keep', [{ name: 'id', type: 'int64' }, { name: 'v', type: 'utf8' }], ['id']);
    db.table('keep').insert([{ id: 1n, v: 'one' }, { id: 2n, v: 'two' }]);
    db.createTable('t', [{ name: 'id', type: 'int64' }, { name: 's', type: 'utf8' }], ['id']);
  });
  afterAll(() => db.close());

  const junk = fc.oneof(
    { depthSize: 'small' },
    fc.anything({ maxDepth: 2, withBigInt: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true, withDate: true }),
    fc.constantFrom<unknown>(null, undefined, 0, -1, NaN, Infinity, '', 't', 'prql', 'nope', [], [null], [[]], [{}], {}, { kind: 'insert' }, { kind: 'drop_table' }, Symbol('s'), () => 1, new Map(), new Uint8Array(2), 1n, [[1n]], [{ id: 1n }], [{ id: 'x' }], [{ id: 1n, s: Symbol('v') }], [{ id: 1n, s: () => 1 }], [{ id: 2n ** 70n }], [{ id: 1n, nope: 1 }], [{ name: 'a', type: 'int64' }], [{ name: 'a', type: 'wat' }], { kind: 'add_column', field: null }, { kind: 'rename_column', from: 1, to: {} }, { limit: 1.5 }, { start: 5 }),
  );
  const call = fc.tuple(
    fc.constantFrom('querySync', 'query', 'explain', 'prepare', 'stream', 'createTable', 'dropTable', 'alterTable', 'exec', 'table.insert', 'table.upsert', 'table.delete', 'table.get', 'kv.get', 'kv.put', 'kv.delete', 'kv.range', 'transaction', 'flush', 'compact', 'sequence', 'kv'),
    fc.array(junk, { maxLength: 3 }),
  );

  it('random calls with wrong-typed arguments throw only coded PyralogErrors; table keep is intact', async () => {
    const loose = db as unknown as Record<string, (...a: unknown[]) => unknown>;
    await fc.assert(
      fc.asyncProperty(call, async ([method, args]) => {
        if (args.some((a) => a === 'keep' || (Array.isArray(a) && a.includes('keep')))) return;
        const what = `${method}(${args.map(show).join(', ')})`;
        try {
          if (method.startsWith('table.')) {
            const handle = db.table('t') as unknown as Record<string, (...a: unknown[]) => unknown>;
            await handle[method.slice(6)]!(...args);
          } else if (method.startsWith('kv.')) {
            const handle = db.kv('fuzz') as unknown as Record<string, (...a: unknown[]) => unknown>;
            await handle[method.slice(3)]!(...args);
          } else if (method === 'stream') {
            for await (const _ of loose['stream']!(...args) as AsyncIterable<unknown>) break;
          } else if (method === 'transaction' && typeof args[0] === 'function') {
            return; // a user callback's own exceptions pass through by design
          } else {
            await loose[method]!(...args);
          }
        } catch (e) {
          expectCoded(e, what);
        }
      }),
      { numRuns: 600, seed: SEED + 2 },
    );
    expect(db.tables().map((t) => t.name)).toContain('keep');
    expect(db.querySync('prql', 'from keep | sort id').rows()).toEqual([{ id: 1n, v: 'one' }, { id: 2n, v: 'two' }]);
  });
});

describe('CLI fuzz (real child processes of the current sources)', () => {
  it('a random query and a random argument vector: exit 0/1/2, a registered code, no stack', () => {
    const bin = buildCliPackage();
    const samples = [...fc.sample(queryArgv, { numRuns: 1, seed: SEED + 3 }), ...fc.sample(randomArgv.filter((a) => a.length > 0), { numRuns: 1, seed: SEED + 4 })]
      .map((argv) => argv.map((w) => (w === 'precious' && argv[0] !== 'query' && argv[0] !== 'explain' ? 'scratch/p' : w)))
      .filter((argv) => !argv.some((w) => ['demo', 'repl', 'serve', 'start', 'mine'].includes(w)) && !argv.some((w) => w.includes('\u0000')));
    for (const argv of samples) expectCleanCli(runCli(bin, argv, tmp), `child: ${JSON.stringify(argv)}`);
    expectPreciousIntact();
  });
});
