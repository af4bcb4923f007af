/** The history file: PYRALOG_HISTORY or ~/.pyralog_history, oldest line first on disk, newest first for readline. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HISTORY_SIZE, historyPath, loadHistory, saveHistory } from '../history-file.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyralog-history-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('history file', () => {
  it('is PYRALOG_HISTORY when set, off when set empty, else in HOME', () => {
    expect(historyPath({ PYRALOG_HISTORY: '/x/h', HOME: '/home/u' })).toBe('/x/h');
    expect(historyPath({ PYRALOG_HISTORY: '', HOME: '/home/u' })).toBeUndefined();
    expect(historyPath({ HOME: '/home/u' })).toBe(path.join('/home/u', '.pyralog_history'));
  });

  it('round-trips, oldest first on disk, capped at HISTORY_SIZE', () => {
    const file = path.join(tmp, 'h1');
    expect(loadHistory(file)).toEqual([]);
    expect(saveHistory(file, ['(c)', '(b)', '(a)'])).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe('(a)\n(b)\n(c)\n');
    expect(loadHistory(file)).toEqual(['(c)', '(b)', '(a)']);
    const many = Array.from({ length: HISTORY_SIZE + 5 }, (_, i) => `q${i}`);
    saveHistory(file, many);
    const back = loadHistory(file);
    expect(back.length).toBe(HISTORY_SIZE);
    expect(back[0]).toBe('q0');
    expect(back.at(-1)).toBe(`q${HISTORY_SIZE - 1}`);
  });

  it('reports an unwritable file instead of throwing', () => {
    const problem = saveHistory(path.join(tmp, 'no-such-dir', 'h'), ['x']);
    expect(problem).toMatch(/^cannot write the history file .*no-such-dir/);
  });
});
