/**
 * Gives an import error pointing into a CSV file the text of the line it
 * points at, so `PyralogError.render()` can print the line with a caret under
 * the cell. Runs only on the error path; files above 256 MB are left alone.
 */
import * as fs from 'node:fs';
import { PyralogError } from '../../errors/pyralog-error.js';

const MAX_BYTES = 256 * 1024 * 1024;

/** `error` with source text holding line `spans[0].line` of `file` (other lines empty); unchanged when not applicable. */
export function attachLineExcerpt(error: PyralogError, file: string): PyralogError {
  const span = error.spans[0];
  if (span === undefined || span.source !== file || error.sourceText !== undefined) return error;
  try {
    if (fs.statSync(file).size > MAX_BYTES) return error;
    const text = fs.readFileSync(file, 'utf8');
    let start = 0;
    for (let l = 1; l < span.line; l++) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) return error;
      start = nl + 1;
    }
    const end = text.indexOf('\n', start);
    let line = text.slice(start, end === -1 ? text.length : end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (start === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    // renderCaret picks line N of the source text: pad with N-1 empty lines.
    return error.withSource('\n'.repeat(span.line - 1) + line);
  } catch {
    return error;
  }
}
