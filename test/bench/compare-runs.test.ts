/** The regression check: flags only changes beyond max(3×RME, spread) of both runs, in the right direction per unit. */
import { describe, expect, it } from 'vitest';
import { comparabilityWarnings, compareRuns, higherIsBetter, noiseOf, UNMEASURED_NOISE } from '../../bench/lib/compare-runs.js';
import { statsOf } from '../../bench/lib/harness.js';
import { fromStats, MS, rate } from '../../bench/lib/result.js';
import { spreadOf } from '../../bench/lib/spread.js';
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
  it('warns when a quick run is compared with a full one, or runs come from different machines', () => {
    const full = { ...run('a', []), quick: false };
    expect(comparabilityWarnings(before, after)).toEqual([]);
    const w = comparabilityWarnings(full, after);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('comparing a quick run (PYRALOG_BENCH_QUICK=1) with a full run');
    const other = { ...before, machine: { ...before.machine, cpuModel: 'Cortex-A76', arch: 'arm64', cores: 4 } };
    const m = comparabilityWarnings(other, after);
    expect(m).toHaveLength(1);
    expect(m[0]).toContain('CPU: Cortex-A76 → Synthetic CPU; cores: 4 → 2; arch: arm64 → x64');
  });
});

describe('results in their unit', () => {
  const s = statsOf([2, 4, 5], 3); // ms per operation
  it('a time is the median; a rate is work per second at the median, its spread from the slowest to the fastest sample', () => {
    const t = fromStats('s', 't', s, MS);
    expect([t.value, t.unit]).toEqual([4, 'ms']);
    expect(spreadOf(t)).toEqual([2, 5]);
    const r = fromStats('s', 'r', s, rate('M rows/s', 1e6, 1e6), { compare: { name: 'other', stats: statsOf([8], 0) } });
    expect(r.value).toBeCloseTo(250, 9); // 1e6 rows in 4 ms = 250 M rows/s
    expect(r.compare?.value).toBeCloseTo(125, 9);
    expect(r.compare?.unit).toBe('M rows/s');
    const sp = spreadOf(r)!;
    expect(sp[0]).toBeCloseTo(200, 9);
    expect(sp[1]).toBeCloseTo(500, 9);
  });
});
