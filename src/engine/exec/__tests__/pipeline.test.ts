import { describe, expect, it } from 'vitest';
import { Distinct, Filter, Limit, Project, SetOp, Sort, asc, call, col, inList, lit } from '../../../planner/ir/index.js';
import { rel, run } from './helpers.js';

const t = rel(
  [['k', 'int64'], ['s', 'utf8']],
  Array.from({ length: 40 }, (_, i) => [BigInt(i % 6), i % 4 === 0 ? null : `s${i % 3}`]),
);

describe('operators chained over selection vectors and batch boundaries', () => {
  it('filter -> distinct -> sort', () => {
    const plan = Sort.create(Distinct.create(Filter.create(t, call('gt', col(0), lit(2n)))), [asc(col(0)), asc(col(1))]);
    // rows i with i % 6 in {3,4,5}: pairs (k, s) as produced by i = 0..39
    const want = new Set<string>();
    for (let i = 0; i < 40; i++) if (i % 6 > 2) want.add(`${i % 6}|${i % 4 === 0 ? 'null' : `s${i % 3}`}`);
    const got = run(plan, { batchSize: 3 }).map((r) => `${r[0]}|${r[1]}`);
    expect(new Set(got)).toEqual(want);
    expect(got.length).toBe(want.size);
  });

  it('filter with an IN list of strings -> project -> limit', () => {
    const plan = Limit.create(
      Project.create(Filter.create(t, inList(col(1), [lit('s1'), lit('s2')])), [{ expr: call('concat', col(1), lit(':'), call('to_text', col(0))), name: 'x' }]),
      1,
      4,
    );
    const all: string[] = [];
    for (let i = 0; i < 40; i++) if (i % 4 !== 0 && i % 3 !== 0) all.push(`s${i % 3}:${i % 6}`);
    expect(run(plan, { batchSize: 3 }).map((r) => r[0])).toEqual(all.slice(1, 5));
  });

  it('union of filtered inputs keeps NULL rows once', () => {
    const a = Filter.create(t, call('is_null', col(1)));
    const b = Filter.create(t, call('eq', col(0), lit(0n)));
    const got = run(SetOp.create('union', a, b), { batchSize: 4 }).map((r) => `${r[0]}|${r[1]}`).sort();
    const want = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const s = i % 4 === 0 ? 'null' : `s${i % 3}`;
      if (i % 4 === 0 || i % 6 === 0) want.add(`${i % 6}|${s}`);
    }
    expect(got).toEqual([...want].sort());
  });
});
