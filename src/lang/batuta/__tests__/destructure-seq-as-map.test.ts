import { describe, expect, it } from 'vitest';
import { edn } from './eval-helpers.js';

// Map destructuring of a list (a rest argument) reads it as key value pairs,
// as Clojure does, so keyword arguments `[& {:keys [a] :or {a 9}}]` work; a
// vector is still looked up by index.
describe('map destructuring of a sequence', () => {
  it('keyword arguments through & {:keys …}', async () => {
    expect(await edn('(defn f [& {:keys [a b] :or {a 9}}] [a b]) [(f) (f :a 1) (f :b 2 :a 3) (f {:a 4})]')).toBe('[[9 nil] [1 nil] [3 2] [4 nil]]');
  });

  it(':as binds the map read from the pairs; a vector is looked up by index', async () => {
    expect(await edn("(let [{:keys [x] :as m} '(:x 1 :y 2)] [x m])")).toBe('[1 {:x 1, :y 2}]');
    expect(await edn('(let [{a 0 b 1} [5 6]] [a b])')).toBe('[5 6]');
  });

  it('an odd number of forms is an error', async () => {
    const e = await edn('(defn f [& {:keys [a]}] a)\n(f :a 1 :b)').then(
      () => undefined,
      (x: unknown) => x as { code: string; message: string },
    );
    expect(e?.code).toBe('BATUTA_EVAL_ERROR');
    expect(e?.message).toBe('no value supplied for key :b');
  });
});
