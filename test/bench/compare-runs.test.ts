/** The regression check: flags only changes beyond max(3×RME, spread) of both runs, in the right direction per unit. */
import { describe, expect, it } from 'vitest';
import { compareRuns, higherIsBetter, noiseOf, UNMEASURED_NOISE } from '../../bench/lib/compare-runs.js';
import { parseRun } from '../../bench/lib/load-runs.js';
import { result, run } from './synthetic-runs.js';

describe('compareRuns', () => {
  const before = run('2026-01-01T00:00:00Z', [result('exec', 'sum', 10, 0.02, 1), result('exec', 'join', 50, 0.02, 2), result('exec', 'noisy', 20, 0.4, 3), result('exec', 'gone', 5, 0.02, 4)]);
  const after = run('2026-01-02T00:00:00Z', [result('exec', 'sum', 13, 0.02, 5), result('exec', 'join', 40, 0.02, 6), result('exec', 'noisy', 26, 0.4, 7), result('exec', 'new', 1, 0.02, 8)]);
  const cs = compareRuns(before, after);
  const by = new Map(cs.map((c) => [c.name, c]));

  it('matches by suite and name and skips results present in one run only', () => {
    expect(cs.map((c) => c.name).sort()).toEqual(['join', 'noisy', 'sum']);
  });
  it('flags a 30 % slowdown with 2 % jitter as a regression and a 20 % speed-up as an improvement', () => {
    expect(by.get('sum')?.verdict).toBe('regression');
    expect(by.get('sum')?.change).toBeGreaterThan(0.25);
    expect(by.get('join')?.verdict).toBe('improvement');
  });
  it('calls the same 30 % change within noise when the runs measured ±40 % spread', () => {
    const n = by.get('noisy');
    expect(n?.verdict).toBe('within-noise');
    expect(n?.noise).toBeGreaterThan(0.5);
  });
  it('noise is max(3×RME, spread); one measurement gets the fixed band', () => {
    const r = result('s', 'x', 10, 0.1, 9);
    const s = r.stats!;
    expect(noiseOf(r)).toBeCloseTo(Math.max((3 * s.rme) / 100, (s.max - s.min) / s.median), 10);
    expect(noiseOf({ suite: 's', name: 'y', value: 1, unit: 'ms' })).toBe(UNMEASURED_NOISE);
  });
  it('a drop in a rate is a regression', () => {
    expect(higherIsBetter('rows/s')).toBe(true);
    expect(higherIsBetter('ms')).toBe(false);
    const b = run('a', [{ suite: 's', name: 'ingest', value: 1000, unit: 'rows/s' }]);
    const a = run('b', [{ suite: 's', name: 'ingest', value: 500, unit: 'rows/s' }]);
    expect(compareRuns(b, a)[0]?.verdict).toBe('regression');
  });
  it('reads the older result format (machine as a string, no stats)', () => {
    const r = parseRun(JSON.stringify({ machine: 'x64 2x cpu', date: '2026-11-22T00:00:00Z', results: [{ suite: 'a', name: 'b', value: 3, unit: 'ms' }] }));
    expect(r.machine.cpuModel).toBe('x64 2x cpu');
    expect(r.results[0]?.value).toBe(3);
    expect(() => parseRun('{"nope":1}')).toThrow(/results/);
  });
});
