import { describe, expect, it } from 'vitest';
import { Join, call, col, lit } from '../../../planner/ir/index.js';
import type { JoinKind } from '../../../planner/ir/rel.js';
import type { DataType, Scalar } from '../../../types/data-type.js';
import { columnFromScalars, type Column } from '../column.js';
import { buildJoinTable, type JoinTable } from '../hash/join-table.js';
import { PairBuffer } from '../hash/pair-buffer.js';
import { collect } from '../index.js';
import { rel } from './helpers.js';

/** Non-NULL rows of the key columns, as buildJoinTable expects them. */
function nonNullRows(keys: readonly Column[]): Int32Array {
  const n = keys[0]?.length ?? 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keys.every((c) => c.valid === null || c.valid[i] === 1)) out.push(i);
  return Int32Array.from(out);
}

function table(type: DataType, values: readonly Scalar[]): JoinTable {
  const keys = [columnFromScalars(type, values)];
  return buildJoinTable(keys, nonNullRows(keys), values.length);
}

/** The (probe row, build row) pairs of one probe. */
function probe(t: JoinTable, type: DataType, values: readonly Scalar[], sel: Int32Array | null = null, firstOnly = false): [number, number][] {
  const pairs = new PairBuffer();
  pairs.push(-9, -9); // probes append after what is already there
  const n = sel === null ? values.length : sel.length;
  t.probe([columnFromScalars(type, values)], sel, n, pairs, firstOnly);
  expect([pairs.p[0], pairs.b[0]]).toEqual([-9, -9]);
  const out: [number, number][] = [];
  for (let k = 1; k < pairs.n; k++) out.push([pairs.p[k] as number, pairs.b[k] as number]);
  return out;
}

const BIG = 1n << 40n;

