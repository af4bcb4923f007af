/**
 * Makes text from the data safe to print on a terminal, as psql does with
 * non-printable characters: a value cannot move the cursor, retitle the
 * window (`ESC ] 0 ; … BEL`), clear the screen or break a table row.
 * Newline, carriage return and tab become `\n`, `\r`, `\t`; other C0 and C1
 * controls and DEL become `\xNN`; line/paragraph separators and bidi
 * overrides (which reorder what follows them) become `\uNNNN`. Everything
 * else, backslashes included, is shown as it is.
 */

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0 controls, DEL, C1 controls, U+2028/2029, and bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** `s` with every character that would act on a terminal replaced by a visible escape. */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, escapeOne);
}
