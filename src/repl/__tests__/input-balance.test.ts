/** When a typed entry is complete: Batuta forms balance; PRQL lines end without an open bracket or a trailing `|`. */
import { describe, expect, it } from 'vitest';
import { batutaEntryState, pipelineEntryState, textToEvaluate } from '../input-balance.js';

describe('batutaEntryState', () => {
  it.each([
    ['(+ 1 2)', 'complete'],
    ['(defn f [x]', 'incomplete'],
    ['(defn f [x]\n  (* x 2))', 'complete'],
    ['{:a [1 2', 'incomplete'],
    ['#{1 2}', 'complete'],
    ['#(+ % 1', 'incomplete'],
    ['(str "a)b"', 'incomplete'],
    ['(str "a)b")', 'complete'],
    ['(str "unterminated', 'incomplete'],
    ['(str "esc \\" still open)', 'incomplete'],
    ['(str "esc \\" closed")', 'complete'],
    ['(f 1) ; a comment with (', 'complete'],
    ['(f 1 ; ) is commented out', 'incomplete'],
    ['(list \\( 1)', 'complete'],
    ['', 'empty'],
    ['   \n  ; only a comment', 'empty'],
    ['42', 'complete'],
    [':tracks', 'complete'],
    ['(f 1))', 'complete'],
    ['(f 1]', 'complete'],
    ['(from :tracks) (limit', 'incomplete'],
  ])('%j is %s', (text, state) => {
    expect(batutaEntryState(text)).toBe(state);
  });
});

describe('pipelineEntryState (PRQL)', () => {
  it.each([
    ['from tracks | take 3', 'complete'],
    ['from tracks |', 'incomplete'],
    ['from tracks |   ', 'incomplete'],
    ['from tracks | # a comment', 'incomplete'],
    ['from tracks\nfilter x || y', 'complete'],
    ['from tracks ||', 'complete'],
    ['from tracks | select {name,', 'incomplete'],
    ['from tracks | select {name,\n composer}', 'complete'],
    ['from t | filter name == "a {"', 'complete'],
    ['from t | filter name == "open', 'incomplete'],
    ['from t | derive x = """multi\nline', 'incomplete'],
    ['from t | derive x = """multi\nline"""', 'complete'],
    ['from t | filter n == "|"', 'complete'],
    ['from t # | take (', 'complete'],
    ['', 'empty'],
    ['  # just a comment', 'empty'],
  ])('%j is %s', (text, state) => {
    expect(pipelineEntryState(text)).toBe(state);
  });

  it('blanks each line-ending pipe, keeping every offset', () => {
    const text = 'from tracks |\n  filter x || y |\n  take 3';
    const out = textToEvaluate('prql', text);
    expect(out).toBe('from tracks  \n  filter x || y  \n  take 3');
    expect(out.length).toBe(text.length);
    expect(textToEvaluate('prql', 'from t | filter n == "x |"')).toBe('from t | filter n == "x |"');
    expect(textToEvaluate('batuta', '(f |\n)')).toBe('(f |\n)');
  });
});
