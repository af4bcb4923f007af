/** The Batuta lexer: one Chevrotain lexer over `allTokens`, built once per process (it holds no per-text state). */
import { Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

export const batutaLexer = new Lexer([...allTokens], { positionTracking: 'full', ensureOptimizations: false });
