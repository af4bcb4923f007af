/**
 * `pyralog demo` in-process: imports Chinook on the first run only, runs its
 * queries, and explains the last one; declares Chinook's foreign keys, also
 * on a later run over a database that lacks them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { open } from '../../src/index.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-demo-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function demo(): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, cwd: tmp, env: {} };
  const code = await main(['demo', '--db', 'data'], context);
  return { code, stdout, stderr };
}

describe('pyralog demo', () => {
  it('imports the sample once, prints query results and a plan with a point lookup', async () => {
    const first = await demo();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Importing the Chinook sample data');
    expect(first.stdout).toMatch(/ {2}tracks +3503 rows\n/);
    expect(first.stdout).toMatch(/\| Iron Maiden +\| +213 \|/);
    expect(first.stdout).toMatch(/\| USA +\| +91 \|/);
    expect(first.stdout).toMatch(/\| +5 \| 2009-01-11T00:00:00\.000000000 \| John +\| Gordon +\| 13\.86 \|/);
    expect(first.stdout).toContain('== rule trace ==');
    expect(first.stdout).toMatch(/Scan: invoices .*\[point_get \(5\)\]/);
    expect(first.stdout).toContain("Try your own: npx pyralog query --db data 'from albums | take 3'");

    const second = await demo();
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('Importing');
    expect(second.stdout).toMatch(/\| Iron Maiden +\| +213 \|/);
  });

  it("declares Chinook's foreign keys, and a database from before them gets them on the next run", async () => {
    const list = (): string[] => {
      const db = open(path.join(tmp, 'data'));
      try {
        return db.foreignKeys().map((k) => `${k.table}.${k.columns.join(',')}->${k.references.table}(${k.references.columns.join(',')})`).sort();
      } finally {
        db.close();
      }
    };
    const expected = [
      'albums.artist_id->artists(artist_id)',
      'customers.support_rep_id->employees(employee_id)',
      'employees.reports_to->employees(employee_id)',
      'invoice_items.invoice_id->invoices(invoice_id)',
      'invoice_items.track_id->tracks(track_id)',
      'invoices.customer_id->customers(customer_id)',
      'playlist_track.playlist_id->playlists(playlist_id)',
      'playlist_track.track_id->tracks(track_id)',
      'tracks.album_id->albums(album_id)',
      'tracks.genre_id->genres(genre_id)',
      'tracks.media_type_id->media_types(media_type_id)',
    ];
    expect(list()).toEqual(expected);
    // as if the database came from before foreign keys: drop two, run the demo again
    const db = open(path.join(tmp, 'data'));
    db.dropForeignKey('tracks', 'tracks_album_id_fkey');
    db.dropForeignKey('employees', 'employees_reports_to_fkey');
    db.close();
    const again = await demo();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Declared 2 foreign keys');
    expect(again.stdout).not.toContain('Importing');
    expect(list()).toEqual(expected);
    expect((await demo()).stdout).not.toContain('Declared');
  });
});
