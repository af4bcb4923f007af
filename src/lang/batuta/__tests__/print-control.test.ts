import { describe, expect, it } from 'vitest';
import { edn } from './eval-helpers.js';

// A value printed as EDN (the REPL's and the CLI's output) must not carry
// characters that act on a terminal: a keyword or symbol made at run time
// from data, or a string with C1 controls or bidi overrides, prints them as
// visible escapes. println and str still give the text as it is.
describe('printing values with control characters', () => {
  it('escapes controls in keywords and symbols made from strings', async () => {
    expect(await edn('[(keyword "a\\u001b]0;x\\u0007b") (symbol "x\\ny")]')).toBe('[:a\\x1b]0;x\\x07b x\\ny]');
  });

  it('escapes DEL, C1 controls and bidi overrides in strings, readably', async () => {
    expect(await edn('"a\\u007fb\\u009bc\\u202ed"')).toBe('"a\\u007fb\\u009bc\\u202ed"');
    expect(await edn('(= "a\\u009bc" (str "a" (subs "\\u009b" 0 1) "c"))')).toBe('true');
  });

  it('str and println keep the characters', async () => {
    expect(await edn('(count (str (keyword "a\\u001bb")))')).toBe('4');
  });
});