describe('join tables', () => {
  it('picks the index by key type and density', () => {
    expect(table('int64', [5n, 6n, 7n, null]).kind).toBe('direct');
    expect(table('int64', [5n * BIG, 6n * BIG, 7n]).kind).toBe('int64');
    expect(table('int64', [0n, 1_000_000n]).kind).toBe('int64'); // range far beyond the row count
    expect(table('timestamp', [1n, 2n]).kind).toBe('direct');
    expect(table('utf8', ['a', 'b']).kind).toBe('utf8');
    expect(table('float64', [1, 2]).kind).toBe('generic');
    const two = [columnFromScalars('int64', [1n, 2n]), columnFromScalars('utf8', ['a', 'b'])];
    expect(buildJoinTable(two, nonNullRows(two), 2).kind).toBe('generic');
  });

  const cases: { name: string; type: DataType; key: (x: number) => Scalar }[] = [
    { name: 'dense int64 (direct)', type: 'int64', key: (x) => BigInt(x) },
    { name: 'sparse int64 (open addressing)', type: 'int64', key: (x) => BigInt(x) * 1_000_000_007n - 3n * BIG },
    { name: 'utf8', type: 'utf8', key: (x) => `k${x}é` },
    { name: 'float64 (generic)', type: 'float64', key: (x) => x + 0.5 },
  ];
  for (const c of cases) {
    it(`${c.name}: duplicates chain in build order, NULLs never match, selections and firstOnly`, () => {
      // build rows: 0:k1 1:k2 2:NULL 3:k1 4:k3 5:k1
      const t = table(c.type, [c.key(1), c.key(2), null, c.key(1), c.key(3), c.key(1)]);
      const probeKeys = [c.key(3), null, c.key(1), c.key(9), c.key(2)];
      expect(probe(t, c.type, probeKeys)).toEqual([[0, 4], [2, 0], [2, 3], [2, 5], [4, 1]]);
      expect(probe(t, c.type, probeKeys, null, true)).toEqual([[0, 4], [2, 0], [4, 1]]);
      expect(probe(t, c.type, probeKeys, Int32Array.from([1, 2, 3]))).toEqual([[2, 0], [2, 3], [2, 5]]);
      expect(probe(t, c.type, probeKeys, Int32Array.from([]))).toEqual([]);
      // unique build keys take the one-match path
      const u = table(c.type, [c.key(7), null, c.key(8)]);
      expect(probe(u, c.type, [c.key(8), c.key(7), null, c.key(8)])).toEqual([[0, 2], [1, 0], [3, 2]]);
    });
  }

  it('a build side whose keys are all NULL matches nothing', () => {
    for (const [type, key] of [['int64', 1n], ['utf8', 'a'], ['float64', 1]] as const) {
      const t = table(type, [null, null]);
      expect(probe(t, type, [key, null])).toEqual([]);
    }
  });

  it('a long duplicate chain grows the pair buffer', () => {
    const n = 3000;
    const t = table('int64', Array.from({ length: n }, () => 42n));
    const pairs = probe(t, 'int64', [42n, 41n, 42n]);
    expect(pairs.length).toBe(2 * n);
    expect(pairs[0]).toEqual([0, 0]);
    expect(pairs[n - 1]).toEqual([0, n - 1]);
    expect(pairs[n]).toEqual([2, 0]);
  });

  it('direct index: keys beyond int32 or far below the minimum miss', () => {
    const t = table('int64', [2147483000n, 2147483001n, 2147483002n]);
    expect(t.kind).toBe('direct');
    // -2^31 minus the minimum wraps to a small unsigned offset; 2^32 + min shares the low half
    expect(probe(t, 'int64', [-2147483648n, 2147483001n, (1n << 32n) + 2147483000n, 2147482999n, 2147483003n])).toEqual([[1, 1]]);
    const neg = table('int64', [-5n, -3n, -4n]);
    expect(neg.kind).toBe('direct');
    expect(probe(neg, 'int64', [-3n, -6n, -2n, -5n])).toEqual([[0, 1], [3, 0]]);
  });

  it('int64 table: keys equal in one 32-bit half only do not match', () => {
    const a = (1n << 32n) + 5n;
    const b = (7n << 32n) + 5n;
    const t = table('int64', [a, -a, b, -(1n << 62n)]);
    expect(t.kind).toBe('int64');
    expect(probe(t, 'int64', [5n, 7n << 32n, b, -a, a, -(1n << 62n), 1n << 62n])).toEqual([[2, 2], [3, 1], [4, 0], [5, 3]]);
  });

  it('utf8 table: distinct strings with equal hashes are told apart, the empty string is a key', () => {
    // many short strings: some share a slot or a hash, each must find only itself
    const keys = Array.from({ length: 2000 }, (_, i) => (i === 0 ? '' : `s${i.toString(36)}`));
    const t = table('utf8', keys);
    const probes = ['', 's1', 'zz-not-there', `s${(1999).toString(36)}`, 'S1'];
    expect(probe(t, 'utf8', probes)).toEqual([[0, 0], [1, 1], [3, 1999]]);
  });
});

/** A deterministic pseudo-random generator (xorshift32). */
function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

type KeyGen = (x: number) => Scalar;

/**
 * Every join kind, both build sides and several batch sizes (multi-batch
 * probes) against a straightforward reference join computed here.
 */
