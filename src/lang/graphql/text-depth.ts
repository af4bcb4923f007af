/**
 * The nesting check on GraphQL request text, run before graphql-js parses it:
 * `{`, `(` and `[` nested deeper than MAX_GRAPHQL_NESTING are refused with
 * QUERY_TOO_DEEP at the bracket that passes the cap (line and column), so a
 * document like `{a{a{a…` 8,000 deep never reaches the recursive parser,
 * validator or lowering (which would overflow the stack). Strings, block
 * strings and comments are skipped: brackets inside them do not count.
 */
import { GraphQLError, Source } from 'graphql';

/** Deepest bracket nesting accepted in request text: far above real requests (selections are capped at 12 fields deep). */
export const MAX_GRAPHQL_NESTING = 64;

/** QUERY_TOO_DEEP located at the first bracket past `max`, or null when the text stays within it. */
export function checkTextDepth(text: string, max: number = MAX_GRAPHQL_NESTING): GraphQLError | null {
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        i += 3;
        while (i < n && !text.startsWith('"""', i)) i += text.startsWith('\\"""', i) ? 4 : 1;
        i += 3;
      } else {
        i++;
        while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
        i++;
      }
    } else if (c === 0x7b /* { */ || c === 0x28 /* ( */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        return new GraphQLError(`brackets are nested deeper than ${max} levels, the limit`, {
          source: new Source(text),
          positions: [i],
          extensions: { code: 'QUERY_TOO_DEEP' },
        });
      }
      i++;
    } else {
      if (c === 0x7d || c === 0x29 || c === 0x5d) depth = Math.max(depth - 1, 0);
      i++;
    }
  }
  return null;
}
