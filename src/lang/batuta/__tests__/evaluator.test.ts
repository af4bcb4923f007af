import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { edn, evalEdn } from './eval-helpers.js';

async function error(text: string, options = {}): Promise<PyralogError> {
  try {
    await edn(text, options);
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('Batuta evaluator', () => {
  it('evaluates literals and exact int64 arithmetic', async () => {
    expect(await edn('(+ 1 2 3)')).toBe('6');
    expect(await edn('(* 9223372036854775807 1)')).toBe('9223372036854775807');
    expect(await edn('(/ 1 2)')).toBe('0.5');
    expect(await edn('(+ 1 1.5)')).toBe('2.5');
    expect(await edn('(quot 7 2) ')).toBe('3');
    expect(await edn('(mod -7 2)')).toBe('-1');
    expect((await error('(+ 9223372036854775807 1)')).code).toBe('NUMERIC_OVERFLOW');
  });

  it('def, defn with docstrings and several arities, fn, let', async () => {
    expect(await edn('(defn add "adds" ([a] a) ([a b] (+ a b)) ([a b & more] (reduce + (+ a b) more))) [(add 1) (add 1 2) (add 1 2 3 4)]')).toBe('[1 3 10]');
    expect(await edn('(def x 10) (let [y 2 z (* x y)] z)')).toBe('20');
    expect(await edn('((fn [a b] (- a b)) 5 3)')).toBe('2');
    expect(await edn('(map #(* % %) [1 2 3])')).toBe('(1 4 9)');
  });

  it('destructures vectors and maps', async () => {
    expect(await edn('(let [[a b & r :as all] [1 2 3 4]] [a b r all])')).toBe('[1 2 (3 4) [1 2 3 4]]');
    expect(await edn('(let [{:keys [x y] :or {y 9} :as m} {:x 1}] [x y m])')).toBe('[1 9 {:x 1}]');
    expect(await edn('(defn f [{n :name}] n) (f {:name "ann"})')).toBe('"ann"');
  });

  it('control flow: if when cond case and or loop/recur', async () => {
    expect(await edn('[(if nil 1 2) (when true 3) (cond false 1 :else 4) (case 2 1 :a (2 3) :b :c) (and 1 nil) (or nil 5)]')).toBe('[2 3 4 :b nil 5]');
    expect(await edn('(loop [i 0 acc []] (if (< i 3) (recur (inc i) (conj acc i)) acc))')).toBe('[0 1 2]');
    expect(await edn('(defn fact [n acc] (if (= n 0) acc (recur (dec n) (* n acc)))) (fact 20 1)')).toBe('2432902008176640000');
  });

  it('try/catch/throw with ex-info, and catching evaluation errors', async () => {
    expect(await edn('(try (throw (ex-info "boom" {:a 1})) (catch Exception e [(ex-message e) (ex-data e)]))')).toBe('["boom" {:a 1}]');
    expect(await edn('(try (nth [1] 5) (catch e e (ex-message e)))')).toBe('"nth: index 5 out of bounds (count 1)"');
    const e = await error('(throw (ex-info "uncaught" {}))');
    expect([e.code, e.message]).toEqual(['BATUTA_THROWN', 'uncaught']);
  });

  it('macros: defmacro, syntax-quote, gensyms, macroexpand', async () => {
    const prog = '(defmacro unless [c & body] `(if ~c nil (do ~@body))) ';
    expect(await edn(`${prog}(unless false 1 2)`)).toBe('2');
    expect(await edn(`${prog}(macroexpand-1 '(unless x a b))`)).toBe('(if x nil (do a b))');
    expect(await edn('(defmacro twice [e] `(let [v# ~e] (+ v# v#))) (macroexpand \'(twice 3))')).toBe('(let [v__1__auto__ 3] (+ v__1__auto__ v__1__auto__))');
    expect(await edn('(macroexpand \'(|> x (f 1) g))')).toBe('(g (f x 1))');
    expect(await edn("(macroexpand '(->> x (f 1)))")).toBe('(f 1 x)');
  });

  it('the standard library: collections, strings, printing', async () => {
    expect(await edn('(group-by odd? [1 2 3 4 5])')).toBe('{true [1 3 5], false [2 4]}');
    expect(await edn('(frequencies ["a" "b" "a"])')).toBe('{"a" 2, "b" 1}');
    expect(await edn('(sort-by :n [{:n 3} {:n 1}])')).toBe('({:n 1} {:n 3})');
    expect(await edn('(reduce + 0 (filter even? (range 10)))')).toBe('20');
    expect(await edn('[(str "a" 1 :k) (str/upper "ab") (str/join ", " [1 2]) (subs "hello" 1 3)]')).toBe('["a1:k" "AB" "1, 2" "el"]');
    expect(await edn('(assoc-in {:a {:b 1}} [:a :c] 2)')).toBe('{:a {:b 1, :c 2}}');
    const r = await evalEdn('(println "x" 1 [2 "y"]) (prn "x") 7');
    expect(r).toEqual({ edn: '7', out: 'x 1 [2 y]\n"x"\n' });
  });

  it('prints EDN: floats, timestamps, sets, nested values', async () => {
    expect(await edn('[1.0 -0.5 @2024-01-31 @2024-01-31T10:00:00 #{:a} "q\\"s" nil]')).toBe('[1.0 -0.5 @2024-01-31 @2024-01-31T10:00:00 #{:a} "q\\"s" nil]');
  });

  it('reports an unbound symbol at its position', async () => {
    const e = await error('(let [x 1]\n  (+ x yy))');
    expect(e.code).toBe('BATUTA_UNBOUND_SYMBOL');
    expect(e.spans[0]).toMatchObject({ line: 2, column: 8 });
    expect(e.render()).toContain('2 |   (+ x yy))\n  |        ^^');
  });

  it('has no reach into JS globals', async () => {
    for (const name of ['process', 'globalThis', 'eval', 'require-js', 'Function', 'js/process']) {
      expect((await error(name)).code).toBe('BATUTA_UNBOUND_SYMBOL');
    }
  });

  it('stops a runaway loop with the step budget, and deep recursion with the depth limit', async () => {
    const e = await error('(loop [] (recur))', { maxSteps: 10_000 });
    expect([e.code, e.message]).toEqual(['BATUTA_BUDGET_EXCEEDED', 'the program ran past its step budget (10000 steps)']);
    expect((await error('(defn f [n] (+ 1 (f n))) (f 1)')).code).toBe('BATUTA_BUDGET_EXCEEDED');
    expect((await error('(loop [v []] (recur (conj v (range 1000))))', { maxMemoryBytes: 1_000_000 })).code).toBe('BATUTA_BUDGET_EXCEEDED');
  });

  it('aborts at the next step check when the signal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const e = await error('(loop [] (recur))', { signal: controller.signal, maxSteps: 1e12 });
    expect(e.code).toBe('BATUTA_ABORTED');
  });
});
