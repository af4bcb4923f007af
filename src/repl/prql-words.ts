/**
 * The PRQL words the REPL offers on Tab: transforms, keywords, and the
 * standard-library functions Pyralog's PRQL front end supports
 * (src/lang/prql/std-functions.ts), under the names users write.
 */
export const PRQL_WORDS: readonly string[] = [
  // transforms and keywords
  'aggregate', 'append', 'case', 'derive', 'false', 'filter', 'from', 'group', 'into', 'join', 'let', 'loop',
  'null', 'select', 'side:full', 'side:left', 'side:right', 'sort', 'take', 'this', 'that', 'true', 'window',
  'rows:', 'range:', 'expanding:true', 'rolling:', 'distinct',
  // functions
  'all', 'any', 'average', 'coalesce', 'concat_array', 'count', 'count_distinct', 'first', 'lag', 'last', 'lead',
  'max', 'min', 'rank', 'rank_dense', 'row_number', 'stddev', 'sum',
  'math.abs', 'math.ceil', 'math.degrees', 'math.exp', 'math.floor', 'math.ln', 'math.log', 'math.pi', 'math.pow',
  'math.radians', 'math.round', 'math.sqrt',
  'text.contains', 'text.ends_with', 'text.extract', 'text.length', 'text.lower', 'text.ltrim', 'text.replace',
  'text.rtrim', 'text.starts_with', 'text.trim', 'text.upper',
  'date.to_text',
];

/** The PRQL words that start with `prefix`. */
export function prqlCompletions(prefix: string): readonly string[] {
  return PRQL_WORDS.filter((w) => w.startsWith(prefix));
}
