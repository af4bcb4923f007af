import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnFromValues } from '../../arrow/column-ops.js';
import { compareBytes } from '../../kv/bytes.js';
import { mergeRuns, type MergedRun, type MergeSource } from '../merge-runs.js';

/** One source of a generated merge input, with what the reference model needs. */
interface Part {
  readonly keys: readonly Uint8Array[];
  readonly dead: readonly boolean[];
  readonly start: number;
  readonly end: number;
  readonly emit: boolean;
  readonly rank: number;
  readonly bounds: 'none' | 'exact' | 'segment';
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function sourceOf(p: Part): MergeSource & { readonly reads: { n: number } } {
  const col = columnFromValues('binary', p.keys as Uint8Array[]);
  const reads = { n: 0 };
  const lo = p.bounds === 'exact' ? p.start : 0;
  const hi = p.bounds === 'exact' ? p.end - 1 : p.keys.length - 1;
  return {
    reads,
    get keys() {
      reads.n++;
      return col;
    },
    ...(p.bounds !== 'none' && p.end > p.start ? { bounds: { low: p.keys[lo]!, high: p.keys[hi]! } } : {}),
    start: p.start,
    end: p.end,
    deleted: p.dead.some((d) => d) ? (i: number) => p.dead[i]! : null,
    emit: p.emit,
    rank: p.rank,
  };
}

/** What the merge must produce, row by row: the newest version of each key, per the reference model. */
function expected(parts: readonly Part[], keepTombstones: boolean): string[] {
  const newest = new Map<string, { rank: number; source: number; row: number; key: Uint8Array }>();
  parts.forEach((p, source) => {
    for (let row = p.start; row < p.end; row++) {
      const k = hex(p.keys[row]!);
      const had = newest.get(k);
      if (had === undefined || p.rank < had.rank) newest.set(k, { rank: p.rank, source, row, key: p.keys[row]! });
    }
  });
  return [...newest.values()]
    .sort((a, b) => compareBytes(a.key, b.key))
    .filter((w) => parts[w.source]!.emit && (keepTombstones || !parts[w.source]!.dead[w.row]))
    .map((w) => `${w.source}:${w.row}:${parts[w.source]!.dead[w.row] ? 'dead' : 'live'}`);
}

function flatten(runs: readonly MergedRun[]): string[] {
  const out: string[] = [];
  for (const r of runs) for (let i = 0; i < r.length; i++) out.push(`${r.source}:${r.start + i}:${r.tombstone ? 'dead' : 'live'}`);
  return out;
}

/** Keys over a small alphabet with a shared prefix, so the 6-byte numeric heads tie and bytes decide. */
const keyArb = fc
  .tuple(fc.constantFrom(0, 3, 7), fc.array(fc.constantFrom(0, 1, 2, 254, 255), { minLength: 0, maxLength: 9 }))
  .map(([p, tail]) => Uint8Array.from([...new Array<number>(p).fill(9), ...tail]));

interface RunSpec {
  readonly keys: readonly Uint8Array[];
  readonly cuts: readonly number[];
  readonly seeds: readonly number[];
}

const runArb: fc.Arbitrary<RunSpec> = fc.record({
  keys: fc.uniqueArray(keyArb, { minLength: 0, maxLength: 40, selector: hex }),
  cuts: fc.array(fc.nat(), { minLength: 0, maxLength: 3 }),
  seeds: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
});

/** Splits a run's sorted keys at the cuts into disjoint parts with random tombstones, emit flags, row ranges and bounds. */
function partsOf(runs: readonly RunSpec[]): Part[] {
  const parts: Part[] = [];
  runs.forEach((spec, rank) => {
    const keys = [...spec.keys].sort(compareBytes);
    const edges = [...new Set([0, keys.length, ...spec.cuts.map((c) => c % (keys.length + 1))])].sort((a, b) => a - b);
    for (let e = 0; e + 1 < edges.length; e++) {
      const pk = keys.slice(edges[e]!, edges[e + 1]!);
      const s = (i: number): number => spec.seeds[(i + e) % spec.seeds.length]!;
      const start = s(0) % 3 === 0 ? s(1) % (pk.length + 1) : 0;
      const end = s(2) % 3 === 0 ? start + (s(3) % (pk.length - start + 1)) : pk.length;
      parts.push({
        keys: pk,
        dead: pk.map((_, i) => (s(4) + i * s(5)) % 5 === 0),
        start,
        end,
        emit: s(6) % 6 !== 0,
        rank,
        bounds: (['none', 'exact', 'segment'] as const)[s(7) % 3]!,
      });
    }
  });
  return parts;
}

describe('mergeRuns', () => {
  it('matches a newest-wins model for overlapping runs, multi-source ranks, cuts, tombstones and mask-only sources', () => {
    fc.assert(
      fc.property(fc.array(runArb, { minLength: 1, maxLength: 7 }), fc.boolean(), (runs, keepTombstones) => {
        const parts = partsOf(runs);
        const runsOut = [...mergeRuns(parts.map(sourceOf), keepTombstones)];
        expect(flatten(runsOut)).toEqual(expected(parts, keepTombstones));
        for (let i = 0; i < runsOut.length; i++) {
          const r = runsOut[i]!;
          expect(r.length).toBeGreaterThan(0);
          const prev = runsOut[i - 1];
          // Consecutive rows of one source with the same tombstone state come out as one run.
          if (prev) expect(prev.source === r.source && prev.start + prev.length === r.start && prev.tombstone === r.tombstone).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('concatenates disjoint sources with bounds without reading their keys', () => {
    const key = (i: number): Uint8Array => Uint8Array.of(2, 0, i >> 8, i & 255);
    const mk = (first: number, n: number, rank: number): Part => ({
      keys: Array.from({ length: n }, (_, i) => key(first + i)),
      dead: new Array<boolean>(n).fill(false),
      start: 0,
      end: n,
      emit: true,
      rank,
      bounds: 'exact',
    });
    // Newest first, key ranges interleaved across ranks but never overlapping.
    const parts = [mk(200, 50, 0), mk(0, 100, 1), mk(300, 10, 1), mk(100, 100, 2)];
    const sources = parts.map(sourceOf);
    const runs = [...mergeRuns(sources)];
    expect(runs.map((r) => [r.source, r.start, r.length])).toEqual([
      [1, 0, 100],
      [3, 0, 100],
      [0, 0, 50],
      [2, 0, 10],
    ]);
    expect(sources.map((s) => s.reads.n)).toEqual([0, 0, 0, 0]);
  });

  it('gallops: long runs of one source between another source keys come out whole', () => {
    const key = (i: number): Uint8Array => Uint8Array.of(2, 0, 0, 0, 0, 0, 0, i >> 8, i & 255);
    const a: Part = { keys: Array.from({ length: 1000 }, (_, i) => key(i)), dead: new Array<boolean>(1000).fill(false), start: 0, end: 1000, emit: true, rank: 1, bounds: 'segment' };
    // The newer source replaces keys 100, 500 and 900 and deletes 501.
    const b: Part = { keys: [key(100), key(500), key(501), key(900)], dead: [false, false, true, false], start: 0, end: 4, emit: true, rank: 0, bounds: 'exact' };
    const runs = [...mergeRuns([b, a].map(sourceOf))];
    expect(runs.map((r) => [r.source, r.start, r.length])).toEqual([
      [1, 0, 100],
      [0, 0, 1],
      [1, 101, 399],
      [0, 1, 1],
      [1, 502, 398],
      [0, 3, 1],
      [1, 901, 99],
    ]);
    const withDead = [...mergeRuns([b, a].map(sourceOf), true)];
    expect(withDead.filter((r) => r.tombstone).map((r) => [r.source, r.start, r.length])).toEqual([[0, 2, 1]]);
  });

  it('skips everything hidden by a mask-only newer source, and yields nothing for empty input', () => {
    const key = (i: number): Uint8Array => Uint8Array.of(i);
    const old: Part = { keys: [1, 2, 3, 4].map(key), dead: [false, false, false, false], start: 0, end: 4, emit: true, rank: 1, bounds: 'none' };
    const mask: Part = { keys: [2, 3].map(key), dead: [false, true], start: 0, end: 2, emit: false, rank: 0, bounds: 'exact' };
    expect(flatten([...mergeRuns([mask, old].map(sourceOf))])).toEqual(['1:0:live', '1:3:live']);
    expect([...mergeRuns([])]).toEqual([]);
  });
});
