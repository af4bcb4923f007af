/**
 * The Batuta parser (Chevrotain CST parser with error recovery): text's
 * tokens → a concrete syntax tree of forms. Stray closing brackets are parsed
 * as `stray` nodes so the reader reports them and goes on, and the parser's
 * recovery lets one input report several errors.
 */
import { CstParser, type CstNode } from 'chevrotain';
import * as T from './tokens.js';

class BatutaParser extends CstParser {
  constructor() {
    super([...T.allTokens], { recoveryEnabled: true, maxLookahead: 1, nodeLocationTracking: 'full' });
    this.performSelfAnalysis();
  }

  /** program := (form | stray)* */
  program = this.RULE('program', () => {
    this.MANY(() => this.OR([{ ALT: () => this.SUBRULE(this.form) }, { ALT: () => this.SUBRULE(this.stray) }]));
  });

  /** stray := ')' | ']' | '}'   (an error the reader reports) */
  stray = this.RULE('stray', () => {
    this.OR([{ ALT: () => this.CONSUME(T.RParen) }, { ALT: () => this.CONSUME(T.RBracket) }, { ALT: () => this.CONSUME(T.RBrace) }]);
  });

  /** form := list | vector | map | set | fnLit | prefixed | atom */
  form = this.RULE('form', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.vector) },
      { ALT: () => this.SUBRULE(this.map) },
      { ALT: () => this.SUBRULE(this.set) },
      { ALT: () => this.SUBRULE(this.fnLit) },
      { ALT: () => this.SUBRULE(this.prefixed) },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  /** list := '(' form* ')' */
  list = this.RULE('list', () => {
    this.CONSUME(T.LParen);
    this.MANY(() => this.SUBRULE(this.form));
    this.CONSUME(T.RParen);
  });

  /** vector := '[' form* ']' */
  vector = this.RULE('vector', () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => this.SUBRULE(this.form));
    this.CONSUME(T.RBracket);
  });

  /** map := '{' form* '}'   (pairs checked by the reader) */
  map = this.RULE('map', () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.form));
    this.CONSUME(T.RBrace);
  });

  /** set := '#{' form* '}' */
  set = this.RULE('set', () => {
    this.CONSUME(T.HashBrace);
    this.MANY(() => this.SUBRULE(this.form));
    this.CONSUME(T.RBrace);
  });

  /** fnLit := '#(' form* ')' */
  fnLit = this.RULE('fnLit', () => {
    this.CONSUME(T.HashParen);
    this.MANY(() => this.SUBRULE(this.form));
    this.CONSUME(T.RParen);
  });

  /** prefixed := ("'" | '`' | '~' | '~@' | '#_') form */
  prefixed = this.RULE('prefixed', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Quote) },
      { ALT: () => this.CONSUME(T.SyntaxQuote) },
      { ALT: () => this.CONSUME(T.UnquoteSplicing) },
      { ALT: () => this.CONSUME(T.Unquote) },
      { ALT: () => this.CONSUME(T.Discard) },
    ]);
    this.SUBRULE(this.form);
  });

  /** atom := number | string | keyword | symbol | timestamp | param */
  atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.KeywordLit) },
      { ALT: () => this.CONSUME(T.SymbolLit) },
      { ALT: () => this.CONSUME(T.TimestampLit) },
      { ALT: () => this.CONSUME(T.ParamLit) },
    ]);
  });
}

/** The one parser instance (Chevrotain parsers are reused: set `input`, call a rule). */
export const batutaParser = new BatutaParser();

export type { CstNode };
