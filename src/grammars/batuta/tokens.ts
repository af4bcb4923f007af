/**
 * Batuta's token types (Chevrotain): brackets, reader macros (quote,
 * syntax-quote, unquote, discard, function literal, set), and atoms. The
 * order of `allTokens` is the lexer's priority: the first pattern that
 * matches wins, so numbers come before symbols (`-7` is a number, `-` a symbol).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[\s,]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /;[^\n\r]*/, group: Lexer.SKIPPED });

export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'" });
export const HashBrace = createToken({ name: 'HashBrace', pattern: '#{', label: "'#{'" });
export const HashParen = createToken({ name: 'HashParen', pattern: '#(', label: "'#('" });
export const Discard = createToken({ name: 'Discard', pattern: '#_', label: "'#_'" });

export const Quote = createToken({ name: 'Quote', pattern: "'", label: 'quote' });
export const SyntaxQuote = createToken({ name: 'SyntaxQuote', pattern: '`', label: 'syntax-quote' });
export const UnquoteSplicing = createToken({ name: 'UnquoteSplicing', pattern: '~@', label: "'~@'" });
export const Unquote = createToken({ name: 'Unquote', pattern: '~', label: "'~'" });

/** `@2024-01-31`, `@2024-01-31T10:00`, `@2024-01-31T10:00:00.123`. */
export const TimestampLit = createToken({
  name: 'TimestampLit',
  pattern: /@\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z?)?/,
  label: 'a timestamp',
});
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\]|\\[\s\S])*"/, line_breaks: true, label: 'a string' });
/** Anything that starts like a number; the reader checks the exact shape (`1abc` is a read error, not 1 then abc). */
export const NumberLit = createToken({ name: 'NumberLit', pattern: /[+-]?\d(?:[eE][+-]|[0-9A-Za-z_.])*/, label: 'a number' });
export const KeywordLit = createToken({ name: 'KeywordLit', pattern: /:[^\s,()[\]{}"';`~@^\\\u0000-\u001f\u007f-\u009f]+/, label: 'a keyword' });
export const ParamLit = createToken({ name: 'ParamLit', pattern: /\$[A-Za-z0-9_-]+/, label: 'a parameter' });
// Control characters (NUL, ESC, …) are in no name: they are lexing errors, so no message or name carries them to a terminal.
export const SymbolLit = createToken({
  name: 'SymbolLit',
  pattern: /[^\s,()[\]{}"';`~@^\\#:$\d\u0000-\u001f\u007f-\u009f][^\s,()[\]{}"';`~@^\\\u0000-\u001f\u007f-\u009f]*/,
  label: 'a symbol',
});

export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  HashBrace,
  HashParen,
  Discard,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  UnquoteSplicing,
  Unquote,
  Quote,
  SyntaxQuote,
  TimestampLit,
  StringLit,
  NumberLit,
  KeywordLit,
  ParamLit,
  SymbolLit,
];
