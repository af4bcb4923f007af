/**
 * `pyralog schema` and `pyralog import --references`: foreign keys declared
 * at import, listed with columns and keys (text and JSON), added and dropped
 * with `schema fk`, usage errors coded CLI_USAGE (exit 2) and catalog
 * refusals coded (exit 1); once through the built `pyralog` executable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureContext } from '../../src/cli/__tests__/capture-context.js';
import { main } from '../../src/cli/main.js';
import { open } from '../../src/index.js';
import { buildCliPackage, runCli } from './cli-child.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-cli-schema-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function pyralog(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = captureContext(tmp);
  const code = await main(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

beforeAll(() => {
  fs.writeFileSync(path.join(tmp, 'artists.csv'), 'artist_id,name\n1,AC/DC\n2,Accept\n');
  fs.writeFileSync(path.join(tmp, 'albums.csv'), 'album_id,title,artist_id\n1,For Those About To Rock,1\n2,Balls to the Wall,2\n');
  fs.writeFileSync(path.join(tmp, 'staff.csv'), 'id,boss\n1,\n2,1\n');
});

describe('pyralog import --references and pyralog schema', () => {
  it('import declares the foreign key after the file is in', async () => {
    expect((await pyralog('import', '--db', 'db', '--key', 'artist_id', 'artists.csv')).code).toBe(0);
    const r = await pyralog('import', '--db', 'db', '--key', 'album_id', '--references', 'artist_id=artists(artist_id)', 'albums.csv');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^albums: 2 rows in [\d.]+ s\nalbums: foreign key albums_artist_id_fkey \(artist_id\) -> artists\(artist_id\)\n$/);
  });

  it('a qualified --references for a table the import does not make, or malformed text, is CLI_USAGE', async () => {
    const bad = await pyralog('import', '--db', 'db', '--key', 'id', '--references', 'staff.boss=staff(id)', '--references', 'nope', 'staff.csv');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error\[CLI_USAGE\]: import: --references wants \[TABLE\.\]COL\[,COL\]=REFTABLE\(COL\[,COL\]\), got "nope"/);
    const other = await pyralog('import', '--db', 'db', '--key', 'id', '--references', 'people.boss=staff(id)', 'staff.csv');
    expect(other.code).toBe(2);
    expect(other.err).toContain('error[CLI_USAGE]: import: --references names table people, which this import did not create (it made staff)');
  });

  it('schema TABLE prints columns, key and foreign keys', async () => {
    const r = await pyralog('schema', '--db', 'db', 'albums');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      ['albums  key (album_id)', '  album_id   int64 not null', '  title      utf8', '  artist_id  int64', '  foreign key albums_artist_id_fkey: (artist_id) -> artists(artist_id)', ''].join('\n'),
    );
    const all = await pyralog('schema', '--db', 'db');
    expect(all.out.match(/^\S+ {2}key/gm)).toEqual(['artists  key', 'albums  key', 'staff  key']);
  });

  it('schema fk add (self reference, --name, --enforced), --json, fk drop', async () => {
    const add = await pyralog('schema', '--db', 'db', 'fk', 'add', 'staff', 'boss', 'staff(id)', '--name', 'reports_to', '--enforced');
    expect(add.err).toBe('');
    expect(add.out).toBe('staff: added foreign key reports_to (boss) -> staff(id) enforced\n');
    const json = await pyralog('schema', '--db', 'db', 'staff', '--json');
    expect(JSON.parse(json.out)).toEqual({
      tables: [
        {
          name: 'staff',
          columns: [
            { name: 'id', type: 'int64', nullable: false },
            { name: 'boss', type: 'int64', nullable: true },
          ],
          primaryKey: ['id'],
          foreignKeys: [{ name: 'reports_to', columns: ['boss'], references: { table: 'staff', columns: ['id'] }, enforced: true }],
        },
      ],
    });
    const db = open(path.join(tmp, 'db'));
    try {
      expect(() => db.table('staff').insert([{ id: 3n, boss: 99n }])).toThrow(/FOREIGN_KEY_VIOLATION|breaks foreign key reports_to/);
    } finally {
      db.close();
    }
    const drop = await pyralog('schema', '--db', 'db', 'fk', 'drop', 'staff', 'reports_to');
    expect(drop.out).toBe('staff: dropped foreign key reports_to\n');
    expect((await pyralog('schema', '--db', 'db', 'staff')).out).not.toContain('foreign key');
  });

  it('usage errors exit 2 with CLI_USAGE; catalog refusals exit 1 with their code', async () => {
    const usage = [
      ['schema', '--db', 'db', 'fk', 'add', 'albums', 'artist_id', 'artists'],
      ['schema', '--db', 'db', 'fk', 'frob'],
      ['schema', '--db', 'db', 'fk', 'drop', 'albums'],
      ['schema', '--db', 'db', 'albums', 'artists'],
      ['schema', '--db', 'db', 'albums', '--enforced'],
    ];
    for (const argv of usage) {
      const r = await pyralog(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^error\[CLI_USAGE\]: schema/);
    }
    const cases: [string[], string][] = [
      [['schema', '--db', 'db', 'fk', 'drop', 'albums', 'nope'], 'UNKNOWN_FOREIGN_KEY'],
      [['schema', '--db', 'db', 'fk', 'add', 'albums', 'title', 'artists(artist_id)'], 'INVALID_FOREIGN_KEY'],
      [['schema', '--db', 'db', 'fk', 'add', 'albums', 'artist_id', 'artists(artist_id)'], 'FOREIGN_KEY_EXISTS'],
      [['schema', '--db', 'db', 'ghost'], 'UNKNOWN_TABLE'],
      [['import', '--db', 'db', '--key', 'artist_id', '--replace', 'artists.csv'], 'FOREIGN_KEY_DEPENDENCY'],
      [['schema', '--db', 'missing-db'], 'DATABASE_NOT_FOUND'],
    ];
    for (const [argv, code] of cases) {
      const r = await pyralog(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toMatch(new RegExp(`^error\\[${code}\\]`));
    }
    expect(fs.existsSync(path.join(tmp, 'missing-db'))).toBe(false);
  });

  it('runs as the pyralog executable', () => {
    const r = runCli(buildCliPackage(), ['schema', '--db', 'db', 'albums'], tmp);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  foreign key albums_artist_id_fkey: (artist_id) -> artists(artist_id)\n');
  }, 120_000);
});
