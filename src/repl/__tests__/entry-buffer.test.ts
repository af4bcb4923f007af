/** Lines → entries: commands, balanced Batuta forms, PRQL lines and paragraphs. */
import { describe, expect, it } from 'vitest';
import { EntryBuffer, type Entry } from '../entry-buffer.js';

function feed(lang: string, mode: 'interactive' | 'script', lines: readonly string[]): { entries: Entry[]; pendingAfter: boolean[] } {
  const buffer = new EntryBuffer(() => lang, mode);
  const entries: Entry[] = [];
  const pendingAfter: boolean[] = [];
  for (const line of lines) {
    entries.push(...buffer.push(line));
    pendingAfter.push(buffer.pending);
  }
  const last = buffer.end();
  if (last !== undefined) entries.push(last);
  return { entries, pendingAfter };
}

describe('EntryBuffer', () => {
  it('gathers a Batuta form over lines and sends it when it balances', () => {
    const r = feed('batuta', 'interactive', ['(defn double [x]', '', '  (* x 2))', '(double 21)']);
    expect(r.pendingAfter).toEqual([true, true, false, false]);
    expect(r.entries).toEqual([
      { kind: 'code', text: '(defn double [x]\n\n  (* x 2))' },
      { kind: 'code', text: '(double 21)' },
    ]);
  });

  it('skips blank and comment-only lines, and keeps a keyword line as code', () => {
    const r = feed('batuta', 'interactive', ['', '; note', ':tracks']);
    expect(r.entries).toEqual([{ kind: 'code', text: ':tracks' }]);
  });

  it('recognises commands only at the start of an entry', () => {
    const r = feed('batuta', 'interactive', [':tables', ':schema  tracks ', '(f', ':tables)']);
    expect(r.entries).toEqual([
      { kind: 'meta', name: 'tables', arg: '' },
      { kind: 'meta', name: 'schema', arg: 'tracks' },
      { kind: 'code', text: '(f\n:tables)' },
    ]);
  });

  it('lets :explain span lines by the language rules', () => {
    const r = feed('batuta', 'interactive', [':explain (|> (from :tracks)', '  (limit 3))']);
    expect(r.entries).toEqual([{ kind: 'meta', name: 'explain', arg: '(|> (from :tracks)\n  (limit 3))' }]);
  });

  it('PRQL on a terminal: a line runs unless it ends in | or leaves a bracket open; a blank line submits', () => {
    const r = feed('prql', 'interactive', ['from tracks', 'from tracks |', '  take 3', 'from t | select {a,', '', 'x']);
    expect(r.pendingAfter).toEqual([false, true, false, true, false, false]);
    expect(r.entries.map((e) => (e.kind === 'code' ? e.text : e.name))).toEqual(['from tracks', 'from tracks |\n  take 3', 'from t | select {a,', 'x']);
  });

  it('piped PRQL is read in paragraphs; a command line ends the paragraph before it', () => {
    const r = feed('prql', 'script', ['from tracks', 'take 3', '', '', 'from albums', ':tables', 'from artists', 'take 1']);
    expect(r.entries).toEqual([
      { kind: 'code', text: 'from tracks\ntake 3' },
      { kind: 'code', text: 'from albums' },
      { kind: 'meta', name: 'tables', arg: '' },
      { kind: 'code', text: 'from artists\ntake 1' },
    ]);
  });

  it('hands over an unfinished form at the end of input, so the reader can report it', () => {
    expect(feed('batuta', 'script', ['(+ 1', '  2']).entries).toEqual([{ kind: 'code', text: '(+ 1\n  2' }]);
  });

  it('clear() forgets the unfinished entry (Ctrl-C)', () => {
    const buffer = new EntryBuffer(() => 'batuta', 'interactive');
    expect(buffer.push('(foo')).toEqual([]);
    expect(buffer.pending).toBe(true);
    buffer.clear();
    expect(buffer.pending).toBe(false);
    expect(buffer.push('(bar)')).toEqual([{ kind: 'code', text: '(bar)' }]);
  });
});
