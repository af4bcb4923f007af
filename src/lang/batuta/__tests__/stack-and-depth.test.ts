/**
 * What an attacker (or an unlucky program) can nest: recursive macros, deep
 * macro output, deep and self-referential values, a million spread
 * arguments, Object.prototype names. Each ends in a registered PyralogError
 * at a source position, never a JS RangeError or a wrong value.
 */
import { describe, expect, it } from 'vitest';
import { PyralogError } from '../../../errors/pyralog-error.js';
import { readBatuta } from '../../../grammars/batuta/read-batuta.js';
import { compileHost } from '../index.js';
import { MAX_PRINT_DEPTH, toJsonValue } from '../printer.js';
import { createRuntime, runProgram } from '../program.js';
import { edn } from './eval-helpers.js';

async function error(text: string): Promise<PyralogError> {
  try {
    await edn(text);
  } catch (e) {
    if (e instanceof PyralogError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

const deepVector = (n: number): string => `(def v (reduce (fn [a _] [a]) 1 (range ${n})))`;

describe('Batuta: nesting at run time', () => {
  it('a macro whose expansion never ends is an error at the call', async () => {
    const e = await error('(defmacro m [] `(m))\n(m)');
    expect([e.code, e.message, e.spans[0]?.line, e.spans[0]?.column]).toEqual(['BATUTA_EVAL_ERROR', 'macro expansion does not end', 2, 1]);
  });

  it('deep macro output and deep recursion run out of stack as BATUTA_BUDGET_EXCEEDED with a position', async () => {
    for (const text of ['(defmacro deep [n] (if (= n 0) 1 `(do (deep ~(dec n)))))\n(deep 5000)', '(defn f [n] (if (= n 0) 0 (inc (f (dec n)))))\n(f 100000)']) {
      const e = await error(text);
      expect(e.code).toBe('BATUTA_BUDGET_EXCEEDED');
      expect(e.message).toMatch(/nested too deeply \(stack exhausted\)$/);
      expect(e.spans[0]?.line).toBe(1);
      expect(e.withSource(text).render()).toContain('^');
    }
    // Shallow enough, the same macro works.
    expect(await edn('(defmacro deep [n] (if (= n 0) 1 `(do (deep ~(dec n)))))\n(deep 50)')).toBe('1');
  });

  it('a |> pipeline of hundreds of steps runs; one of tens of thousands is a located budget error that says so', async () => {
    expect(await edn(`(|> 0${' inc'.repeat(300)})`)).toBe('300');
    const e = await error(`(|> 0${' inc'.repeat(50_000)})`);
    expect(e.code).toBe('BATUTA_BUDGET_EXCEEDED');
    expect(e.spans[0]?.line).toBe(1);
    expect(e.hints.join(' ')).toContain('|> pipeline of thousands of steps');
  });

  it(`a value nested up to ${MAX_PRINT_DEPTH} deep prints; deeper is BATUTA_BUDGET_EXCEEDED at the form that prints it`, async () => {
    expect(await edn(`${deepVector(900)}\n(count (pr-str v))`)).toBe(String(2 * 900 + 1));
    expect(await edn(`${deepVector(100_000)}\n(count v)`)).toBe('1');
    const result = await error(`${deepVector(100_000)}\nv`);
    expect([result.code, result.message, result.spans[0]?.line, result.spans[0]?.column]).toEqual([
      'BATUTA_BUDGET_EXCEEDED',
      `the result is nested more than ${MAX_PRINT_DEPTH} deep to print`,
      2,
      1,
    ]);
    const str = await error(`${deepVector(100_000)}\n(count (str v))`);
    expect([str.code, str.message, str.spans[0]?.column]).toEqual(['BATUTA_BUDGET_EXCEEDED', `the value is nested more than ${MAX_PRINT_DEPTH} deep to print`, 8]);
    // Hashing, flattening: recursion inside a built-in is the same budget error at the call.
    const set = await error('(def v (reduce (fn [a _] {:a a}) 1 (range 100000)))\n(hash-set v)');
    expect([set.code, set.spans[0]?.line, set.spans[0]?.column]).toEqual(['BATUTA_BUDGET_EXCEEDED', 2, 1]);
  });

  it('an atom that holds itself prints as #atom[…] inside itself', async () => {
    expect(await edn('(let [a (atom 1)] (reset! a a) a)')).toBe('#atom[#atom[…]]');
    expect(await edn('(def a (atom 1))\n(reset! a [a 2])\n(pr-str a)')).toBe('"#atom[[#atom[…] 2]]"');
  });

  it('apply and ~@ take a million items (no argument spreading)', async () => {
    expect(await edn('(apply + (range 1000000))')).toBe('499999500000');
    expect(await edn('(defmacro total [] `(+ ~@(range 200000)))\n(total)')).toBe('19999900000');
  });
});

describe('Batuta: Object.prototype names and small built-in fixes', () => {
  it('symbols and keywords named __proto__, constructor, toString are ordinary names', async () => {
    expect(await edn('(def __proto__ 1) (def constructor 2) (def toString 3) [__proto__ constructor toString]')).toBe('[1 2 3]');
    expect(await edn('(let [{:keys [__proto__]} {:__proto__ 7}] __proto__)')).toBe('7');
    expect((await error('hasOwnProperty')).code).toBe('BATUTA_UNBOUND_SYMBOL');
  });

  it('a map with a :__proto__ key keeps it in JSON (an own property, not the prototype)', async () => {
    const rt = createRuntime(compileHost({ table: () => undefined, tables: () => [], version: 0 }));
    const v = await runProgram('{:__proto__ {:x 1} :constructor 2}', rt);
    const json = toJsonValue(v) as Record<string, unknown>;
    expect(JSON.stringify(json)).toBe('{"__proto__":{"x":1},"constructor":2}');
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(readBatuta('{:__proto__ 1}')).toHaveLength(1);
  });

  it('keyword of nil is nil; name of a number is an error; nth names the exact index', async () => {
    expect(await edn('[(keyword nil) (keyword "a") (name nil) (name :x/y)]')).toBe('[nil :a nil "y"]');
    expect((await error('(name 5)')).message).toBe('name takes a keyword, symbol or string, got 5');
    expect((await error('(nth [1 2] 9223372036854775807)')).message).toBe('nth: index 9223372036854775807 out of bounds (count 2)');
  });
});