describe('hash join against a reference join', () => {
  const kinds: JoinKind[] = ['inner', 'left', 'right', 'full', 'semi', 'anti'];
  const keyKinds: { name: string; types: DataType[]; keys: KeyGen[] }[] = [
    { name: 'dense int64', types: ['int64'], keys: [(x) => BigInt(x)] },
    { name: 'wide-range int64', types: ['int64'], keys: [(x) => BigInt(x) * 123_456_789_013n - (1n << 60n)] },
    { name: 'utf8', types: ['utf8'], keys: [(x) => `key-${x}`] },
    { name: 'int64 + utf8', types: ['int64', 'utf8'], keys: [(x) => BigInt(x % 3), (x) => `k${x % 4}`] },
    { name: 'two int64', types: ['int64', 'int64'], keys: [(x) => BigInt(x % 3) << 40n, (x) => BigInt(x % 5)] },
  ];

  function side(r: () => number, n: number, spec: { types: DataType[]; keys: KeyGen[] }, tag: string): Scalar[][] {
    const rows: Scalar[][] = [];
    for (let i = 0; i < n; i++) {
      const x = Math.floor(r() * 12);
      // about one key in eight is NULL
      rows.push([...spec.keys.map((k) => (r() < 0.125 ? null : k(x))), `${tag}${i}`]);
    }
    return rows;
  }

  /** With `residual`, pairs must also satisfy a.v <> 'l3' and b.v <> 'r5' (one column of each side). */
  function reference(kind: JoinKind, l: Scalar[][], r: Scalar[][], nk: number, residual: boolean): string[] {
    const eq = (a: Scalar[], b: Scalar[]): boolean => {
      for (let j = 0; j < nk; j++) if (a[j] === null || b[j] === null || a[j] !== b[j]) return false;
      return !residual || (a[nk] !== 'l3' && b[nk] !== 'r5');
    };
    const nullL = Array<Scalar>(nk + 1).fill(null);
    const nullR = Array<Scalar>(nk + 1).fill(null);
    const out: Scalar[][] = [];
    const rightHit = new Set<number>();
    for (const a of l) {
      const m = r.filter((b) => eq(a, b));
      m.forEach((b) => rightHit.add(r.indexOf(b)));
      if (kind === 'semi') { if (m.length > 0) out.push(a); continue; }
      if (kind === 'anti') { if (m.length === 0) out.push(a); continue; }
      for (const b of m) out.push([...a, ...b]);
      if (m.length === 0 && (kind === 'left' || kind === 'full')) out.push([...a, ...nullR]);
    }
    if (kind === 'right' || kind === 'full') r.forEach((b, j) => { if (!rightHit.has(j)) out.push([...nullL, ...b]); });
    return sortRows(out);
  }

  function sortRows(rows: Scalar[][]): string[] {
    return rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
  }

  for (const spec of keyKinds) {
    it(`${spec.name} keys: every kind, both build sides, multi-batch probes`, () => {
      const r = rng(spec.name.length * 7919);
      for (let round = 0; round < 4; round++) {
        const l = side(r, 1 + Math.floor(r() * 40), spec, 'l');
        const rr = side(r, Math.floor(r() * 40), spec, 'r');
        const fields = (p: string): [string, DataType][] => [...spec.types.map((t, j): [string, DataType] => [`${p}${j}`, t]), [`${p}v`, 'utf8']];
        const lRel = rel(fields('a'), l);
        const rRel = rel(fields('b'), rr);
        const nk = spec.types.length;
        const conds = spec.types.map((_, j) => call('eq', col(j), col(nk + 1 + j)));
        const keysOnly = conds.length === 1 ? (conds[0] as ReturnType<typeof call>) : call('and', ...conds);
        const withResidual = call('and', call('and', keysOnly, call('ne', col(nk), lit('l3'))), call('ne', col(2 * nk + 1), lit('r5')));
        for (const [kind, residual] of kinds.flatMap((k) => [[k, false], [k, true]] as const)) {
          const want = reference(kind, l, rr, nk, residual);
          const join = Join.create(lRel, rRel, kind, residual ? withResidual : keysOnly);
          for (const buildSide of ['left', 'right'] as const) {
            for (const batchSize of [1, 3, 64]) {
              const got = collect({ root: join, access: new Map(), joins: new Map([[join, { algorithm: 'hash', buildSide }]]) }, { batchSize }).arrays();
              expect(sortRows(got), `${kind}${residual ? ' + residual' : ''} build ${buildSide} batch ${batchSize}`).toEqual(want);
            }
          }
        }
      }
    });
  }

  it('a residual condition still sees every candidate pair of a semi or anti join', () => {
    const l = rel([['k', 'int64'], ['x', 'int64']], [[1n, 5n], [1n, 1n], [2n, 9n], [null, 0n]]);
    const r = rel([['k', 'int64'], ['y', 'int64']], [[1n, 0n], [1n, 3n], [2n, 10n]]);
    // l.x > r.y: (1,5) matches the second r row only; (1,1) matches the first; (2,9) none
    const cond = call('and', call('eq', col(0), col(2)), call('gt', col(1), col(3)));
    for (const buildSide of ['left', 'right'] as const) {
      const run = (kind: JoinKind): string[] => {
        const j = Join.create(l, r, kind, cond);
        return sortRows(collect({ root: j, access: new Map(), joins: new Map([[j, { algorithm: 'hash', buildSide }]]) }, { batchSize: 2 }).arrays());
      };
      expect(run('semi')).toEqual(sortRows([[1n, 5n], [1n, 1n]]));
      expect(run('anti')).toEqual(sortRows([[2n, 9n], [null, 0n]]));
    }
  });
});
